// Small pages: the start page that sends people where they belong, "you have left", "you have stopped taking part", and "not found".

import { sessionOrNull } from '../api'
import { h } from '../dom'
import { frame } from '../layout'
import { navigate } from '../router'

export async function homePage(): Promise<void> {
  const session = await sessionOrNull().catch(() => null)
  if (!session) navigate('/sign-in', { replace: true })
  else if (session.kind === 'staff') navigate('/dashboard', { replace: true })
  else navigate(`/meetings/${session.meeting_id}`, { replace: true })
}

export function leftPage(): void {
  const main = frame({ title: 'You have left the meeting', session: null, family: true })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, 'You have left the meeting'),
    h('p', { class: 'govuk-body' }, 'Nothing about the meeting is kept on this device any more.'),
    h('p', { class: 'govuk-body' }, 'To come back, open the link you were sent again.'),
  )
}

/** After someone stops taking part: their link and session have ended, so this asks nothing of the server. */
export function stoppedPage(): void {
  const main = frame({ title: 'You have stopped taking part', session: null, family: true })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, 'You have stopped taking part'),
    h('p', { class: 'govuk-body' }, 'Your link no longer works.'),
    h('p', { class: 'govuk-body' }, 'If this was a mistake, ask your coordinator to invite you again.'),
  )
}

export function notFoundPage(): void {
  const main = frame({ title: 'Page not found', session: null })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, 'Page not found'),
    h('p', { class: 'govuk-body' }, 'If you typed the web address, check it is correct.'),
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/' }, 'Go to the start')),
  )
}
