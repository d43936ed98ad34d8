// The plan's actions (Y.Array "actions" of Y.Maps): a table everyone sees change live; people
// who may edit add actions, change them in place and choose owners from the meeting's network.

import * as Y from 'yjs'
import type { Participant } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { ACTION_STATUSES, dateOnly, statusName } from '../format'
import { pageLanguage, westernDigits, type Translator } from '../i18n'
import { ACTIONS } from '../plan-schema'
import type { LiveDocument } from './document'
import { newId } from './ids'

type ActionMap = Y.Map<unknown>
type TextField = 'what' | 'how_we_know'

interface Row {
  tr: HTMLTableRowElement
  editable: boolean
  update(map: ActionMap, index: number): void
}

const text = (map: ActionMap, key: string): string => {
  const value = map.get(key)
  if (typeof value === 'string') return value
  if (value instanceof Y.Text) return value.toString()
  return value === undefined || value === null ? '' : String(value)
}

/** The name of whoever `who` points at: a participant id, or a plain name. */
export function ownerName(who: string, people: Participant[]): string {
  return people.find((person) => person.id === who)?.display_name ?? who
}

export interface ActionsTable {
  element: HTMLElement
  destroy(): void
}

/** The table; `shown` is the language it is written in (the page's unless given). */
/**
 * The plan's actions, live. `mine` (the person's participant id) puts the person's own actions
 * first, where a person on a phone sees them before anyone else's.
 */
export function actionsTable(live: LiveDocument, people: Participant[], shown: Translator = pageLanguage(), mine: string | null = null): ActionsTable {
  const t = (id: string, args?: Record<string, string | number>) => shown.t(id, args)
  const actions = live.doc.getArray<ActionMap>(ACTIONS)
  const headingId = uniqueId('actions-heading')
  const tbody = h('tbody', { class: 'govuk-table__body' })
  const empty = h('p', { class: 'govuk-body kp-actions__empty' }, t('actions-none-yet'))
  const addButton = h(
    'button',
    { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', onclick: () => addAction() },
    t('actions-add'),
  )
  const table = h(
    'table',
    { class: 'govuk-table kp-actions', 'aria-labelledby': headingId },
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        [t('actions-what'), t('actions-who'), t('actions-by-when'), t('actions-how-we-know-long'), t('actions-status')].map((title) =>
          h('th', { scope: 'col', class: 'govuk-table__header' }, title),
        ),
        h('th', { scope: 'col', class: 'govuk-table__header' }, h('span', { class: 'govuk-visually-hidden' }, t('actions-change'))),
      ),
    ),
    tbody,
  )
  const element = h(
    'section',
    { class: 'kp-section kp-actions-section', 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, t('actions-heading')),
    h('p', { class: 'govuk-hint' }, t('actions-hint')),
    table,
    empty,
    addButton,
  )
  const rows = new Map<string, Row>()

  function addAction(): void {
    const map = new Y.Map<unknown>()
    const id = newId()
    map.set('id', id)
    map.set('what', '')
    map.set('who', '')
    map.set('by_when', '')
    map.set('how_we_know', '')
    map.set('status', 'not_started')
    actions.push([map])
    rows.get(id)?.tr.querySelector<HTMLElement>('input, select')?.focus()
  }

  function removeAction(map: ActionMap): void {
    const index = actions.toArray().indexOf(map)
    if (index >= 0) actions.delete(index, 1)
  }

  function whoOptions(current: string): HTMLOptionElement[] {
    const options = [h('option', { value: '' }, t('actions-choose-someone'))]
    for (const person of people) {
      const relationship = person.relationship ? ` (${person.relationship})` : ''
      options.push(h('option', { value: person.id }, `${person.display_name}${relationship}`))
    }
    if (current && !people.some((person) => person.id === current)) options.push(h('option', { value: current }, current))
    return options
  }

  function editableRow(map: ActionMap): Row {
    // Visible above each field on a phone (the table stacks); the column headers say it on a desktop.
    const label = (field: string, index: number) => [
      h('span', { class: 'kp-cell-label' }, field),
      h('span', { class: 'govuk-visually-hidden' }, t('actions-field-of', { number: index + 1 })),
    ]
    const textInput = (field: TextField) => {
      const input = h('input', { class: 'govuk-input', type: 'text', 'data-action-field': field })
      input.addEventListener('input', () => map.set(field, input.value))
      return input
    }
    const what = textInput('what')
    const how = textInput('how_we_know')
    const who = h('select', { class: 'govuk-select', 'data-action-field': 'who' })
    who.addEventListener('change', () => map.set('who', who.value))
    // The GOV.UK date input (day, month, year), not the browser's picker, which shows month-first
    // dates in some places. Kept as YYYY-MM-DD once it is a real day, or cleared when emptied.
    const box = (part: 'day' | 'month' | 'year', width: string) =>
      h('input', {
        class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
        type: 'text',
        inputmode: 'numeric',
        autocomplete: 'off',
        'aria-label': t(`date-${part}`),
        'data-date-part': part,
      })
    const [day, month, year] = [box('day', '2'), box('month', '2'), box('year', '4')]
    const dateBoxes = [day, month, year]
    const byWhen = h(
      'div',
      { class: 'govuk-date-input kp-action-date', role: 'group', 'data-action-field': 'by_when' },
      dateBoxes.map((input) => h('div', { class: 'govuk-date-input__item' }, input)),
    )
    const writeDate = () => {
      const parts = dateBoxes.map((input) => westernDigits(input.value.trim()))
      if (parts.every((part) => part === '')) return map.set('by_when', '')
      if (!parts.every((part) => /^\d+$/.test(part)) || parts[2].length !== 4) return
      const [d, m, y] = parts.map(Number)
      const date = new Date(Date.UTC(y, m - 1, d))
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return
      map.set('by_when', `${parts[2]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    }
    for (const input of dateBoxes) input.addEventListener('input', writeDate)
    const showDate = (iso: string) => {
      if (dateBoxes.includes(document.activeElement as HTMLInputElement)) return
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
      const values = match ? [String(Number(match[3])), String(Number(match[2])), match[1]] : ['', '', '']
      dateBoxes.forEach((input, i) => {
        if (input.value !== values[i]) input.value = values[i]
      })
    }
    const status = h(
      'select',
      { class: 'govuk-select', 'data-action-field': 'status' },
      ACTION_STATUSES.map((value) => h('option', { value }, statusName(value, shown))),
    )
    status.addEventListener('change', () => map.set('status', status.value))
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--warning kp-small-button', onclick: () => removeAction(map) })
    const controls = [what, who, byWhen, how, status]
    const labels: HTMLElement[] = controls.map(() => h('label', { class: 'govuk-label kp-action-label' }))
    const cells = controls.map((control, i) => {
      control.id = uniqueId('action-field')
      if (control === byWhen) {
        // A group of three boxes is named as its label reads (set in `update`), not labelled
        // `for` one control.
        labels[i] = h('span', { class: 'govuk-label kp-action-label', 'aria-hidden': 'true' })
      } else {
        labels[i].setAttribute('for', control.id)
      }
      return h('td', { class: 'govuk-table__cell' }, labels[i], control)
    })
    const tr = h('tr', { class: 'govuk-table__row' }, cells, h('td', { class: 'govuk-table__cell' }, remove))
    const titles = [t('actions-what'), t('actions-who'), t('actions-by-when'), t('actions-how-we-know'), t('actions-status')]
    const setIfIdle = (control: HTMLInputElement | HTMLSelectElement, value: string) => {
      if (document.activeElement !== control && control.value !== value) control.value = value
    }
    return {
      tr,
      editable: true,
      update(current, index) {
        titles.forEach((title, i) => replaceChildren(labels[i], label(title, index)))
        byWhen.setAttribute('aria-label', labels[controls.indexOf(byWhen)].textContent ?? '')
        replaceChildren(remove, t('actions-remove'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('actions-remove-which', { number: index + 1 })))
        const whoValue = text(current, 'who')
        if (document.activeElement !== who) {
          replaceChildren(who, whoOptions(whoValue))
          who.value = whoValue
        }
        setIfIdle(what, text(current, 'what'))
        showDate(text(current, 'by_when'))
        setIfIdle(how, text(current, 'how_we_know'))
        setIfIdle(status, text(current, 'status') || 'not_started')
      },
    }
  }

  function readOnlyRow(): Row {
    // What people wrote runs in its own direction, whatever the page's.
    const cells = Array.from({ length: 5 }, (_, i) => h('td', { class: 'govuk-table__cell', dir: i === 0 || i === 3 ? 'auto' : null }))
    const tr = h('tr', { class: 'govuk-table__row' }, cells, h('td', { class: 'govuk-table__cell' }))
    return {
      tr,
      editable: false,
      update(current) {
        const values = [
          text(current, 'what'),
          ownerName(text(current, 'who'), people),
          dateOnly(text(current, 'by_when'), shown),
          text(current, 'how_we_know'),
          statusName(text(current, 'status') || 'not_started', shown),
        ]
        values.forEach((value, i) => {
          if (cells[i].textContent !== value) cells[i].textContent = value
        })
      },
    }
  }

  function draw(): void {
    const editable = live.canEdit
    const all = actions.toArray()
    // The person's own actions first, each group in the plan's order.
    const isMine = (map: unknown) => mine !== null && map instanceof Y.Map && text(map as ActionMap, 'who') === mine
    const items = [...all.filter(isMine), ...all.filter((map) => !isMine(map))]
    const seen = new Set<string>()
    items.forEach((map, index) => {
      if (!(map instanceof Y.Map)) return
      const id = text(map, 'id') || `action-${index}`
      seen.add(id)
      let row = rows.get(id)
      if (!row || row.editable !== editable) {
        row?.tr.remove()
        row = editable ? editableRow(map) : readOnlyRow()
        rows.set(id, row)
      }
      row.update(map, index)
      if (tbody.children[index] !== row.tr) tbody.insertBefore(row.tr, tbody.children[index] ?? null)
    })
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.tr.remove()
        rows.delete(id)
      }
    }
    table.hidden = items.length === 0
    empty.hidden = items.length > 0
    addButton.hidden = !editable
  }

  const observer = () => draw()
  actions.observeDeep(observer)
  const stop = live.onChange(() => draw())
  draw()
  return {
    element,
    destroy() {
      actions.unobserveDeep(observer)
      stop()
    },
  }
}
