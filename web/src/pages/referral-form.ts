// The referral form: opening a case, and changing a case's referral. The children (name, date of
// birth, case-system ID) and the people with parental responsibility are lists that grow with
// "Add another" and shrink with "Remove". Only what cannot be sent (a date that is not a real day)
// is checked here; the server judges the rest, and its message is shown at the field it is about.
// A refused form keeps everything typed into it.

import type { Case, Referral } from '../api'
import { t } from '../i18n'
import { h, replaceChildren, uniqueId } from '../dom'
import { todayIso } from '../format'
import {
  ErrorSummary,
  button,
  dateInput,
  textArea,
  textInput,
  whileBusy,
  type DateField,
  type Field,
  type FieldError,
} from '../components/forms'

/** The server's limits on a referral's names (domain/src/cases.rs), to find which one it refused. */
const MAX_NAME = 120
const MAX_CASE_SYSTEM_ID = 64

interface ChildRow {
  element: HTMLElement
  legend: HTMLElement
  name: Field<HTMLInputElement>
  born: DateField
  caseSystemId: Field<HTMLInputElement>
  remove: HTMLButtonElement
}

interface ParentRow {
  element: HTMLElement
  legend: HTMLElement
  name: Field<HTMLInputElement>
  relationship: Field<HTMLInputElement>
  remove: HTMLButtonElement
}

export interface ReferralFormOptions {
  /** The case whose referral is changed; a new case when left out. */
  initial?: Case
  /** Where problems are listed (the caller places its element at the top of the page or section). */
  errors: ErrorSummary
  submitText: string
  busyText: string
  /** Sends the referral; a refusal it throws is shown at the field it is about. */
  submit: (referral: Referral) => Promise<void>
  /** Shows a "Cancel" link-button that calls this. */
  cancel?: () => void
}

const trimmed = (field: Field<HTMLInputElement | HTMLTextAreaElement>) => field.control.value.trim()

/** The referral form, ready to place on a page. */
export function referralForm(options: ReferralFormOptions): HTMLFormElement {
  const { errors, initial } = options
  const formId = uniqueId('referral')
  const title = textInput({
    label: t('staff-referral-name-case'),
    hint: t('staff-referral-name-case-hint'),
    name: 'case-title',
    value: initial?.title,
  })

  const childRows: ChildRow[] = []
  const childList = h('div', { class: 'kp-repeat-list' })
  const addChild = button(t('staff-referral-add-another-child'), { kind: 'secondary', onClick: () => newChild(null, true) })
  const parentRows: ParentRow[] = []
  const parentList = h('div', { class: 'kp-repeat-list' })
  const addParent = button(t('staff-referral-add-another-person'), { kind: 'secondary', onClick: () => newParent(null, true) })

  function renumber(): void {
    childRows.forEach((row, index) => {
      replaceChildren(row.legend, t('staff-referral-child', { number: index + 1 }))
      replaceChildren(row.remove, t('staff-referral-remove'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-referral-which-child', { number: index + 1 })))
      // A case names at least one child: the last one left cannot be removed.
      row.remove.hidden = childRows.length === 1
      row.remove.classList.toggle('govuk-!-display-none', childRows.length === 1)
    })
    parentRows.forEach((row, index) => {
      replaceChildren(row.legend, t('staff-referral-person', { number: index + 1 }))
      replaceChildren(row.remove, t('staff-referral-remove'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-referral-which-person', { number: index + 1 })))
    })
  }

  function newChild(child: Case['children'][number] | null, focus: boolean): void {
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' })
    const name = textInput({ label: t('staff-referral-name'), name: 'child-name', value: child?.name, autocomplete: 'off', spellcheck: false })
    const born = dateInput({ legend: t('staff-referral-date-birth'), hint: t('staff-referral-date-birth-hint'), name: 'child-born' })
    born.set(child?.date_of_birth ?? null)
    const caseSystemId = textInput({
      label: t('staff-referral-case-system-id'),
      hint: t('staff-referral-case-system-id-hint'),
      name: 'child-case-system-id',
      value: child?.case_system_id,
      width: '10',
      spellcheck: false,
    })
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' })
    const element = h('fieldset', { class: 'govuk-fieldset kp-repeat-item', 'data-child-row': '' }, legend, name.group, born.group, caseSystemId.group, remove)
    const row: ChildRow = { element, legend, name, born, caseSystemId, remove }
    remove.addEventListener('click', () => {
      const index = childRows.indexOf(row)
      childRows.splice(index, 1)
      element.remove()
      renumber()
      ;(childRows[Math.max(0, index - 1)]?.name.control ?? addChild).focus()
    })
    childRows.push(row)
    childList.append(element)
    renumber()
    if (focus) name.control.focus()
  }

  function newParent(parent: Case['parental_responsibility'][number] | null, focus: boolean): void {
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' })
    const name = textInput({ label: t('staff-referral-name'), name: 'parent-name', value: parent?.name, autocomplete: 'off', spellcheck: false })
    const relationship = textInput({
      label: t('staff-referral-relationship-children'),
      hint: t('staff-referral-relationship-hint'),
      name: 'parent-relationship',
      value: parent?.relationship,
      width: '20',
    })
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' })
    const element = h('fieldset', { class: 'govuk-fieldset kp-repeat-item', 'data-parent-row': '' }, legend, name.group, relationship.group, remove)
    const row: ParentRow = { element, legend, name, relationship, remove }
    remove.addEventListener('click', () => {
      const index = parentRows.indexOf(row)
      parentRows.splice(index, 1)
      element.remove()
      renumber()
      ;(parentRows[Math.max(0, index - 1)]?.name.control ?? addParent).focus()
    })
    parentRows.push(row)
    parentList.append(element)
    renumber()
    if (focus) name.control.focus()
  }

  if (initial && initial.children.length > 0) for (const child of initial.children) newChild(child, false)
  else newChild(null, false)
  if (initial) for (const parent of initial.parental_responsibility) newParent(parent, false)
  else newParent(null, false)

  const referrer = textInput({ label: t('staff-referral-who-referred-family'), hint: t('staff-referral-who-referred-hint'), name: 'referrer', value: initial?.referrer })
  const lead = textInput({ label: t('staff-case-family-help-lead-practitioner'), name: 'lead-practitioner', value: initial?.lead_practitioner })
  const reason = textArea({ label: t('staff-case-reason-referral'), name: 'reason', rows: 3, value: initial?.reason })
  const worries = textArea({ label: t('staff-case-worries'), hint: t('staff-referral-worries-hint'), name: 'worries', rows: 4, value: initial?.worries })
  const bottomLines = textArea({
    label: t('staff-case-bottom-lines'),
    hint: t('staff-referral-bottom-lines-hint'),
    name: 'bottom-lines',
    rows: 4,
    value: initial?.bottom_lines,
  })
  const questions = textArea({ label: t('staff-case-questions-family'), hint: t('staff-referral-questions-hint'), name: 'questions', rows: 4, value: initial?.questions })
  const received = dateInput({ legend: t('staff-referral-received'), hint: t('staff-referral-received-hint'), name: 'received' })
  received.set(initial?.received_on ?? null)

  /** The rows that were sent last, to find the one the server's message is about. */
  let sentChildren: ChildRow[] = []
  let sentParents: ParentRow[] = []

  function collect(): { referral: Referral | null; problems: FieldError[] } {
    const problems: FieldError[] = []
    sentChildren = childRows.filter(
      (row) => trimmed(row.name) || row.born.value() !== null || trimmed(row.caseSystemId),
    )
    sentParents = parentRows.filter((row) => trimmed(row.name) || trimmed(row.relationship))
    const children = sentChildren.map((row) => {
      const born = row.born.value()
      if (born === 'invalid') {
        const number = childRows.indexOf(row) + 1
        problems.push({ control: row.born.day, message: t('staff-referral-error-date-birth', { number }) })
      }
      return { name: row.name.control.value, date_of_birth: born === 'invalid' ? null : born, case_system_id: row.caseSystemId.control.value }
    })
    const receivedOn = received.value()
    if (receivedOn === 'invalid') problems.push({ control: received.day, message: t('staff-referral-error-received') })
    if (problems.length > 0) return { referral: null, problems }
    return {
      referral: {
        title: title.control.value,
        children,
        parental_responsibility: sentParents.map((row) => ({ name: row.name.control.value, relationship: row.relationship.control.value })),
        referrer: referrer.control.value,
        lead_practitioner: lead.control.value,
        reason: reason.control.value,
        worries: worries.control.value,
        bottom_lines: bottomLines.control.value,
        questions: questions.control.value,
        received_on: receivedOn === 'invalid' ? null : receivedOn,
      },
      problems,
    }
  }

  /** The field a refusal of the server is about, found from its words and what was sent. */
  function controlFor(message: string): HTMLElement | undefined {
    const text = message.toLowerCase()
    const tooLong = (field: Field<HTMLInputElement>, max: number) => trimmed(field).length > max || /[\u0000-\u0009\u000b-\u001f\u007f]/.test(field.control.value)
    if (text.includes('parental responsibility') && !text.includes('at most')) {
      const row = sentParents.find((candidate) => !trimmed(candidate.name) || tooLong(candidate.name, MAX_NAME)) ?? sentParents[0] ?? parentRows[0]
      return row?.name.control ?? addParent
    }
    if (text.includes('parental responsibility')) return addParent
    if (text.includes('the relationship')) {
      return (sentParents.find((row) => tooLong(row.relationship, MAX_NAME)) ?? sentParents[0])?.relationship.control
    }
    if (text.includes('date of birth')) {
      const today = todayIso()
      const born = (row: ChildRow) => {
        const value = row.born.value()
        return value === 'invalid' ? null : value
      }
      const row =
        (text.includes('future') ? sentChildren.find((candidate) => (born(candidate) ?? '') > today) : undefined) ??
        (text.includes('1900') ? sentChildren.find((candidate) => (born(candidate) ?? '9999') < '1900') : undefined) ??
        sentChildren.find((candidate) => born(candidate) !== null) ??
        childRows[0]
      return row.born.day
    }
    if (text.includes('case-system')) {
      return (sentChildren.find((row) => tooLong(row.caseSystemId, MAX_CASE_SYSTEM_ID)) ?? sentChildren.find((row) => trimmed(row.caseSystemId)) ?? childRows[0])
        .caseSystemId.control
    }
    if (text.includes('referral came') || text.includes('been received')) return received.day
    if (text.includes('child')) {
      if (text.includes('at most')) return addChild
      return (sentChildren.find((row) => !trimmed(row.name) || tooLong(row.name, MAX_NAME)) ?? childRows[0]).name.control
    }
    const fields: [string, HTMLElement][] = [
      ['title', title.control],
      ['referrer', referrer.control],
      ['lead practitioner', lead.control],
      ['the reason', reason.control],
      ['worries', worries.control],
      ['bottom lines', bottomLines.control],
      ['questions', questions.control],
    ]
    return fields.find(([words]) => text.includes(words))?.[1]
  }

  const submit = button(options.submitText, { type: 'submit', inline: true })
  const form = h(
    'form',
    {
      id: formId,
      class: 'kp-referral-form',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const { referral, problems } = collect()
        if (!referral) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          await whileBusy(submit, options.busyText, null, () => options.submit(referral))
        } catch (error) {
          const message = (error as Error).message
          errors.show([{ control: controlFor(message), message }])
        }
      },
    },
    title.group,
    h(
      'fieldset',
      { class: 'govuk-fieldset kp-repeat' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, h('h3', { class: 'govuk-fieldset__heading' }, t('staff-case-children'))),
      childList,
      addChild,
    ),
    h(
      'fieldset',
      { class: 'govuk-fieldset kp-repeat', 'aria-describedby': `${formId}-parents-hint` },
      h(
        'legend',
        { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' },
        h('h3', { class: 'govuk-fieldset__heading' }, t('staff-case-people-parental-responsibility')),
      ),
      h(
        'div',
        { class: 'govuk-hint', id: `${formId}-parents-hint` },
        initial
          ? t('staff-referral-parents-hint-change')
          : t('staff-referral-parents-hint-new'),
      ),
      parentList,
      addParent,
    ),
    h('h3', { class: 'govuk-heading-m' }, t('staff-referral-heading')),
    referrer.group,
    lead.group,
    reason.group,
    worries.group,
    bottomLines.group,
    questions.group,
    received.group,
    h(
      'div',
      { class: 'govuk-button-group' },
      submit,
      options.cancel ? h('button', { type: 'button', class: 'kp-link-button govuk-link', onclick: options.cancel }, t('staff-referral-cancel')) : null,
    ),
  )
  return form
}
