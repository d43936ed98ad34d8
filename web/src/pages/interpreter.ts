// Interpreters. An interpreter says, once, before anything of the meeting, that they have no
// connection to the family (the server opens no document for them until they have); they read the
// plan, write nothing in it, and keep a glossary note of their own. The family sees its
// interpreters and asks one to stay for private time, or to leave it. The facilitator records who
// needs an interpreter, and in which language.

import { api, type Participant } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { t } from '../i18n'
import { frame } from '../layout'
import { button, checkbox, ErrorSummary, problem } from '../components/forms'
import { LiveDocument } from '../live/document'
import { sectionEditor } from '../live/section-editor'
import { FAMILY_TIME_FRAGMENT } from '../plan-schema'
import { redraw } from '../router'
import type { MeetingContext } from './common'

/** Whether the person is an interpreter who has yet to say they have no connection to the family. */
export function mustDeclare(context: MeetingContext): boolean {
  return context.session.kind === 'participant' && context.me?.kind === 'interpreter' && context.me.declared_no_connection === false
}

/** The interpreter's declaration, asked once before anything of the meeting. */
export function declarationPage(context: MeetingContext): void {
  const main = frame({ title: t('interpreter-declare-title'), session: context.session, family: true })
  const errors = new ErrorSummary()
  const box = checkbox({ label: t('interpreter-declare-box'), name: 'no_connection' })
  const failure = h('div', { 'aria-live': 'polite' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!box.control.checked) {
          errors.show([{ control: box.control, message: t('interpreter-declare-missing') }])
          return
        }
        errors.clear()
        try {
          await api.declareNoConnection(context.meeting.id)
          redraw()
        } catch (error) {
          replaceChildren(failure, problem((error as Error).message))
        }
      },
    },
    h('div', { class: 'govuk-form-group' }, box.group),
    button(t('interpreter-declare-continue'), { type: 'submit' }),
  )
  main.append(
    errors.element,
    h('h1', { class: 'govuk-heading-l' }, t('interpreter-declare-title')),
    h('p', { class: 'govuk-body' }, t('interpreter-declare-why')),
    h('div', { class: 'govuk-inset-text' }, t('interpreter-declare-if-connected')),
    failure,
    form,
  )
}

/** The interpreter's own glossary note: words and phrases, for them alone. */
export function glossaryPanel(meetingId: string, me: Participant, user: { name: string; color: string }) {
  const live = new LiveDocument(meetingId, 'glossary', `meeting/${meetingId}/glossary/${me.id}`, user)
  const headingId = uniqueId('glossary')
  const hintId = `${headingId}-hint`
  const editor = sectionEditor(live, FAMILY_TIME_FRAGMENT, user, { labelledBy: headingId, describedBy: hintId })
  const stop = live.onChange(() => editor.setEditable(live.canEdit))
  const element = h(
    'section',
    { class: 'kp-section kp-glossary', 'data-testid': 'glossary', 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, t('interpreter-glossary-title')),
    h('p', { class: 'govuk-hint', id: hintId }, t('interpreter-glossary-hint')),
    editor.element,
  )
  void live.start()
  return {
    element,
    destroy: () => {
      stop()
      editor.destroy()
      live.destroy()
    },
  }
}

/**
 * For the family: the meeting's interpreters, and whether each stays for private time, with a
 * button to ask them to stay or to leave. Null when the meeting has no interpreter.
 */
export function interpretersForTheFamily(context: MeetingContext): HTMLElement | null {
  const interpreters = context.people.filter((person) => person.kind === 'interpreter')
  if (interpreters.length === 0) return null
  const list = h('ul', { class: 'govuk-list' })
  const status = h('div', { 'aria-live': 'polite' })
  const draw = () => {
    replaceChildren(
      list,
      ...interpreters.map((person) => {
        const staying = person.in_family_time === true
        const ask = button(
          staying ? t('interpreter-ask-leave', { name: person.display_name }) : t('interpreter-ask-stay', { name: person.display_name }),
          {
            kind: 'secondary',
            inline: true,
            onClick: async () => {
              ask.disabled = true
              try {
                await api.askIntoFamilyTime(context.meeting.id, person.id, !staying)
                person.in_family_time = !staying
                replaceChildren(status, h('p', { class: 'govuk-body' }, !staying ? t('interpreter-asked-stay', { name: person.display_name }) : t('interpreter-asked-leave', { name: person.display_name })))
                draw()
              } catch (error) {
                replaceChildren(status, problem((error as Error).message))
                ask.disabled = false
              }
            },
          },
        )
        return h(
          'li',
          { 'data-testid': 'interpreter' },
          h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, h('bdi', null, person.display_name), ': ', staying ? t('interpreter-stays') : t('interpreter-leaves')),
          ask,
        )
      }),
    )
  }
  draw()
  return h(
    'section',
    { class: 'kp-interpreters', 'data-testid': 'interpreters' },
    h('h2', { class: 'govuk-heading-s' }, t('interpreter-family-title')),
    h('p', { class: 'govuk-body-s' }, t('interpreter-family-hint')),
    list,
    status,
  )
}
