// Joining by link, mobile first: the secret comes after # (never sent to the server in the URL),
// the person confirms their name, enters the six-digit code if the link has one, and is in.

import { api, ApiError, sessionOrNull, type JoinPreview } from '../api'
import { h, replaceChildren } from '../dom'
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
    h('h1', { class: 'govuk-heading-l' }, 'This link does not work'),
    problem(message),
    h('p', { class: 'govuk-body' }, 'Ask the person who sent you the link for a new one.'),
  )
}

export async function joinPage(): Promise<void> {
  const secret = takeSecret()
  const main = frame({ title: 'Join the meeting', session: null, family: true })
  if (!secret) {
    const existing = await sessionOrNull().catch(() => null)
    if (existing?.kind === 'participant') {
      navigate(`/meetings/${existing.meeting_id}`, { replace: true })
      return
    }
    linkProblem(main, 'The link is not complete. Open the whole link you were sent.')
    return
  }
  let preview: JoinPreview
  try {
    preview = await api.joinPreview(secret)
  } catch (error) {
    const message = error instanceof ApiError && error.status === 404 ? 'We could not find this link.' : (error as Error).message
    linkProblem(main, message)
    return
  }

  const errors = new ErrorSummary()
  const code = textInput({
    label: 'Access code',
    hint: 'The six numbers you were given, for example by phone.',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    width: '10',
    name: 'access_code',
    spellcheck: false,
  })
  const submit = button(preview.needs_access_code ? 'Join the meeting' : 'Yes, this is me – join the meeting', { type: 'submit' })

  async function join(event: Event): Promise<void> {
    event.preventDefault()
    const entered = code.control.value.replace(/\s+/g, '')
    if (preview.needs_access_code && !/^\d{6}$/.test(entered)) {
      errors.show([{ control: code.control, message: entered ? 'The access code is six numbers' : 'Enter the access code you were given' }])
      return
    }
    submit.disabled = true
    try {
      const session = await api.join(secret, preview.needs_access_code ? entered : undefined)
      sessionStorage.removeItem(STORED_SECRET)
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
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, name ? `I am not ${name}` : 'This link is not mine')),
    h('div', { class: 'govuk-details__text' }, 'Do not use this link. Tell the person who sent it to you, so they can turn it off.'),
  )

  replaceChildren(
    main,
    errors.element,
    preview.meeting_title ? h('span', { class: 'govuk-caption-l' }, preview.meeting_title) : null,
    h('h1', { class: 'govuk-heading-l', 'data-testid': 'join-heading' }, name ? `Are you ${name}?` : 'Join the family meeting'),
    h('p', { class: 'govuk-body' }, 'This link is just for you. It lets you see and write the family plan with everyone else in the meeting.'),
    h(
      'form',
      { novalidate: true, onsubmit: (event: Event) => void join(event) },
      preview.needs_access_code
        ? [h('p', { class: 'govuk-body' }, name ? `If you are ${name}, enter your access code.` : 'Enter the six-digit access code you were given with this link.'), code.group]
        : null,
      submit,
    ),
    notMe,
  )
}
