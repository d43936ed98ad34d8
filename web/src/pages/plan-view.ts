// A saved version of the plan, read-only: its sections, actions and facts, as everyone agrees it.

import type { Participant, Plan } from '../api'
import { h } from '../dom'
import { dateOnly, statusName } from '../format'
import { t } from '../i18n'
import { ownerName } from '../live/actions-table'
import { sectionTitle } from '../plan-schema'

export function planView(plan: Plan, people: Participant[], headingLevel: 'h2' | 'h3' = 'h3'): HTMLElement {
  const sections = plan.sections.map((section) =>
    h(
      'section',
      { class: 'kp-section' },
      h(headingLevel, { class: 'govuk-heading-s' }, sectionTitle(section.name)),
      section.blocks.length === 0 || section.blocks.every((block) => !block.text.trim())
        ? h('p', { class: 'govuk-body kp-muted' }, t('plan-view-nothing-written'))
        : section.blocks.some((block) => block.kind === 'listItem')
          ? h('ul', { class: 'govuk-list govuk-list--bullet' }, section.blocks.map((block) => h('li', { dir: 'auto' }, block.text)))
          : section.blocks.map((block) => h('p', { class: 'govuk-body', dir: 'auto' }, block.text)),
    ),
  )
  const actions =
    plan.actions.length === 0
      ? h('p', { class: 'govuk-body' }, t('plan-view-no-actions'))
      : h(
          'table',
          { class: 'govuk-table' },
          h('caption', { class: 'govuk-visually-hidden' }, t('actions-heading')),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h(
              'tr',
              { class: 'govuk-table__row' },
              [t('actions-what'), t('actions-who'), t('actions-by-when'), t('actions-how-we-know'), t('actions-status')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
            ),
          ),
          h(
            'tbody',
            { class: 'govuk-table__body' },
            plan.actions.map((action) =>
              h(
                'tr',
                { class: 'govuk-table__row' },
                [action.what, ownerName(action.who, people), dateOnly(action.by_when), action.how_we_know, statusName(action.status)].map((value, i) =>
                  h('td', { class: 'govuk-table__cell', dir: i === 0 || i === 3 ? 'auto' : null }, value),
                ),
              ),
            ),
          ),
        )
  const lead = people.find((person) => person.id === plan.meta.lead_family_member)?.display_name ?? plan.meta.lead_family_member
  return h(
    'div',
    { class: 'kp-plan-view' },
    sections,
    h('section', { class: 'kp-section' }, h(headingLevel, { class: 'govuk-heading-s' }, t('actions-heading')), actions),
    h(
      'dl',
      { class: 'govuk-summary-list' },
      h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, t('plan-details-lead')), h('dd', { class: 'govuk-summary-list__value' }, lead || t('plan-view-not-chosen'))),
      h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, t('plan-details-review-date')), h('dd', { class: 'govuk-summary-list__value' }, plan.meta.review_date ? dateOnly(plan.meta.review_date) : t('plan-view-not-set'))),
    ),
  )
}
