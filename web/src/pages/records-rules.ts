// The records page's retention sections: the rule for each type of record with a form to change
// it, and applying the rules: a check first (optionally as of a day ahead) that lists what would
// go and why and what a hold keeps, then deleting after a confirmation.

import { api, type RetentionRule, type RetentionRun, type RetentionRunItem } from '../api'
import { h, replaceChildren } from '../dom'
import { dateOnly, dateTime, sentence } from '../format'
import { t } from '../i18n'
import { ErrorSummary, banner, button, dateInput, select, textInput, warningText, whileBusy, type FieldError } from '../components/forms'
import { dataTable, fromEventName, meetingTitle, recordTypeName, removedWords, whoName, type RecordsView } from './records-view'

function ruleForm(view: RecordsView, rule: RetentionRule): HTMLElement {
  const errors = new ErrorSummary()
  const name = recordTypeName(rule.record_type)
  const keep = textInput({
    label: t('staff-records-rules-keep'),
    hint: t('staff-records-rules-whole-number-d-m-y'),
    name: `keep-${rule.record_type}`,
    value: rule.keep,
    width: '5',
    spellcheck: false,
    autocomplete: 'off',
  })
  const from = select({
    label: t('staff-records-rules-counted-from'),
    name: `from-${rule.record_type}`,
    value: rule.from,
    options: rule.allowed_from.map((event) => ({ value: event, label: fromEventName(event) })),
  })
  const save = button(t('staff-records-rules-save-rule'), { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-rule-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const period = keep.control.value.trim()
        if (!period) {
          errors.show([{ control: keep.control, message: t('staff-records-rules-enter-how-long-keep-them') }])
          return
        }
        errors.clear()
        try {
          const saved = await whileBusy(save, t('staff-saving'), null, () => api.setRetentionRule(rule.record_type, period, from.control.value as RetentionRule['from']))
          await view.changed('rules', banner(t('staff-records-rules-rule-saved'), [h('p', { class: 'govuk-body' }, t('staff-records-rules-kept', { name, description: saved.description }))], true))
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
      h('span', { class: 'govuk-details__summary-text' }, t('staff-records-rules-change'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-records-rules-how-long-keep', { name: name.toLowerCase() }))),
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
        rule.updated_at ? t('staff-records-rules-changed-by', { who: whoName(view, rule.updated_by), when: dateTime(rule.updated_at) }) : whoName(view, rule.updated_by),
      ),
      h('td', { class: 'govuk-table__cell kp-rule-change-cell' }, ruleForm(view, rule)),
    ),
  )
  return [
    h(
      'p',
      { class: 'govuk-body' },
      t('staff-records-rules-each-type-record-deleted-when'),
    ),
    dataTable({
      caption: t('staff-records-rules-retention-rules'),
      hiddenCaption: true,
      testId: 'rules',
      titles: [t('staff-records-rules-record'), t('staff-records-rules-kept-for'), t('staff-records-rules-last-changed'), h('span', { class: 'govuk-visually-hidden' }, t('staff-records-rules-change'))],
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
        item.held ? h('strong', { class: 'govuk-body-s kp-block' }, t('staff-records-rules-kept-hold', { held: sentence(item.held) })) : null,
      ),
    ),
  )
  return dataTable({ caption, testId, titles: [t('staff-records-rules-records'), t('staff-records-rules-meeting'), t('staff-records-rules-why')], rows })
}

/** A run's listing: what goes (or went) and what a hold keeps. */
function runListing(view: RecordsView, report: RetentionRun): HTMLElement[] {
  const due = report.items.filter((item) => !item.held)
  const held = report.items.filter((item) => item.held)
  const day = dateOnly(report.as_of)
  const dueWords =
    due.length === 0
      ? report.dry_run
        ? t('staff-records-rules-nothing-would-deleted')
        : t('staff-records-rules-nothing-was-deleted')
      : t(report.dry_run ? 'staff-records-rules-would-be-deleted' : 'staff-records-rules-were-deleted', { count: due.length })
  const heldWords = held.length === 0 ? '' : t('staff-records-rules-held', { count: held.length })
  const summary =
    report.items.length === 0
      ? t('staff-records-rules-nothing-due-deletion', { day })
      : [t('staff-records-rules-as-of', { what: dueWords, day }), heldWords].filter(Boolean).join(' ')
  return [
    h('p', { class: 'govuk-body', 'data-testid': 'run-summary' }, summary),
    due.length > 0 ? dueTable(view, due, report.dry_run ? t('staff-records-rules-due-deletion') : t('staff-records-rules-deleted'), report.dry_run ? 'due' : 'deleted') : null,
    held.length > 0 ? dueTable(view, held, t('staff-records-rules-kept-legal-hold'), 'held') : null,
  ].filter((item): item is HTMLElement => item !== null)
}

/** Checking what the rules would delete, then deleting it after a confirmation. */
export function runSection(view: RecordsView): HTMLElement[] {
  const errors = new ErrorSummary()
  const asOf = dateInput({
    legend: t('staff-records-rules-apply-rules-optional'),
    legendSize: 's',
    name: 'as-of',
    hint: t('staff-records-rules-leave-empty-today-see-what'),
  })
  const status = h('p', { class: 'govuk-body kp-status', role: 'status' })
  const result = h('div', { class: 'kp-run-result' })
  const check = button(t('staff-records-rules-check-what-would-deleted'), { type: 'submit' })

  function showDryRun(report: RetentionRun, asOfDay: string | null): void {
    const heading = h('h3', { class: 'govuk-heading-m', tabindex: '-1' }, t('staff-records-rules-what-would-deleted', { day: dateOnly(report.as_of) }))
    const due = report.items.filter((item) => !item.held)
    const confirm = h('div', { class: 'kp-confirm', hidden: true })
    const start = due.length > 0 ? button(t('staff-records-rules-delete-these-now'), { kind: 'warning', onClick: () => ask() }) : null
    const yes = button(t('staff-records-rules-yes-delete-them-now'), { kind: 'warning' })
    const cancel = button(t('staff-referral-cancel'), {
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
    const confirmHeading = h('h4', { class: 'govuk-heading-s', tabindex: '-1' }, t('staff-records-rules-you-sure'))
    replaceChildren(
      confirm,
      confirmHeading,
      warningText(
        t('staff-records-rules-deletes', { count: due.length, day: dateOnly(report.as_of) }),
      ),
      h('div', { class: 'govuk-button-group' }, yes, cancel),
    )
    yes.addEventListener('click', async () => {
      errors.clear()
      try {
        const done = await whileBusy(yes, t('staff-records-rules-deleting'), status, () => api.runRetention(false, asOfDay))
        await view.changed(
          'run',
          h(
            'div',
            { class: 'kp-run-done' },
            banner(t('staff-records-rules-deleted'), [h('p', { class: 'govuk-body' }, t('staff-records-rules-rules-were-applied', { day: dateOnly(done.as_of) }))], true),
            h('h3', { class: 'govuk-heading-m' }, t('staff-records-rules-what-was-deleted', { day: dateOnly(done.as_of) })),
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
          errors.show([{ control: asOf.day, message: t('staff-records-rules-enter-real-day-such-31') }])
          return
        }
        errors.clear()
        replaceChildren(result)
        try {
          const report = await whileBusy(check, t('staff-records-rules-checking'), status, () => api.runRetention(true, day))
          showDryRun(report, day)
        } catch (error) {
          const problems: FieldError[] = [{ control: day ? asOf.day : undefined, message: (error as Error).message }]
          errors.show(problems)
        }
      },
    },
    errors.element,
    h('p', { class: 'govuk-body' }, t('staff-records-rules-check-lists-what-rules-would')),
    asOf.group,
    check,
    status,
  )
  return [form, result]
}
