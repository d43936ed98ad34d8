// GOV.UK Design System form patterns as small builders: text inputs, text areas, selects, radios,
// checkboxes, buttons, and the error summary with errors shown beside each field.

import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { t, TIME_ZONE, westernDigits } from '../i18n'

export interface Field<E extends HTMLElement> {
  group: HTMLElement
  control: E
  id: string
}

interface FieldOptions {
  label: string
  hint?: string
  id?: string
  name?: string
  value?: string
  /** Label as a page heading: `l`, `m` or `s`. */
  labelSize?: 'l' | 'm' | 's'
}

function labelFor(id: string, options: FieldOptions): HTMLElement {
  const size = options.labelSize ? ` govuk-label--${options.labelSize}` : ''
  return h('label', { class: `govuk-label${size}`, for: id }, options.label)
}

function hintFor(id: string, hint?: string): HTMLElement | null {
  return hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null
}

export function textInput(
  options: FieldOptions & {
    type?: string
    autocomplete?: string
    inputmode?: string
    width?: string
    spellcheck?: boolean
    required?: boolean
    /** Shown before the box, such as "£" (GOV.UK's prefix; hidden from screen readers, so say it in the label or hint too). */
    prefix?: string
  },
): Field<HTMLInputElement> {
  const id = options.id ?? uniqueId('input')
  const control = h('input', {
    class: `govuk-input${options.width ? ` govuk-input--width-${options.width}` : ''}`,
    id,
    name: options.name ?? id,
    type: options.type ?? 'text',
    autocomplete: options.autocomplete,
    inputmode: options.inputmode,
    spellcheck: options.spellcheck === undefined ? null : String(options.spellcheck),
    // Email addresses and phone numbers read left to right in every language.
    dir: options.type === 'email' || options.type === 'tel' ? 'ltr' : null,
    'aria-describedby': options.hint ? `${id}-hint` : null,
    required: options.required,
  })
  if (options.value !== undefined) control.value = options.value
  const box = options.prefix
    ? h('div', { class: 'govuk-input__wrapper' }, h('div', { class: 'govuk-input__prefix', 'aria-hidden': 'true' }, options.prefix), control)
    : control
  const group = h('div', { class: 'govuk-form-group' }, labelFor(id, options), hintFor(id, options.hint), box)
  return { group, control, id }
}

export function textArea(options: FieldOptions & { rows?: number }): Field<HTMLTextAreaElement> {
  const id = options.id ?? uniqueId('textarea')
  const control = h('textarea', {
    class: 'govuk-textarea',
    id,
    name: options.name ?? id,
    rows: String(options.rows ?? 4),
    'aria-describedby': options.hint ? `${id}-hint` : null,
  })
  if (options.value !== undefined) control.value = options.value
  const group = h('div', { class: 'govuk-form-group' }, labelFor(id, options), hintFor(id, options.hint), control)
  return { group, control, id }
}

export function select(
  options: FieldOptions & { options: { value: string; label: string }[] },
): Field<HTMLSelectElement> {
  const id = options.id ?? uniqueId('select')
  const control = h(
    'select',
    { class: 'govuk-select', id, name: options.name ?? id, 'aria-describedby': options.hint ? `${id}-hint` : null },
    options.options.map((option) => h('option', { value: option.value }, option.label)),
  )
  if (options.value !== undefined) control.value = options.value
  const group = h('div', { class: 'govuk-form-group' }, labelFor(id, options), hintFor(id, options.hint), control)
  return { group, control, id }
}

export interface RadioItem {
  value: string
  label: string
  hint?: string
  /** Shown under this item only while it is chosen (the GOV.UK conditional reveal). */
  conditional?: Child
}

export interface RadiosField {
  group: HTMLElement
  inputs: HTMLInputElement[]
  id: string
  value(): string
}

/** A form group holding a fieldset: its legend, its hint if any, then `content`. */
function fieldsetGroup(
  id: string,
  options: { legend: string; legendSize?: 'l' | 'm' | 's'; hint?: string },
  content: HTMLElement,
): HTMLElement {
  const legendSize = options.legendSize ? ` govuk-fieldset__legend--${options.legendSize}` : ''
  return h(
    'div',
    { class: 'govuk-form-group' },
    h(
      'fieldset',
      { class: 'govuk-fieldset', 'aria-describedby': options.hint ? `${id}-hint` : null },
      h('legend', { class: `govuk-fieldset__legend${legendSize}` }, options.legend),
      hintFor(id, options.hint),
      content,
    ),
  )
}

export function radios(options: {
  legend: string
  legendSize?: 'l' | 'm' | 's'
  name: string
  items: RadioItem[]
  hint?: string
  value?: string
  small?: boolean
}): RadiosField {
  const id = uniqueId(options.name)
  const inputs: HTMLInputElement[] = []
  const conditionals: { input: HTMLInputElement; conditional: HTMLElement }[] = []
  const items = options.items.map((item, index) => {
    const inputId = index === 0 ? id : `${id}-${index + 1}`
    const input = h('input', {
      class: 'govuk-radios__input',
      id: inputId,
      name: options.name,
      type: 'radio',
      value: item.value,
      'aria-describedby': item.hint ? `${inputId}-item-hint` : null,
    })
    if (options.value === item.value) input.checked = true
    inputs.push(input)
    const itemElement = h(
      'div',
      { class: 'govuk-radios__item' },
      input,
      h('label', { class: 'govuk-label govuk-radios__label', for: inputId }, item.label),
      item.hint ? h('div', { id: `${inputId}-item-hint`, class: 'govuk-hint govuk-radios__hint' }, item.hint) : null,
    )
    if (item.conditional === undefined) return itemElement
    const conditionalId = `${inputId}-conditional`
    input.setAttribute('aria-controls', conditionalId)
    const conditional = h('div', { class: 'govuk-radios__conditional', id: conditionalId }, item.conditional)
    conditionals.push({ input, conditional })
    return [itemElement, conditional]
  })
  // Reveals what belongs to the chosen item and hides the rest, as GOV.UK Frontend's radios do
  // (without aria-expanded, which a radio may not carry).
  function reveal(): void {
    for (const { input, conditional } of conditionals) {
      conditional.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
    }
  }
  for (const input of inputs) input.addEventListener('change', reveal)
  reveal()
  const radiosClass = `govuk-radios${options.small ? ' govuk-radios--small' : ''}`
  const group = fieldsetGroup(id, options, h('div', { class: radiosClass, 'data-module': 'govuk-radios' }, items))
  return { group, inputs, id, value: () => inputs.find((input) => input.checked)?.value ?? '' }
}

export function checkbox(options: { label: string; hint?: string; checked?: boolean; name?: string }): Field<HTMLInputElement> {
  const id = uniqueId('checkbox')
  const control = h('input', {
    class: 'govuk-checkboxes__input',
    id,
    name: options.name ?? id,
    type: 'checkbox',
    'aria-describedby': options.hint ? `${id}-item-hint` : null,
  })
  control.checked = Boolean(options.checked)
  const group = h(
    'div',
    { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
    h(
      'div',
      { class: 'govuk-checkboxes__item' },
      control,
      h('label', { class: 'govuk-label govuk-checkboxes__label', for: id }, options.label),
      options.hint ? h('div', { id: `${id}-item-hint`, class: 'govuk-hint govuk-checkboxes__hint' }, options.hint) : null,
    ),
  )
  return { group, control, id }
}

export interface CheckboxesField {
  group: HTMLElement
  inputs: HTMLInputElement[]
  /** The first box, for an error message to point at. */
  first: HTMLInputElement | null
  checked(): string[]
}

/** A fieldset of checkboxes under one legend. */
export function checkboxes(options: {
  legend: string
  legendSize?: 'l' | 'm' | 's'
  name: string
  items: { value: string; label: string; hint?: string; checked?: boolean }[]
  hint?: string
}): CheckboxesField {
  const id = uniqueId(options.name)
  const inputs = options.items.map((item, index) => {
    const input = h('input', {
      class: 'govuk-checkboxes__input',
      id: index === 0 ? id : `${id}-${index + 1}`,
      name: options.name,
      type: 'checkbox',
      value: item.value,
      'aria-describedby': item.hint ? `${id}-${index + 1}-item-hint` : null,
    })
    input.checked = Boolean(item.checked)
    return input
  })
  const items = options.items.map((item, index) =>
    h(
      'div',
      { class: 'govuk-checkboxes__item' },
      inputs[index],
      h('label', { class: 'govuk-label govuk-checkboxes__label', for: inputs[index].id }, item.label),
      item.hint ? h('div', { id: `${id}-${index + 1}-item-hint`, class: 'govuk-hint govuk-checkboxes__hint' }, item.hint) : null,
    ),
  )
  const group = fieldsetGroup(id, options, h('div', { class: 'govuk-checkboxes', 'data-module': 'govuk-checkboxes' }, items))
  return { group, inputs, first: inputs[0] ?? null, checked: () => inputs.filter((input) => input.checked).map((input) => input.value) }
}

export interface DateField {
  group: HTMLElement
  day: HTMLInputElement
  month: HTMLInputElement
  year: HTMLInputElement
  /** The day as YYYY-MM-DD; null when all three boxes are empty; `invalid` when it is not a real date. */
  value(): string | null | 'invalid'
  /** Fills the three boxes from a day given as YYYY-MM-DD (empties them for null). */
  set(day: string | null): void
}

/** The GOV.UK date input: day, month and year boxes in a fieldset. */
export function dateInput(options: { legend: string; legendSize?: 'l' | 'm' | 's'; hint?: string; name: string }): DateField {
  const id = uniqueId(options.name)
  const box = (part: 'day' | 'month' | 'year', label: string, width: string) => {
    const input = h('input', {
      class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
      id: `${id}-${part}`,
      name: `${options.name}-${part}`,
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
    })
    const item = h('div', { class: 'govuk-date-input__item' }, h('label', { class: 'govuk-label govuk-date-input__label', for: input.id }, label), input)
    return { input, item }
  }
  const day = box('day', t('date-day'), '2')
  const month = box('month', t('date-month'), '2')
  const year = box('year', t('date-year'), '4')
  const legendSize = options.legendSize ? ` govuk-fieldset__legend--${options.legendSize}` : ''
  const group = h(
    'div',
    { class: 'govuk-form-group' },
    h(
      'fieldset',
      { class: 'govuk-fieldset', role: 'group', 'aria-describedby': options.hint ? `${id}-hint` : null },
      h('legend', { class: `govuk-fieldset__legend${legendSize}` }, options.legend),
      hintFor(id, options.hint),
      h('div', { class: 'govuk-date-input', id }, day.item, month.item, year.item),
    ),
  )
  const value = (): string | null | 'invalid' => {
    const parts = [day.input, month.input, year.input].map((input) => westernDigits(input.value.trim()))
    if (parts.every((part) => part === '')) return null
    if (!parts.every((part) => /^\d+$/.test(part)) || parts[2].length !== 4) return 'invalid'
    const [d, m, y] = parts.map(Number)
    const date = new Date(Date.UTC(y, m - 1, d))
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid'
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  }
  const set = (given: string | null): void => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given ?? '')
    day.input.value = match ? String(Number(match[3])) : ''
    month.input.value = match ? String(Number(match[2])) : ''
    year.input.value = match ? match[1] : ''
  }
  return { group, day: day.input, month: month.input, year: year.input, value, set }
}

/** Minutes London is ahead of UTC at the instant `utcMillis` (0 in winter, 60 in summer). */
function londonOffsetMinutes(utcMillis: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(utcMillis))
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0)
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'))
  return Math.round((asUtc - utcMillis) / 60000)
}

/** A day (YYYY-MM-DD) and a time of day in the UK, as an instant in RFC 3339 (UTC). */
export function ukTimeToIso(day: string, hour: number, minute: number): string {
  const [year, month, date] = day.split('-').map(Number)
  const local = Date.UTC(year, month - 1, date, hour, minute)
  const guess = local - londonOffsetMinutes(local) * 60000
  return new Date(local - londonOffsetMinutes(guess) * 60000).toISOString()
}

export interface DateTimeField {
  group: HTMLElement
  day: HTMLInputElement
  time: HTMLInputElement
  /** The instant (RFC 3339), null when both are empty, or which part is wrong. */
  value(): string | null | 'invalid-day' | 'invalid-time'
}

/**
 * A day (the GOV.UK date input) and a time (24-hour, such as 14:30), in UK time, for when a
 * meeting is held; no browser picker, which shows month-first dates in some places.
 */
export function dateTimeInput(options: { legend: string; hint?: string; name: string }): DateTimeField {
  const date = dateInput({ legend: options.legend, legendSize: 's', hint: options.hint, name: options.name })
  const time = textInput({ label: t('staff-time-of-day'), hint: t('staff-time-of-day-hint'), name: `${options.name}-time`, width: '5', inputmode: 'numeric' })
  const group = h('div', { class: 'kp-date-time' }, date.group, time.group)
  const value = (): string | null | 'invalid-day' | 'invalid-time' => {
    const day = date.value()
    const given = westernDigits(time.control.value.trim())
    if (day === null && given === '') return null
    if (day === null || day === 'invalid') return 'invalid-day'
    const match = /^(\d{1,2})[:.](\d{2})$/.exec(given)
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return 'invalid-time'
    return ukTimeToIso(day, Number(match[1]), Number(match[2]))
  }
  return { group, day: date.day, time: time.control, value }
}

/** The GOV.UK warning text: an exclamation mark and a sentence in bold. */
export function warningText(text: Child): HTMLElement {
  return h(
    'div',
    { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, t('warning-prefix')), ' ', text),
  )
}

/**
 * Runs `work` with `control` showing that it is busy: disabled, its words replaced by `busyText`,
 * and `status` (a live region) saying what is happening, for work that can take seconds.
 */
export async function whileBusy<T>(control: HTMLButtonElement, busyText: string, status: HTMLElement | null, work: () => Promise<T>): Promise<T> {
  const words = control.textContent ?? ''
  control.disabled = true
  control.textContent = busyText
  if (status) replaceChildren(status, busyText)
  try {
    return await work()
  } finally {
    control.disabled = false
    control.textContent = words
    if (status) replaceChildren(status)
  }
}

export function button(
  text: string,
  options: { kind?: 'secondary' | 'warning'; type?: 'button' | 'submit'; onClick?: (event: Event) => void; inline?: boolean } = {},
): HTMLButtonElement {
  const kind = options.kind ? ` govuk-button--${options.kind}` : ''
  return h(
    'button',
    {
      type: options.type ?? 'button',
      class: `govuk-button${kind}${options.inline ? ' kp-inline-button' : ''}`,
      'data-module': 'govuk-button',
      onclick: options.onClick as EventListener | undefined,
    },
    text,
  )
}

export interface FieldError {
  /** The control the error is about (its group gets the error styling). */
  control?: HTMLElement
  message: string
}

/** A place for the error summary at the top of a form or page. */
export class ErrorSummary {
  readonly element: HTMLElement
  private marked: { group: HTMLElement; message: HTMLElement; control: HTMLElement; describedBy: string | null }[] = []

  constructor() {
    this.element = h('div', { class: 'kp-error-slot' })
  }

  /** Shows `errors` (or clears them when empty) and moves focus to the summary. */
  show(errors: FieldError[]): void {
    this.clear()
    if (errors.length === 0) return
    const items = errors.map((error) => {
      const target = error.control?.id ? `#${error.control.id}` : null
      return h(
        'li',
        null,
        target
          ? h(
              'a',
              {
                href: target,
                onclick: (event: Event) => {
                  event.preventDefault()
                  error.control?.focus()
                },
              },
              error.message,
            )
          : error.message,
      )
    })
    const summary = h(
      'div',
      { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' },
      h(
        'div',
        { role: 'alert' },
        h('h2', { class: 'govuk-error-summary__title' }, t('there-is-a-problem')),
        h('div', { class: 'govuk-error-summary__body' }, h('ul', { class: 'govuk-list govuk-error-summary__list' }, items)),
      ),
    )
    replaceChildren(this.element, summary)
    for (const error of errors) {
      const control = error.control
      const group = control?.closest('.govuk-form-group') as HTMLElement | null
      if (!control || !group) continue
      group.classList.add('govuk-form-group--error')
      const messageId = `${control.id}-error`
      const message = h('p', { class: 'govuk-error-message', id: messageId }, h('span', { class: 'govuk-visually-hidden' }, t('error-prefix')), ' ', error.message)
      const anchor = group.querySelector('.govuk-radios, .govuk-checkboxes, .govuk-date-input, .govuk-input__wrapper, input, textarea, select')
      if (anchor && anchor.parentElement) anchor.parentElement.insertBefore(message, anchor)
      else group.appendChild(message)
      const describedBy = control.getAttribute('aria-describedby')
      control.setAttribute('aria-describedby', [describedBy, messageId].filter(Boolean).join(' '))
      if (control.classList.contains('govuk-input')) control.classList.add('govuk-input--error')
      if (control.classList.contains('govuk-textarea')) control.classList.add('govuk-textarea--error')
      this.marked.push({ group, message, control, describedBy })
    }
    summary.focus()
  }

  clear(): void {
    replaceChildren(this.element)
    for (const mark of this.marked) {
      mark.group.classList.remove('govuk-form-group--error')
      mark.message.remove()
      mark.control.classList.remove('govuk-input--error', 'govuk-textarea--error')
      if (mark.describedBy) mark.control.setAttribute('aria-describedby', mark.describedBy)
      else mark.control.removeAttribute('aria-describedby')
    }
    this.marked = []
  }
}

/** A GOV.UK notification banner; `success` for confirmations. Announced when shown. */
export function banner(title: string, content: Child[], success = false): HTMLElement {
  const titleId = uniqueId('banner-title')
  return h(
    'div',
    {
      class: `govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`,
      role: success ? 'alert' : 'region',
      'aria-labelledby': titleId,
      'data-module': 'govuk-notification-banner',
    },
    h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: titleId }, title)),
    h('div', { class: 'govuk-notification-banner__content' }, content),
  )
}

/** A failure message for a whole page or panel. */
export function problem(message: string): HTMLElement {
  return h(
    'div',
    { class: 'govuk-error-summary', tabindex: '-1' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, t('there-is-a-problem')),
      h('div', { class: 'govuk-error-summary__body' }, h('p', { class: 'govuk-body' }, message)),
    ),
  )
}

/**
 * A wide table that scrolls sideways inside its own box on a narrow screen, rather than making
 * the whole page wider (which, on a right-to-left page, pushes its start out of sight). The box
 * can take focus, so it can be scrolled from the keyboard, and is named after the table.
 */
export function scrollable(table: HTMLElement, label: string): HTMLElement {
  return h('div', { class: 'kp-table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table)
}
