// What changed between two versions of a plan, as people read it: each section's words with what
// was added and removed marked (in words too, for screen readers), and the actions and details
// that changed. The history page and a review's "What changed since the agreed plan" share it.

import type { Participant, PlanDiff } from '../api'
import { h } from '../dom'
import { statusName } from '../format'
import { ownerName } from '../live/actions-table'

const FIELD_NAMES: Record<string, string> = {
  what: 'What will happen',
  who: 'Who',
  by_when: 'By when',
  how_we_know: 'How we will know',
  status: 'Status',
  lead_family_member: 'Lead family member',
  review_date: 'Review date',
}

/**
 * What changed between two plans, in words; `people` names the owners of actions, and `unchanged`
 * is what to say when nothing did.
 */
export function diffView(diff: PlanDiff, people: Participant[], unchanged = 'Nothing changed between these versions.'): HTMLElement {
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
        h('h3', { class: 'govuk-heading-s' }, section.title),
        h(
          'p',
          { class: 'govuk-body kp-diff' },
          section.changes.map((change) =>
            change.kind === 'insert'
              ? h('ins', { class: 'kp-diff__insert' }, h('span', { class: 'govuk-visually-hidden' }, '[added] '), change.text)
              : change.kind === 'delete'
                ? h('del', { class: 'kp-diff__delete' }, h('span', { class: 'govuk-visually-hidden' }, '[removed] '), change.text)
                : change.text,
          ),
        ),
      ),
    )
  }
  const actionLines: HTMLElement[] = [
    ...diff.actions_added.map((action) => h('li', null, `Added: ${action.what || 'an action'} (${ownerName(action.who, people) || 'nobody yet'})`)),
    ...diff.actions_removed.map((action) => h('li', null, `Removed: ${action.what || 'an action'}`)),
    ...diff.actions_changed.flatMap((action) =>
      action.fields.map((field) =>
        h('li', null, `${action.what || 'An action'}: ${FIELD_NAMES[field.field] ?? field.field} changed from “${readable(field.field, field.from)}” to “${readable(field.field, field.to)}”`),
      ),
    ),
    ...diff.meta_changed.map((field) =>
      h('li', null, `${FIELD_NAMES[field.field] ?? field.field} changed from “${readable(field.field, field.from) || 'nothing'}” to “${readable(field.field, field.to) || 'nothing'}”`),
    ),
  ]
  if (actionLines.length) parts.push(h('section', { class: 'kp-section' }, h('h3', { class: 'govuk-heading-s' }, 'Actions and details'), h('ul', { class: 'govuk-list govuk-list--bullet' }, actionLines)))
  return h('div', { 'data-testid': 'diff' }, parts)
}
