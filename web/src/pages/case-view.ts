// What the case page's sections share: the case as loaded, who is looking, and how a section
// says that something changed.

import type { Case, Session } from '../api'
import { h, type Child } from '../dom'

export type CaseSectionKey = 'referral' | 'meetings' | 'support' | 'offer' | 'not-offering' | 'care-application'

/** What the case page's sections share. */
export interface CasePageView {
  session: Session
  details: Case
  /** The signed-in person is the facilitator who holds the case: they change it. */
  holds: boolean
  /** The signed-in person is a manager: they approve decisions not to offer and decide on support packages. */
  isManager: boolean
  /** Loads the case again, draws every section, and shows `outcome` in `section`. */
  changed(section: CaseSectionKey, outcome: HTMLElement): Promise<void>
}

/** A GOV.UK summary list of `rows` (key, value). */
export function summaryList(rows: [string, Child][], testId?: string): HTMLElement {
  return h(
    'dl',
    { class: 'govuk-summary-list', 'data-testid': testId ?? null },
    rows.map(([key, value]) =>
      h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, value)),
    ),
  )
}

