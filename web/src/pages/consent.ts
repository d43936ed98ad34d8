// Consent, asked once: a person who joined by link reads the privacy notice and agrees to take
// part and to how their information is shared before they see anything of the meeting; later
// they may stop taking part, which ends their link at once. Staff read where each person stands.
// The notice is the server's plain text, shown as text nodes, one paragraph per line.

import { api, ApiError, type Consent, type OwnConsent, type Participant, type PrivacyNotice } from '../api'
import { h, replaceChildren } from '../dom'
import { frame } from '../layout'
import { ErrorSummary, button, checkbox, textInput, type FieldError } from '../components/forms'
import { navigate } from '../router'
import type { MeetingContext } from './common'

/** The notice as paragraphs: one for each line of its text. */
export function noticeParagraphs(notice: PrivacyNotice): HTMLElement[] {
  return notice.body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => h('p', { class: 'govuk-body' }, line))
}

/** A date in words, for example "5 December 2026". */
function day(iso: string | null): string {
  if (!iso) return 'an unknown date'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
}

/** Where a person stands on consent, in words, for staff: "Given on 5 December 2026 (notice version 1)". */
export function consentWords(consent: Consent): string {
  switch (consent.state) {
    case 'given':
      return `Given on ${day(consent.given_at)}${consent.notice_version !== null ? ` (notice version ${consent.notice_version})` : ''}`
    case 'withdrawn':
      return `Withdrawn on ${day(consent.withdrawn_at)}`
    default:
      return 'Not yet'
  }
}

/** A line on a person's card for staff; null when the server sent no consent for them. */
export function consentLine(person: Participant): HTMLElement | null {
  const consent = person.consent
  if (!consent) return null
  return h(
    'p',
    { class: 'govuk-body kp-consent', 'data-testid': 'consent', 'data-state': consent.state },
    h('strong', null, 'Consent: '),
    consentWords(consent),
    consent.supported_by ? `, supported by ${consent.supported_by}` : null,
  )
}

/**
 * Whether `context`'s person must still agree before seeing the meeting: a person who joined by
 * link and has not yet agreed. Staff are never asked here.
 */
export function mustAskConsent(context: MeetingContext): boolean {
  return context.session.kind === 'participant' && context.me?.consent?.state === 'not_yet'
}

/**
 * The page that asks for consent. Once the person agrees, the page they were opening is drawn
 * again, now with their consent given.
 */
export async function consentPage(context: MeetingContext): Promise<void> {
  const { session, meeting, me } = context
  const main = frame({ title: 'Before you join the meeting', session, family: true })
  let own: OwnConsent
  try {
    own = await api.consent(meeting.id)
  } catch (error) {
    replaceChildren(main, h('h1', { class: 'govuk-heading-l' }, 'Before you join the meeting'), h('p', { class: 'govuk-body' }, (error as Error).message))
    return
  }
  if (own.consent.state !== 'not_yet') {
    navigate(window.location.pathname + window.location.search, { replace: true })
    return
  }
  const isChild = me?.kind === 'child'

  function draw(notice: PrivacyNotice, problems: FieldError[] = []): void {
    const errors = new ErrorSummary()
    const takesPart = checkbox({ label: 'I agree to take part in this meeting', name: 'takes_part' })
    const sharesInformation = checkbox({ label: 'I agree to how my information is shared, as above', name: 'shares_information' })
    const supporter = isChild
      ? textInput({
          label: 'Who helped you decide? (optional)',
          hint: 'For example, your advocate, a teacher or someone in your family.',
          name: 'supported_by',
          autocomplete: 'off',
        })
      : null
    const agree = button('Agree and continue', { type: 'submit' })

    async function submit(event: Event): Promise<void> {
      event.preventDefault()
      const missing: FieldError[] = []
      if (!takesPart.control.checked) missing.push({ control: takesPart.control, message: 'Tick the box to agree to take part in this meeting' })
      if (!sharesInformation.control.checked)
        missing.push({ control: sharesInformation.control, message: 'Tick the box to agree to how your information is shared' })
      if (missing.length > 0) {
        errors.show(missing)
        return
      }
      errors.clear()
      agree.disabled = true
      try {
        const supportedBy = supporter?.control.value.trim() || null
        await api.giveConsent(meeting.id, notice.version, supportedBy)
        navigate(window.location.pathname + window.location.search, { replace: true })
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          // The notice changed while the person read it: show the new one to read and agree to.
          const message = error.message
          try {
            const fresh = await api.consent(meeting.id)
            draw(fresh.notice, [{ message }])
          } catch (again) {
            errors.show([{ message }, { message: (again as Error).message }])
          }
          return
        }
        errors.show([{ message: (error as Error).message }])
      } finally {
        agree.disabled = false
      }
    }

    replaceChildren(
      main,
      h(
        'div',
        { class: 'govuk-grid-row' },
        h(
          'div',
          { class: 'govuk-grid-column-two-thirds' },
          errors.element,
          h('span', { class: 'govuk-caption-l' }, meeting.title),
          h('h1', { class: 'govuk-heading-l' }, 'Before you join the meeting'),
          h('p', { class: 'govuk-body-l' }, 'Please read how we use your information. Then tell us if you agree.'),
          h(
            'section',
            { class: 'kp-privacy-notice', 'aria-labelledby': 'notice-heading', 'data-notice-version': String(notice.version) },
            h('h2', { class: 'govuk-heading-m', id: 'notice-heading' }, 'How we use your information'),
            noticeParagraphs(notice),
          ),
          h(
            'form',
            { novalidate: true, onsubmit: (event: Event) => void submit(event) },
            h('h2', { class: 'govuk-heading-m' }, 'Do you agree?'),
            h('p', { class: 'govuk-body' }, 'You need to agree to both to join the meeting.'),
            h('div', { class: 'govuk-form-group' }, takesPart.group),
            h('div', { class: 'govuk-form-group' }, sharesInformation.group),
            supporter ? supporter.group : null,
            agree,
          ),
        ),
      ),
    )
    if (problems.length > 0) errors.show(problems)
  }

  draw(own.notice)
}

/**
 * The "Stop taking part" section on a participant's own entry: a warning, a button that asks
 * to be sure, then withdrawal. The server ends their link and session at once, so what follows
 * is a page that needs nothing more from it.
 */
export function stopTakingPart(meetingId: string): HTMLElement {
  const errors = new ErrorSummary()
  const confirmation = h('div', { class: 'kp-confirm-stop', hidden: true })
  const start = button('Stop taking part', {
    kind: 'warning',
    onClick: () => {
      start.hidden = true
      confirmation.hidden = false
      yes.focus()
    },
  })
  const yes = button('Yes, stop taking part', {
    kind: 'warning',
    onClick: async () => {
      yes.disabled = true
      try {
        await api.withdrawConsent(meetingId)
        navigate('/stopped', { replace: true })
      } catch (error) {
        yes.disabled = false
        errors.show([{ message: (error as Error).message }])
      }
    },
  })
  const no = button('No, keep taking part', {
    kind: 'secondary',
    onClick: () => {
      confirmation.hidden = true
      start.hidden = false
      errors.clear()
      start.focus()
    },
  })
  replaceChildren(
    confirmation,
    h('p', { class: 'govuk-body', id: 'stop-question' }, 'Are you sure you want to stop taking part? Your link will stop working straight away.'),
    h('div', { class: 'govuk-button-group' }, yes, no),
  )
  return h(
    'section',
    { class: 'kp-stop-taking-part', 'aria-labelledby': 'stop-heading' },
    h('h4', { class: 'govuk-heading-s', id: 'stop-heading' }, 'Stop taking part'),
    errors.element,
    h(
      'div',
      { class: 'govuk-warning-text' },
      h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h(
        'strong',
        { class: 'govuk-warning-text__text' },
        h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
        'If you stop taking part, your link will stop working and you will leave the meeting. To take part again, the coordinator must invite you again.',
      ),
    ),
    start,
    confirmation,
  )
}
