// The staff member's cases: each with its children, the day its referral came, how many meetings
// it has and where it stands on the statutory offer; and, for a facilitator, opening a case from
// a referral.

import { api, type Case, type Session } from '../api'
import { h } from '../dom'
import { dateOnly } from '../format'
import { t } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary } from '../components/forms'
import { navigate } from '../router'
import { failurePage, requireSession } from './common'
import { referralForm } from './referral-form'

const TITLE = t('staff-cases-title')

/** Where a case stands on the offer, in a word, with the colour of its tag. */
export function standingWord(details: Case): { word: string; colour: string } {
  const standing = details.offer_standing
  const offers = details.offers ?? []
  const decisions = details.not_offering ?? []
  if (!standing) return { word: t('staff-cases-not-known'), colour: 'grey' }
  if (standing.warning) return { word: t('staff-cases-urgent'), colour: 'red' }
  if (standing.not_offering_approved) return { word: t('staff-cases-not-offered'), colour: 'grey' }
  if (standing.accepted) return standing.first_meeting_held_on ? { word: t('staff-cases-held'), colour: 'green' } : { word: t('staff-cases-accepted'), colour: 'turquoise' }
  if (decisions.some((decision) => !decision.approved_at && !decision.refused_at)) return { word: t('staff-cases-awaiting-approval'), colour: 'yellow' }
  if (offers.some((offer) => offer.answer === 'awaiting')) return { word: t('staff-cases-offered'), colour: 'blue' }
  if (offers.length > 0) return { word: t('staff-cases-declined'), colour: 'orange' }
  return { word: t('staff-cases-not-offered-yet'), colour: 'grey' }
}

/**
 * Each case's own answer (its meetings and offer standing), a few at a time: the list of cases
 * does not carry them. A case that fails to load keeps only what the list said.
 */
async function withDetails(cases: Case[]): Promise<Case[]> {
  const details: Case[] = [...cases]
  let next = 0
  async function worker(): Promise<void> {
    while (next < cases.length) {
      const index = next
      next += 1
      details[index] = await api.case(cases[index].id).catch(() => cases[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, cases.length) }, worker))
  return details
}

function casesTable(cases: Case[]): HTMLElement {
  if (cases.length === 0) return h('p', { class: 'govuk-body' }, t('staff-cases-none'))
  const cell = (...children: (Node | string)[]) => h('td', { class: 'govuk-table__cell' }, children)
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': 'cases' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('staff-cases-caption')),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        [t('staff-cases-column-case'), t('staff-cases-column-children'), t('staff-cases-column-received'), t('staff-cases-column-meetings'), t('staff-cases-column-offer')].map((title) =>
          h('th', { scope: 'col', class: `govuk-table__header${title === t('staff-cases-column-meetings') ? ' govuk-table__header--numeric' : ''}` }, title),
        ),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      cases.map((details) => {
        const { word, colour } = standingWord(details)
        return h(
          'tr',
          { class: 'govuk-table__row', 'data-case': details.id },
          cell(h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(details.id)}` }, details.title)),
          cell(details.children.map((child) => child.name).join(', ')),
          cell(details.received_on ? dateOnly(details.received_on) : t('review-not-given')),
          h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, details.meetings ? String(details.meetings.length) : t('staff-cases-not-known')),
          cell(h('strong', { class: `govuk-tag govuk-tag--${colour}` }, word)),
        )
      }),
    ),
  )
}

function openCaseSection(errors: ErrorSummary): HTMLElement {
  const form = referralForm({
    errors,
    submitText: t('staff-cases-open-case'),
    busyText: t('staff-cases-opening'),
    submit: async (referral) => {
      const opened = await api.openCase(referral)
      navigate(`/cases/${encodeURIComponent(opened.id)}?opened=1`)
    },
  })
  return h(
    'section',
    { class: 'govuk-grid-row kp-open-case', 'aria-labelledby': 'open-case-heading' },
    h(
      'div',
      { class: 'govuk-grid-column-two-thirds' },
      h('h2', { class: 'govuk-heading-l', id: 'open-case-heading' }, t('staff-dashboard-open-case')),
      h('p', { class: 'govuk-body' }, t('staff-cases-open-intro')),
      form,
    ),
  )
}

export async function casesPage(): Promise<void> {
  const session: Session | null = await requireSession()
  if (!session) return
  if (session.kind !== 'staff') {
    navigate(`/meetings/${session.meeting_id}`, { replace: true })
    return
  }
  let cases: Case[]
  try {
    cases = await withDetails(await api.cases())
  } catch (error) {
    failurePage(session, TITLE, (error as Error).message)
    return
  }
  const main = frame({ title: TITLE, session, wide: true })
  const errors = new ErrorSummary()
  main.append(
    errors.element,
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    h('p', { class: 'govuk-body' }, t('staff-cases-intro')),
    casesTable(cases),
  )
  // Only a facilitator holds cases; the server refuses anyone else.
  if (session.role === 'facilitator') main.append(openCaseSection(errors))
}
