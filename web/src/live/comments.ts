// Practitioners' comments on the plan (the comments document, Y.Array "comments" of Y.Maps):
// practitioners and the facilitator write them; the family reads them.

import * as Y from 'yjs'
import { h, replaceChildren, uniqueId } from '../dom'
import { dateTime } from '../format'
import { COMMENTS, SECTIONS, sectionTitle } from '../plan-schema'
import { ErrorSummary, button, select, textArea } from '../components/forms'
import type { LiveDocument } from './document'
import { newId } from './ids'

export interface CommentsPanel {
  element: HTMLElement
  destroy(): void
}

export function commentsPanel(live: LiveDocument, authorName: string): CommentsPanel {
  const comments = live.doc.getArray<Y.Map<unknown>>(COMMENTS)
  const headingId = uniqueId('comments-heading')
  const list = h('ul', { class: 'govuk-list kp-comments__list' })
  const empty = h('p', { class: 'govuk-body' }, 'No comments yet.')
  const refused = h('p', { class: 'govuk-body' })
  const errors = new ErrorSummary()
  const section = select({
    label: 'Which part of the plan is it about?',
    options: [{ value: '', label: 'The whole plan' }, ...SECTIONS.map((item) => ({ value: item.name, label: item.title }))],
  })
  const words = textArea({ label: 'Your comment', hint: 'Say what you think in plain English. The family will read it.', rows: 3 })
  const form = h(
    'form',
    {
      class: 'kp-comments__form',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault()
        const text = words.control.value.trim()
        if (!text) {
          errors.show([{ control: words.control, message: 'Enter your comment' }])
          return
        }
        errors.clear()
        const map = new Y.Map<unknown>()
        map.set('id', newId())
        map.set('author', authorName)
        map.set('section', section.control.value)
        map.set('text', text)
        map.set('created_at', new Date().toISOString())
        comments.push([map])
        words.control.value = ''
      },
    },
    errors.element,
    section.group,
    words.group,
    button('Add comment', { type: 'submit', kind: 'secondary' }),
  )
  const element = h(
    'section',
    { class: 'kp-section kp-comments', 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, 'Comments from practitioners'),
    refused,
    list,
    empty,
    form,
  )
  const field = (map: Y.Map<unknown>, key: string) => {
    const value = map.get(key)
    return typeof value === 'string' ? value : ''
  }
  function draw(): void {
    const items = comments.toArray().filter((map) => map instanceof Y.Map)
    replaceChildren(
      list,
      items.map((map) => {
        const about = field(map, 'section')
        return h(
          'li',
          { class: 'kp-comment' },
          h(
            'p',
            { class: 'govuk-body-s kp-comment__meta' },
            h('strong', null, field(map, 'author') || 'A practitioner'),
            ` on ${about ? sectionTitle(about) : 'the whole plan'}`,
            field(map, 'created_at') ? `, ${dateTime(field(map, 'created_at'))}` : '',
          ),
          h('p', { class: 'govuk-body kp-comment__text' }, field(map, 'text')),
        )
      }),
    )
    empty.hidden = items.length > 0
    form.hidden = !live.canEdit
    refused.hidden = live.state.status !== 'refused'
    refused.textContent = live.state.message ?? ''
  }
  const observer = () => draw()
  comments.observeDeep(observer)
  const stop = live.onChange(() => draw())
  return {
    element,
    destroy() {
      comments.unobserveDeep(observer)
      stop()
    },
  }
}
