// Consent, asked once: a person who joined by link reads the privacy notice and agrees to take
// part and to how their information is shared before they see anything of the meeting; later
// they may stop taking part, which ends their link at once. Staff read where each person stands.
// The notice is the server's plain text, shown as text nodes, one paragraph per line.

import { api, ApiError, type Consent, type OwnConsent, type Participant, type PrivacyNotice } from '../api'
import { h, replaceChildren } from '../dom'
import { momentDayArg, t } from '../i18n'
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
    // The council's words may be in another language than the page's: each runs its own way.
    .map((line) => h('p', { class: 'govuk-body', dir: 'auto' }, line))
}

/** Where a person stands on consent, in words, for staff: "Given on 5 December 2026 (notice version 1)". */
export function consentWords(consent: Consent): string {
  switch (consent.state) {
    case 'given':
      return consent.notice_version !== null
        ? t('staff-consent-given-version', { when: momentDayArg(consent.given_at), version: consent.notice_version })
        : t('staff-consent-given', { when: momentDayArg(consent.given_at) })
    case 'withdrawn':
      return t('staff-consent-withdrawn', { when: momentDayArg(consent.withdrawn_at) })
    default:
      return t('staff-consent-not-yet')
  }
}

/** A line on a person's card for staff; null when the server sent no consent for them. */
export function consentLine(person: Participant): HTMLElement | null {
  const consent = person.consent
  if (!consent) return null
  return h(
    'p',
    { class: 'govuk-body kp-consent', 'data-testid': 'consent', 'data-state': consent.state },
    h('strong', null, t('staff-consent-label'), ' '),
    consentWords(consent),
    consent.supported_by ? t('staff-consent-supported-by', { name: consent.supported_by }) : null,
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
  const main = frame({ title: t('consent-title'), session, family: true })
  let own: OwnConsent
  try {
    own = await api.consent(meeting.id)
  } catch (error) {
    replaceChildren(main, h('h1', { class: 'govuk-heading-l' }, t('consent-title')), h('p', { class: 'govuk-body' }, (error as Error).message))
    return
  }
  if (own.consent.state !== 'not_yet') {
    navigate(window.location.pathname + window.location.search, { replace: true })
    return
  }
  const isChild = me?.kind === 'child'

  function draw(notice: PrivacyNotice, problems: FieldError[] = []): void {
    const errors = new ErrorSummary()
    const takesPart = checkbox({ label: t('consent-takes-part'), name: 'takes_part' })
    const sharesInformation = checkbox({ label: t('consent-shares-information'), name: 'shares_information' })
    const supporter = isChild
      ? textInput({
          label: t('consent-supporter'),
          hint: t('consent-supporter-hint'),
          name: 'supported_by',
          autocomplete: 'off',
        })
      : null
    const agree = button(t('consent-agree'), { type: 'submit' })

    async function submit(event: Event): Promise<void> {
      event.preventDefault()
      const missing: FieldError[] = []
      if (!takesPart.control.checked) missing.push({ control: takesPart.control, message: t('consent-error-takes-part') })
      if (!sharesInformation.control.checked) missing.push({ control: sharesInformation.control, message: t('consent-error-shares-information') })
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
          h('h1', { class: 'govuk-heading-l' }, t('consent-title')),
          h('p', { class: 'govuk-body-l' }, t('consent-intro')),
          h(
            'section',
            { class: 'kp-privacy-notice', 'aria-labelledby': 'notice-heading', 'data-notice-version': String(notice.version) },
            h('h2', { class: 'govuk-heading-m', id: 'notice-heading' }, t('consent-notice-heading')),
            noticeParagraphs(notice),
          ),
          h(
            'form',
            { novalidate: true, onsubmit: (event: Event) => void submit(event) },
            h('h2', { class: 'govuk-heading-m' }, t('consent-do-you-agree')),
            h('p', { class: 'govuk-body' }, t('consent-agree-to-both')),
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
  const start = button(t('stop-button'), {
    kind: 'warning',
    onClick: () => {
      start.hidden = true
      confirmation.hidden = false
      yes.focus()
    },
  })
  const yes = button(t('stop-yes'), {
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
  const no = button(t('stop-no'), {
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
    h('p', { class: 'govuk-body', id: 'stop-question' }, t('stop-are-you-sure')),
    h('div', { class: 'govuk-button-group' }, yes, no),
  )
  return h(
    'section',
    { class: 'kp-stop-taking-part', 'aria-labelledby': 'stop-heading' },
    h('h4', { class: 'govuk-heading-s', id: 'stop-heading' }, t('stop-heading')),
    errors.element,
    h(
      'div',
      { class: 'govuk-warning-text' },
      h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h(
        'strong',
        { class: 'govuk-warning-text__text' },
        h('span', { class: 'govuk-visually-hidden' }, t('warning-prefix')),
        ' ',
        t('stop-warning'),
      ),
    ),
    start,
    confirmation,
  )
}
