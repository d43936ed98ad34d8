// The manager's page for records through their life: how long each type of record is kept,
// applying those rules, legal holds, erasure and subject access requests. The server refuses
// everyone but a manager; the page then says so, and shows nothing else.

import { ApiError, api, type Session, type StaffUser } from '../api'
import { t } from '../i18n'
import { h, replaceChildren } from '../dom'
import { frame } from '../layout'
import { problem } from '../components/forms'
import { requireSession, failurePage } from './common'
import { PeopleDirectory, type RecordsView, type SectionKey } from './records-view'
import { rulesSection, runSection } from './records-rules'
import { erasureSection, holdsSection } from './records-holds'
import { subjectAccessSection } from './records-sar'

const TITLE = t('staff-records-records-data-protection')

const SECTIONS: { key: SectionKey; heading: string }[] = [
  { key: 'rules', heading: t('staff-records-how-long-records-kept') },
  { key: 'run', heading: t('staff-records-apply-rules') },
  { key: 'holds', heading: t('staff-records-legal-holds') },
  { key: 'erasure', heading: t('staff-records-erasure') },
  { key: 'subject-access', heading: t('staff-records-subject-access-requests') },
]

/** What the page draws, fetched together; a refusal or failure throws. */
async function load() {
  const [rules, holds, erasures, meetings] = await Promise.all([api.retentionRules(), api.holds(), api.erasures(), api.meetings()])
  // Names of who set a rule or placed a hold; the page still works without them.
  const staff: StaffUser[] = await api.users().catch(() => [])
  return { rules, holds, erasures, meetings, staff }
}

/** The page when the server refuses it: whatever part it refused first, the page is a manager's. */
function refusalPage(session: Session): void {
  const main = frame({ title: TITLE, session, family: session.kind === 'participant' })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    problem(t('staff-records-only-manager-can-use-page')),
    h('p', { class: 'govuk-body' }, t('staff-records-only-manager-can-change-how')),
    h('p', { class: 'govuk-body' }, t('staff-records-if-you-need-one-these')),
  )
  if (session.kind === 'staff') main.append(h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/meetings' }, t('staff-records-go-your-meetings'))))
  const summary = main.querySelector<HTMLElement>('.govuk-error-summary')
  summary?.focus()
}

export async function recordsPage(): Promise<() => void> {
  const urls: string[] = []
  const release = () => {
    for (const url of urls) URL.revokeObjectURL(url)
  }
  const session = await requireSession()
  if (!session) return release
  let data: Awaited<ReturnType<typeof load>>
  try {
    data = await load()
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) refusalPage(session)
    else failurePage(session, TITLE, (error as Error).message)
    return release
  }

  const main = frame({ title: TITLE, session, wide: true })
  const bodies = new Map<SectionKey, HTMLElement>()
  const outcomes = new Map<SectionKey, HTMLElement>()
  const view: RecordsView = {
    session,
    ...data,
    people: new PeopleDirectory(),
    changed: async (key, outcome) => {
      try {
        Object.assign(view, await load())
      } catch (error) {
        replaceChildren(outcomes.get(key) ?? main, problem((error as Error).message))
        return
      }
      view.people.forget()
      draw()
      const slot = outcomes.get(key)
      if (!slot) return
      replaceChildren(slot, outcome)
      const focusable = outcome.matches('.govuk-notification-banner') ? outcome : outcome.querySelector<HTMLElement>('.govuk-notification-banner') ?? outcome
      focusable.setAttribute('tabindex', '-1')
      focusable.focus()
    },
  }

  function draw(): void {
    const parts: Record<SectionKey, () => HTMLElement[]> = {
      rules: () => rulesSection(view),
      run: () => runSection(view),
      holds: () => holdsSection(view),
      erasure: () => erasureSection(view),
      'subject-access': () => subjectAccessSection(view, urls),
    }
    for (const { key } of SECTIONS) {
      const body = bodies.get(key)
      const outcome = outcomes.get(key)
      if (body) replaceChildren(body, parts[key]())
      if (outcome) replaceChildren(outcome)
    }
  }

  main.append(
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    h('p', { class: 'govuk-body-l' }, t('staff-records-how-long-service-keeps-each')),
    h(
      'nav',
      { class: 'kp-contents', 'aria-labelledby': 'records-contents' },
      h('h2', { class: 'govuk-heading-s', id: 'records-contents' }, t('staff-records-contents')),
      h(
        'ul',
        { class: 'govuk-list' },
        SECTIONS.map(({ key, heading }) => h('li', null, h('a', { class: 'govuk-link', href: `#${key}` }, heading))),
      ),
    ),
    ...SECTIONS.map(({ key, heading }) => {
      const outcome = h('div', { class: 'kp-outcome' })
      const body = h('div', null)
      outcomes.set(key, outcome)
      bodies.set(key, body)
      return h(
        'section',
        { class: 'kp-records-section', id: key, 'aria-labelledby': `${key}-heading`, 'data-section': key },
        h('h2', { class: 'govuk-heading-l', id: `${key}-heading` }, heading),
        outcome,
        body,
      )
    }),
  )
  draw()
  return release
}
