// Practitioners' comments on the plan (the comments document, Y.Array "comments" of Y.Maps):
// practitioners and the facilitator write them; the family reads them.

import * as Y from 'yjs'
import { h, replaceChildren, uniqueId } from '../dom'
import { PLACE, around, languageAttributes, momentArg, pageLanguage, type Translator } from '../i18n'
import { COMMENTS, SECTIONS, sectionTitle } from '../plan-schema'
import { ErrorSummary, button, select, textArea } from '../components/forms'
import type { LiveDocument } from './document'
import { newId } from './ids'

/** "Sam on Strengths, 5 December 2026 at 14:03", with the author's name in bold. */
function commentMeta(shown: Translator, author: string, about: string, createdAt: string): (HTMLElement | string)[] {
  const name = author || shown.t('comments-a-practitioner')
  const on = about ? sectionTitle(about, shown) : shown.t('comments-the-whole-plan')
  const words = createdAt
    ? shown.t('comments-meta-when', { author: PLACE, about: on, when: momentArg(createdAt) })
    : shown.t('comments-meta', { author: PLACE, about: on })
  return around(words, h('strong', null, name))
}

export interface CommentsPanel {
  element: HTMLElement
  destroy(): void
}

/**
 * The comments; `shown` is the language of what the family reads (the page's unless given), while
 * the form for writing one is in the page's language.
 */
export function commentsPanel(live: LiveDocument, authorName: string, shown: Translator = pageLanguage()): CommentsPanel {
  const page = pageLanguage()
  const comments = live.doc.getArray<Y.Map<unknown>>(COMMENTS)
  const headingId = uniqueId('comments-heading')
  const list = h('ul', { class: 'govuk-list kp-comments__list' })
  const empty = h('p', { class: 'govuk-body' }, shown.t('comments-none-yet'))
  const refused = h('p', { class: 'govuk-body' })
  const errors = new ErrorSummary()
  const section = select({
    label: page.t('staff-comments-about'),
    options: [{ value: '', label: page.t('staff-comments-whole-plan') }, ...SECTIONS.map((item) => ({ value: item.name, label: sectionTitle(item.name, page) }))],
  })
  const words = textArea({ label: page.t('staff-comments-yours'), hint: page.t('staff-comments-yours-hint'), rows: 3 })
  const form = h(
    'form',
    {
      ...(shown === page ? {} : languageAttributes(page)),
      class: 'kp-comments__form',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault()
        const text = words.control.value.trim()
        if (!text) {
          errors.show([{ control: words.control, message: page.t('staff-comments-error-empty') }])
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
    button(page.t('staff-comments-add'), { type: 'submit', kind: 'secondary' }),
  )
  const element = h(
    'section',
    { class: 'kp-section kp-comments', 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, shown.t('comments-heading')),
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
          h('p', { class: 'govuk-body-s kp-comment__meta' }, ...commentMeta(shown, field(map, 'author'), about, field(map, 'created_at'))),
          h('p', { class: 'govuk-body kp-comment__text', dir: 'auto' }, field(map, 'text')),
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
