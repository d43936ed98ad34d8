// What changed between two versions of a plan, as people read it: each section's words with what
// was added and removed marked (in words too, for screen readers), and the actions and details
// that changed. The history page and a review's "What changed since the agreed plan" share it.

import type { Participant, PlanDiff } from '../api'
import { h } from '../dom'
import { statusName } from '../format'
import { english, t } from '../i18n'
import { ownerName } from '../live/actions-table'
import { sectionTitle } from '../plan-schema'

/** The name of a field of an action or of the plan's facts. */
function fieldName(field: string): string {
  const id = `diff-field-${field.replace(/_/g, '-')}`
  return english.has(id) ? t(id) : field
}

/**
 * What changed between two plans, in words; `people` names the owners of actions, and `unchanged`
 * is what to say when nothing did.
 */
export function diffView(diff: PlanDiff, people: Participant[], unchanged = t('diff-nothing-changed')): HTMLElement {
  const readable = (field: string, value: string) =>
    field === 'who' || field === 'lead_family_member' ? ownerName(value, people) : field === 'status' ? statusName(value) : value
  const changedSections = diff.sections.filter((section) => section.changed)
  const parts: (HTMLElement | null)[] = []
  if (changedSections.length === 0 && !diff.actions_added.length && !diff.actions_removed.length && !diff.actions_changed.length && !diff.meta_changed.length) {
    return h('p', { class: 'govuk-body', 'data-testid': 'diff' }, unchanged)
  }
  for (const section of changedSections) {
    parts.push(
      h(
        'section',
        { class: 'kp-section' },
        h('h3', { class: 'govuk-heading-s' }, sectionTitle(section.name)),
        h(
          'p',
          { class: 'govuk-body kp-diff', dir: 'auto' },
          section.changes.map((change) =>
            change.kind === 'insert'
              ? h('ins', { class: 'kp-diff__insert' }, h('span', { class: 'govuk-visually-hidden' }, t('diff-added-marker'), ' '), change.text)
              : change.kind === 'delete'
                ? h('del', { class: 'kp-diff__delete' }, h('span', { class: 'govuk-visually-hidden' }, t('diff-removed-marker'), ' '), change.text)
                : change.text,
          ),
        ),
      ),
    )
  }
  const actionLines: HTMLElement[] = [
    ...diff.actions_added.map((action) =>
      h('li', null, t('diff-action-added', { what: action.what || t('diff-an-action'), who: ownerName(action.who, people) || t('diff-nobody-yet') })),
    ),
    ...diff.actions_removed.map((action) => h('li', null, t('diff-action-removed', { what: action.what || t('diff-an-action') }))),
    ...diff.actions_changed.flatMap((action) =>
      action.fields.map((field) =>
        h(
          'li',
          null,
          t('diff-action-changed', {
            what: action.what || t('diff-an-action-capital'),
            field: fieldName(field.field),
            from: readable(field.field, field.from),
            to: readable(field.field, field.to),
          }),
        ),
      ),
    ),
    ...diff.meta_changed.map((field) =>
      h(
        'li',
        null,
        t('diff-fact-changed', {
          field: fieldName(field.field),
          from: readable(field.field, field.from) || t('diff-nothing'),
          to: readable(field.field, field.to) || t('diff-nothing'),
        }),
      ),
    ),
  ]
  if (actionLines.length)
    parts.push(h('section', { class: 'kp-section' }, h('h3', { class: 'govuk-heading-s' }, t('diff-actions-and-details')), h('ul', { class: 'govuk-list govuk-list--bullet' }, actionLines)))
  return h('div', { 'data-testid': 'diff' }, parts)
}
