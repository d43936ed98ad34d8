// The staff member's dashboard, where they land after signing in. A facilitator: what is due next
// on their cases, most urgent first (overdue in red), and their cases. A manager: the approvals
// waiting for them (decisions not to offer, support packages), the reviews overdue across the
// service, care applications coming before a meeting was held, and the way to the figures. Every
// line links to where it is done.

import { api, type CaseLine, type Dashboard, type DueItem, type Session } from '../api'
import { h, type Child } from '../dom'
import { dateOnly, dueKindName, sentence } from '../format'
import { frame } from '../layout'
import { navigate } from '../router'
import { failurePage, requireSession } from './common'

const TITLE = 'Dashboard'

const caseHref = (caseId: string, section?: string) => `/cases/${encodeURIComponent(caseId)}${section ? `#${section}` : ''}`

/** Where the thing due is done: the meeting a review is about, or the case's own section. */
function dueHref(item: DueItem, forManager: boolean): string {
  switch (item.kind) {
    case 'review-due':
    case 'review-overdue':
      return item.meeting_id && !forManager ? `/meetings/${encodeURIComponent(item.meeting_id)}/agreement#review` : caseHref(item.case_id, 'meetings')
    case 'care-application':
      return caseHref(item.case_id, 'care-application')
    case 'offer-answer-awaited':
      return caseHref(item.case_id, 'offer')
    case 'meeting-to-set':
      return caseHref(item.case_id, 'meetings')
    case 'not-offering-approval':
      return caseHref(item.case_id, 'not-offering')
    case 'support-approval':
      return caseHref(item.case_id, 'support')
    default:
      return caseHref(item.case_id)
  }
}

/** The server's words for what is due, as a sentence, with its days (YYYY-MM-DD) as people read them. */
function says(item: DueItem): string {
  return sentence(item.says.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => dateOnly(day)))
}

/** When it is due: the day, with a red tag when it has gone by. */
function whenCell(item: DueItem, label: string): HTMLElement {
  const parts: Child[] = []
  if (item.overdue) parts.push(h('strong', { class: 'govuk-tag govuk-tag--red kp-due-tag' }, 'Overdue'), ' ')
  parts.push(item.due_on ? `${label} ${dateOnly(item.due_on)}` : h('span', { class: 'kp-muted' }, 'No day set'))
  return h('td', { class: 'govuk-table__cell' }, parts)
}

function headerRow(titles: string[]): HTMLElement {
  return h(
    'thead',
    { class: 'govuk-table__head' },
    h(
      'tr',
      { class: 'govuk-table__row' },
      titles.map((title) => h('th', { scope: 'col', class: `govuk-table__header${['Meetings', 'Due'].includes(title) ? ' govuk-table__header--numeric' : ''}` }, title)),
    ),
  )
}

/** A table of things due: what (linking to where it is done), the case, and when. */
function dueTable(items: DueItem[], options: { caption: string; testId: string; when: string; forManager: boolean }): HTMLElement {
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': options.testId },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, options.caption),
    headerRow(['What', 'Case', options.when === 'Due' ? 'When' : 'Since']),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      items.map((item) =>
        h(
          'tr',
          { class: 'govuk-table__row', 'data-kind': item.kind, 'data-overdue': item.overdue ? 'yes' : null },
          h(
            'td',
            { class: 'govuk-table__cell' },
            h('span', { class: 'govuk-caption-s kp-due-kind' }, dueKindName(item.kind)),
            h('a', { class: 'govuk-link', href: dueHref(item, options.forManager) }, says(item)),
          ),
          h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: caseHref(item.case_id) }, item.case_title)),
          whenCell(item, options.when === 'Due' ? (item.overdue ? 'was due' : 'by') : 'since'),
        ),
      ),
    ),
  )
}

function casesTable(cases: CaseLine[]): HTMLElement {
  const numeric = 'govuk-table__cell govuk-table__cell--numeric'
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': 'dashboard-cases' },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'The cases you hold'),
    headerRow(['Case', 'Referral received', 'Meetings', 'Due']),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      cases.map((line) =>
        h(
          'tr',
          { class: 'govuk-table__row', 'data-case': line.case_id },
          h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: caseHref(line.case_id) }, line.title)),
          h('td', { class: 'govuk-table__cell' }, line.received_on ? dateOnly(line.received_on) : h('span', { class: 'kp-muted' }, 'Not given')),
          h('td', { class: numeric }, String(line.meetings)),
          h('td', { class: numeric }, String(line.due)),
        ),
      ),
    ),
  )
}

function facilitatorParts(board: Dashboard, session: Session): Child[] {
  const holdsCases = board.cases.length > 0
  return [
    h('h2', { class: 'govuk-heading-m' }, 'What is due next'),
    board.due.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'due' }, holdsCases ? 'Nothing is due on your cases.' : 'Nothing is due.')
      : [
          h('p', { class: 'govuk-body' }, 'Most urgent first.'),
          dueTable(board.due, { caption: 'What is due on your cases, most urgent first', testId: 'due', when: 'Due', forManager: false }),
        ],
    h('h2', { class: 'govuk-heading-m' }, 'Your cases'),
    holdsCases
      ? casesTable(board.cases)
      : h('p', { class: 'govuk-body' }, session.role === 'facilitator' ? 'You hold no cases yet.' : 'You hold no cases: facilitators do.'),
    h(
      'ul',
      { class: 'govuk-list' },
      h('li', null, h('a', { class: 'govuk-link', href: '/cases' }, session.role === 'facilitator' ? 'Open a case from a referral' : 'See the cases')),
      h('li', null, h('a', { class: 'govuk-link', href: '/meetings' }, 'See your meetings')),
    ),
  ]
}

function managerParts(board: Dashboard): Child[] {
  const reviews = board.due.filter((item) => item.kind === 'review-overdue')
  const applications = board.due.filter((item) => item.kind === 'care-application')
  return [
    h('h2', { class: 'govuk-heading-m' }, 'Waiting for your approval'),
    board.approvals.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'approvals' }, 'Nothing is waiting for your approval.')
      : [
          h('p', { class: 'govuk-body' }, 'The longest waiting first. Each opens the case, where you decide.'),
          dueTable(board.approvals, { caption: 'Decisions waiting for your approval, the longest waiting first', testId: 'approvals', when: 'Since', forManager: true }),
        ],
    h('h2', { class: 'govuk-heading-m' }, 'Reviews overdue'),
    reviews.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'reviews-overdue' }, 'No review is overdue.')
      : dueTable(reviews, { caption: 'Reviews overdue across the service, the longest overdue first', testId: 'reviews-overdue', when: 'Due', forManager: true }),
    applications.length === 0
      ? null
      : [
          h('h2', { class: 'govuk-heading-m' }, 'Care applications before the meeting'),
          dueTable(applications, { caption: 'Cases where a care application comes before the accepted meeting', testId: 'care-applications', when: 'Due', forManager: true }),
        ],
    h('h2', { class: 'govuk-heading-m' }, 'The service’s figures'),
    h(
      'p',
      { class: 'govuk-body' },
      'Offers and their answers, how long families wait, plans agreed, reviews on time and support packages. ',
      h('a', { class: 'govuk-link', href: '/figures' }, 'See the service’s figures'),
    ),
  ]
}

export async function staffDashboardPage(): Promise<void> {
  const session = await requireSession()
  if (!session) return
  if (session.kind !== 'staff') {
    navigate(`/meetings/${session.meeting_id}`, { replace: true })
    return
  }
  let board: Dashboard
  try {
    board = await api.dashboard()
  } catch (error) {
    failurePage(session, TITLE, (error as Error).message)
    return
  }
  const main = frame({ title: TITLE, session, wide: true })
  main.append(
    h('span', { class: 'govuk-caption-l' }, board.role === 'manager' ? `Service manager: ${session.name}` : session.name),
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    h('div', null, board.role === 'manager' ? managerParts(board) : facilitatorParts(board, session)),
  )
}
