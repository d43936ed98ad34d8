// Small pages: the start page that sends people where they belong, "you have left", "you have stopped taking part", and "not found".

import { sessionOrNull } from '../api'
import { h } from '../dom'
import { keepPageLanguage, t } from '../i18n'
import { frame } from '../layout'
import { navigate } from '../router'

export async function homePage(): Promise<void> {
  const session = await sessionOrNull().catch(() => null)
  if (!session) navigate('/sign-in', { replace: true })
  else if (session.kind === 'staff') navigate('/dashboard', { replace: true })
  else navigate(`/meetings/${session.meeting_id}`, { replace: true })
}

export async function leftPage(): Promise<void> {
  await keepPageLanguage()
  const main = frame({ title: t('left-title'), session: null, family: true })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, t('left-title')),
    h('p', { class: 'govuk-body' }, t('left-nothing-kept')),
    h('p', { class: 'govuk-body' }, t('left-come-back')),
  )
}

/** After someone stops taking part: their link and session have ended, so this asks nothing of the server. */
export async function stoppedPage(): Promise<void> {
  await keepPageLanguage()
  const main = frame({ title: t('stopped-title'), session: null, family: true })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, t('stopped-title')),
    h('p', { class: 'govuk-body' }, t('stopped-link-ended')),
    h('p', { class: 'govuk-body' }, t('stopped-mistake')),
  )
}

export async function notFoundPage(): Promise<void> {
  await keepPageLanguage()
  const main = frame({ title: t('not-found-title'), session: null })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, t('not-found-title')),
    h('p', { class: 'govuk-body' }, t('not-found-check-address')),
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/' }, t('not-found-start'))),
  )
}

/**
 * The accessibility statement the Public Sector Bodies Accessibility Regulations 2018 ask for,
 * linked from every page's footer; needs no sign-in, and shows in the page's language.
 */
export async function accessibilityPage(): Promise<void> {
  await keepPageLanguage()
  const session = await sessionOrNull().catch(() => null)
  const main = frame({ title: t('accessibility-title'), session, family: session?.kind !== 'staff' })
  const heading = (id: string) => h('h2', { class: 'govuk-heading-m' }, t(id))
  const paragraph = (id: string) => h('p', { class: 'govuk-body' }, t(id))
  main.append(
    h('h1', { class: 'govuk-heading-l' }, t('accessibility-title')),
    paragraph('accessibility-intro'),
    h(
      'ul',
      { class: 'govuk-list govuk-list--bullet' },
      ['accessibility-can-colours', 'accessibility-can-zoom', 'accessibility-can-keyboard', 'accessibility-can-screen-reader', 'accessibility-can-languages'].map((id) =>
        h('li', null, t(id)),
      ),
    ),
    heading('accessibility-how-title'),
    paragraph('accessibility-known-issues'),
    heading('accessibility-feedback-title'),
    paragraph('accessibility-feedback'),
    heading('accessibility-enforcement-title'),
    paragraph('accessibility-enforcement'),
    heading('accessibility-technical-title'),
    paragraph('accessibility-compliance'),
    heading('accessibility-tested-title'),
    paragraph('accessibility-tested'),
  )
}
