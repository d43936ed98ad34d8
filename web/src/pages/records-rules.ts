// The records page's retention sections: the rule for each type of record with a form to change
// it, and applying the rules: a check first (optionally as of a day ahead) that lists what would
// go and why and what a hold keeps, then deleting after a confirmation.

import { api, type RetentionRule, type RetentionRun, type RetentionRunItem } from '../api'
import { h, replaceChildren } from '../dom'
import { dateOnly, dateTime, sentence } from '../format'
import { ErrorSummary, banner, button, dateInput, select, textInput, warningText, whileBusy, type FieldError } from '../components/forms'
import { count, dataTable, fromEventName, meetingTitle, recordTypeName, removedWords, whoName, type RecordsView } from './records-view'

function ruleForm(view: RecordsView, rule: RetentionRule): HTMLElement {
  const errors = new ErrorSummary()
  const name = recordTypeName(rule.record_type)
  const keep = textInput({
    label: 'Keep for',
    hint: 'A whole number and d, m or y, such as 30d or 25y',
    name: `keep-${rule.record_type}`,
    value: rule.keep,
    width: '5',
    spellcheck: false,
    autocomplete: 'off',
  })
  const from = select({
    label: 'Counted from',
    name: `from-${rule.record_type}`,
    value: rule.from,
    options: rule.allowed_from.map((event) => ({ value: event, label: fromEventName(event) })),
  })
  const save = button('Save the rule', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-rule-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const period = keep.control.value.trim()
        if (!period) {
          errors.show([{ control: keep.control, message: 'Enter how long to keep them, such as 30d or 25y' }])
          return
        }
        errors.clear()
        try {
          const saved = await whileBusy(save, 'Saving…', null, () => api.setRetentionRule(rule.record_type, period, from.control.value as RetentionRule['from']))
          await view.changed('rules', banner('Rule saved', [h('p', { class: 'govuk-body' }, `${name}: kept for ${saved.description}.`)], true))
        } catch (error) {
          // The form stays as it was, with what was typed, beside the server's reason.
          errors.show([{ control: keep.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    keep.group,
    from.group,
    save,
  )
  return h(
    'details',
    { class: 'govuk-details kp-rule-change' },
    h(
      'summary',
      { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'Change', h('span', { class: 'govuk-visually-hidden' }, ` how long to keep ${name.toLowerCase()}`)),
    ),
    h('div', { class: 'govuk-details__text' }, form),
  )
}

/** How long each type of record is kept, each with its change form. */
export function rulesSection(view: RecordsView): HTMLElement[] {
  const rows = view.rules.map((rule) =>
    h(
      'tr',
      { class: 'govuk-table__row', 'data-record-type': rule.record_type },
      h('th', { scope: 'row', class: 'govuk-table__header' }, recordTypeName(rule.record_type)),
      h('td', { class: 'govuk-table__cell', 'data-testid': 'rule' }, sentence(rule.description).replace(/\.$/, '')),
      h(
        'td',
        { class: 'govuk-table__cell' },
        rule.updated_at ? `${whoName(view, rule.updated_by)}, ${dateTime(rule.updated_at)}` : whoName(view, rule.updated_by),
      ),
      h('td', { class: 'govuk-table__cell kp-rule-change-cell' }, ruleForm(view, rule)),
    ),
  )
  return [
    h(
      'p',
      { class: 'govuk-body' },
      'Each type of record is deleted when its time is up, unless a legal hold keeps it. kinplan applies these rules once a day.',
    ),
    dataTable({
      caption: 'Retention rules',
      hiddenCaption: true,
      testId: 'rules',
      titles: ['Record', 'Kept for', 'Last changed', h('span', { class: 'govuk-visually-hidden' }, 'Change')],
      rows,
    }),
  ]
}

function dueTable(view: RecordsView, items: RetentionRunItem[], caption: string, testId: string): HTMLElement {
  const rows = items.map((item) =>
    h(
      'tr',
      { class: 'govuk-table__row', 'data-meeting': item.meeting_id ?? '' },
      h(
        'td',
        { class: 'govuk-table__cell' },
        recordTypeName(item.record_type),
        item.held ? null : h('span', { class: 'govuk-body-s kp-block kp-muted' }, removedWords(item.removed)),
      ),
      h('td', { class: 'govuk-table__cell' }, meetingTitle(view, item.meeting_id)),
      h(
        'td',
        { class: 'govuk-table__cell kp-reason' },
        sentence(item.why),
        item.held ? h('strong', { class: 'govuk-body-s kp-block' }, `Kept on hold: ${sentence(item.held)}`) : null,
      ),
    ),
  )
  return dataTable({ caption, testId, titles: ['Records', 'Meeting', 'Why'], rows })
}

/** A run's listing: what goes (or went) and what a hold keeps. */
function runListing(view: RecordsView, report: RetentionRun): HTMLElement[] {
  const due = report.items.filter((item) => !item.held)
  const held = report.items.filter((item) => item.held)
  const day = dateOnly(report.as_of)
  const dueWords =
    due.length === 0
      ? report.dry_run
        ? 'Nothing would be deleted'
        : 'Nothing was deleted'
      : `${count(due.length, 'set of records', 'sets of records')} ${report.dry_run ? 'would be' : due.length === 1 ? 'was' : 'were'} deleted`
  const heldWords = held.length === 0 ? '' : ` ${count(held.length, 'set is', 'sets are')} due but kept by a legal hold.`
  const summary = report.items.length === 0 ? `Nothing is due for deletion as of ${day}.` : `${dueWords} as of ${day}.${heldWords}`
  return [
    h('p', { class: 'govuk-body', 'data-testid': 'run-summary' }, summary),
    due.length > 0 ? dueTable(view, due, report.dry_run ? 'Due for deletion' : 'Deleted', report.dry_run ? 'due' : 'deleted') : null,
    held.length > 0 ? dueTable(view, held, 'Kept by a legal hold', 'held') : null,
  ].filter((item): item is HTMLElement => item !== null)
}

/** Checking what the rules would delete, then deleting it after a confirmation. */
export function runSection(view: RecordsView): HTMLElement[] {
  const errors = new ErrorSummary()
  const asOf = dateInput({
    legend: 'Apply the rules as of (optional)',
    legendSize: 's',
    name: 'as-of',
    hint: 'Leave this empty for today. To see what will be due later, give a day ahead, for example 31 12 2027.',
  })
  const status = h('p', { class: 'govuk-body kp-status', role: 'status' })
  const result = h('div', { class: 'kp-run-result' })
  const check = button('Check what would be deleted', { type: 'submit' })

  function showDryRun(report: RetentionRun, asOfDay: string | null): void {
    const heading = h('h3', { class: 'govuk-heading-m', tabindex: '-1' }, `What would be deleted as of ${dateOnly(report.as_of)}`)
    const due = report.items.filter((item) => !item.held)
    const confirm = h('div', { class: 'kp-confirm', hidden: true })
    const start = due.length > 0 ? button('Delete these now', { kind: 'warning', onClick: () => ask() }) : null
    const yes = button('Yes, delete them now', { kind: 'warning' })
    const cancel = button('Cancel', {
      kind: 'secondary',
      onClick: () => {
        confirm.hidden = true
        if (start) {
          start.hidden = false
          start.focus()
        }
      },
    })
    function ask(): void {
      if (!start) return
      start.hidden = true
      confirm.hidden = false
      confirmHeading.focus()
    }
    const confirmHeading = h('h4', { class: 'govuk-heading-s', tabindex: '-1' }, 'Are you sure?')
    replaceChildren(
      confirm,
      confirmHeading,
      warningText(
        `This deletes the ${count(due.length, 'set', 'sets')} of records listed as due, as of ${dateOnly(report.as_of)}, from everywhere kinplan keeps them. It cannot be undone. Records under a legal hold are kept.`,
      ),
      h('div', { class: 'govuk-button-group' }, yes, cancel),
    )
    yes.addEventListener('click', async () => {
      errors.clear()
      try {
        const done = await whileBusy(yes, 'Deleting…', status, () => api.runRetention(false, asOfDay))
        await view.changed(
          'run',
          h(
            'div',
            { class: 'kp-run-done' },
            banner('Deleted', [h('p', { class: 'govuk-body' }, `The rules were applied as of ${dateOnly(done.as_of)}.`)], true),
            h('h3', { class: 'govuk-heading-m' }, `What was deleted as of ${dateOnly(done.as_of)}`),
            runListing(view, done),
          ),
        )
      } catch (error) {
        errors.show([{ message: (error as Error).message }])
      }
    })
    replaceChildren(result, heading, runListing(view, report), start, confirm)
    heading.focus()
  }

  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-run-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const day = asOf.value()
        if (day === 'invalid') {
          errors.show([{ control: asOf.day, message: 'Enter a real day, such as 31 12 2027, or leave it empty for today' }])
          return
        }
        errors.clear()
        replaceChildren(result)
        try {
          const report = await whileBusy(check, 'Checking…', status, () => api.runRetention(true, day))
          showDryRun(report, day)
        } catch (error) {
          const problems: FieldError[] = [{ control: day ? asOf.day : undefined, message: (error as Error).message }]
          errors.show(problems)
        }
      },
    },
    errors.element,
    h('p', { class: 'govuk-body' }, 'A check lists what the rules would delete and why, and deletes nothing. Records under a legal hold are listed as kept.'),
    asOf.group,
    check,
    status,
  )
  return [form, result]
}
