// Joining by link, mobile first: the secret comes after # (never sent to the server in the URL),
// the person confirms their name, enters the six-digit code if the link has one, and is in.

import { api, ApiError, sessionOrNull, type JoinPreview } from '../api'
import { h, replaceChildren } from '../dom'
import { chosenBeforeJoining, languageBeforeJoining, t, usePageLanguage, westernDigits } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, button, problem, textInput } from '../components/forms'
import { navigate } from '../router'

const STORED_SECRET = 'kinplan-join-secret'

/** The secret from the address, moved out of sight (and kept for this tab only, for a reload). */
function takeSecret(): string {
  const fromHash = window.location.hash.replace(/^#/, '').trim()
  if (fromHash) {
    sessionStorage.setItem(STORED_SECRET, fromHash)
    window.history.replaceState(null, '', '/join')
    return fromHash
  }
  return sessionStorage.getItem(STORED_SECRET) ?? ''
}

function linkProblem(main: HTMLElement, message: string): void {
  replaceChildren(
    main,
    h('h1', { class: 'govuk-heading-l' }, t('join-link-broken-title')),
    problem(message),
    h('p', { class: 'govuk-body' }, t('join-link-broken-ask')),
  )
}

export async function joinPage(): Promise<void> {
  const secret = takeSecret()
  // Nobody is known yet: the language chosen here, else the browser's, among those offered.
  await usePageLanguage(await languageBeforeJoining())
  const main = frame({ title: t('join-title'), session: null, family: true })
  if (!secret) {
    const existing = await sessionOrNull().catch(() => null)
    if (existing?.kind === 'participant') {
      navigate(`/meetings/${existing.meeting_id}`, { replace: true })
      return
    }
    linkProblem(main, t('join-link-incomplete'))
    return
  }
  let preview: JoinPreview
  try {
    preview = await api.joinPreview(secret)
  } catch (error) {
    const message = error instanceof ApiError && error.status === 404 ? t('join-link-not-found') : (error as Error).message
    linkProblem(main, message)
    return
  }

  const errors = new ErrorSummary()
  const code = textInput({
    label: t('join-access-code'),
    hint: t('join-access-code-hint'),
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    width: '10',
    name: 'access_code',
    spellcheck: false,
  })
  code.control.dir = 'ltr'
  const submit = button(preview.needs_access_code ? t('join-button') : t('join-button-this-is-me'), { type: 'submit' })

  async function join(event: Event): Promise<void> {
    event.preventDefault()
    // Digits typed on an Arabic keyboard count as the same numbers.
    const entered = westernDigits(code.control.value.replace(/\s+/g, ''))
    if (preview.needs_access_code && !/^\d{6}$/.test(entered)) {
      errors.show([{ control: code.control, message: entered ? t('join-error-code-six-numbers') : t('join-error-enter-code') }])
      return
    }
    submit.disabled = true
    try {
      const session = await api.join(secret, preview.needs_access_code ? entered : undefined)
      sessionStorage.removeItem(STORED_SECRET)
      // A language chosen on this page is kept on the person's link from now on.
      const chosen = chosenBeforeJoining()
      if (chosen) await api.setSessionLanguage(chosen).catch(() => undefined)
      navigate(`/meetings/${session.meeting_id}`, { replace: true })
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) {
        sessionStorage.removeItem(STORED_SECRET)
        linkProblem(main, error.message)
        return
      }
      errors.show([{ control: preview.needs_access_code ? code.control : undefined, message: (error as Error).message }])
    } finally {
      submit.disabled = false
    }
  }

  // A link with an access code shows nothing of the meeting, not even whose link it is, until
  // the code is given: the server sends no names before then.
  const name = preview.display_name
  const notMe = h(
    'details',
    { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, name ? t('join-not-me', { name }) : t('join-not-mine'))),
    h('div', { class: 'govuk-details__text' }, t('join-not-me-advice')),
  )

  replaceChildren(
    main,
    errors.element,
    preview.meeting_title ? h('span', { class: 'govuk-caption-l' }, preview.meeting_title) : null,
    h('h1', { class: 'govuk-heading-l', 'data-testid': 'join-heading' }, name ? t('join-are-you', { name }) : t('join-heading')),
    h('p', { class: 'govuk-body' }, t('join-just-for-you')),
    h(
      'form',
      { novalidate: true, onsubmit: (event: Event) => void join(event) },
      preview.needs_access_code
        ? [h('p', { class: 'govuk-body' }, name ? t('join-if-you-are', { name }) : t('join-enter-code')), code.group]
        : null,
      submit,
    ),
    notMe,
  )
}
