// The staff member's dashboard, where they land after signing in. A facilitator: what is due next
// on their cases, most urgent first (overdue in red), and their cases. A manager: the approvals
// waiting for them (decisions not to offer, support packages), the reviews overdue across the
// service, care applications coming before a meeting was held, and the way to the figures. Every
// line links to where it is done.

import { api, type CaseLine, type Dashboard, type DueItem, type Session } from '../api'
import { h, type Child } from '../dom'
import { dateOnly, dueKindName, sentence } from '../format'
import { t } from '../i18n'
import { frame } from '../layout'
import { navigate } from '../router'
import { failurePage, requireSession } from './common'


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

/** Whether a table of things due says when each is due, or since when each has waited. */
type WhenColumn = 'due' | 'since'

/** When it is due: the day, with a red tag when it has gone by. */
function whenCell(item: DueItem, when: WhenColumn): HTMLElement {
  const parts: Child[] = []
  if (item.overdue) parts.push(h('strong', { class: 'govuk-tag govuk-tag--red kp-due-tag' }, t('staff-dashboard-overdue')), ' ')
  const id = when === 'since' ? 'staff-dashboard-since-day' : item.overdue ? 'staff-dashboard-was-due-day' : 'staff-dashboard-by-day'
  parts.push(item.due_on ? t(id, { day: dateOnly(item.due_on) }) : h('span', { class: 'kp-muted' }, t('staff-dashboard-no-day-set')))
  return h('td', { class: 'govuk-table__cell' }, parts)
}

/** A table's column headings; `numeric` columns hold numbers. */
function headerRow(titles: string[], numeric: string[] = []): HTMLElement {
  return h(
    'thead',
    { class: 'govuk-table__head' },
    h(
      'tr',
      { class: 'govuk-table__row' },
      titles.map((title) => h('th', { scope: 'col', class: `govuk-table__header${numeric.includes(title) ? ' govuk-table__header--numeric' : ''}` }, title)),
    ),
  )
}

/** A table of things due: what (linking to where it is done), the case, and when. */
function dueTable(items: DueItem[], options: { caption: string; testId: string; when: WhenColumn; forManager: boolean }): HTMLElement {
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': options.testId },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, options.caption),
    headerRow([t('staff-dashboard-column-what'), t('staff-dashboard-column-case'), options.when === 'due' ? t('staff-dashboard-column-when') : t('staff-dashboard-column-since')]),
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
          whenCell(item, options.when),
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
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, t('staff-dashboard-cases-caption')),
    headerRow(
      [t('staff-dashboard-column-case'), t('staff-dashboard-column-received'), t('staff-dashboard-column-meetings'), t('staff-dashboard-column-due')],
      [t('staff-dashboard-column-meetings'), t('staff-dashboard-column-due')],
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      cases.map((line) =>
        h(
          'tr',
          { class: 'govuk-table__row', 'data-case': line.case_id },
          h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: caseHref(line.case_id) }, line.title)),
          h('td', { class: 'govuk-table__cell' }, line.received_on ? dateOnly(line.received_on) : h('span', { class: 'kp-muted' }, t('review-not-given'))),
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
    h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-due-next')),
    board.due.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'due' }, holdsCases ? t('staff-dashboard-nothing-due-yours') : t('staff-dashboard-nothing-due'))
      : [
          h('p', { class: 'govuk-body' }, t('staff-dashboard-most-urgent-first')),
          dueTable(board.due, { caption: t('staff-dashboard-due-caption'), testId: 'due', when: 'due', forManager: false }),
        ],
    h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-your-cases')),
    holdsCases
      ? casesTable(board.cases)
      : h('p', { class: 'govuk-body' }, session.role === 'facilitator' ? t('staff-dashboard-no-cases-yet') : t('staff-dashboard-no-cases-facilitators')),
    h(
      'ul',
      { class: 'govuk-list' },
      h('li', null, h('a', { class: 'govuk-link', href: '/cases' }, session.role === 'facilitator' ? t('staff-dashboard-open-case') : t('staff-dashboard-see-cases'))),
      h('li', null, h('a', { class: 'govuk-link', href: '/meetings' }, t('staff-dashboard-see-meetings'))),
    ),
  ]
}

function managerParts(board: Dashboard): Child[] {
  const reviews = board.due.filter((item) => item.kind === 'review-overdue')
  const applications = board.due.filter((item) => item.kind === 'care-application')
  return [
    h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-approvals')),
    board.approvals.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'approvals' }, t('staff-dashboard-no-approvals'))
      : [
          h('p', { class: 'govuk-body' }, t('staff-dashboard-approvals-intro')),
          dueTable(board.approvals, { caption: t('staff-dashboard-approvals-caption'), testId: 'approvals', when: 'since', forManager: true }),
        ],
    h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-reviews-overdue')),
    reviews.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'reviews-overdue' }, t('staff-dashboard-no-review-overdue'))
      : dueTable(reviews, { caption: t('staff-dashboard-reviews-overdue-caption'), testId: 'reviews-overdue', when: 'due', forManager: true }),
    applications.length === 0
      ? null
      : [
          h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-applications')),
          dueTable(applications, { caption: t('staff-dashboard-applications-caption'), testId: 'care-applications', when: 'due', forManager: true }),
        ],
    h('h2', { class: 'govuk-heading-m' }, t('staff-dashboard-figures')),
    h('p', { class: 'govuk-body' }, t('staff-dashboard-figures-intro'), ' ', h('a', { class: 'govuk-link', href: '/figures' }, t('staff-dashboard-figures-link'))),
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
    failurePage(session, t('staff-dashboard-title'), (error as Error).message)
    return
  }
  const main = frame({ title: t('staff-dashboard-title'), session, wide: true })
  main.append(
    h('span', { class: 'govuk-caption-l' }, board.role === 'manager' ? t('staff-dashboard-service-manager', { name: session.name }) : session.name),
    h('h1', { class: 'govuk-heading-l' }, t('staff-dashboard-title')),
    h('div', null, board.role === 'manager' ? managerParts(board) : facilitatorParts(board, session)),
  )
}
