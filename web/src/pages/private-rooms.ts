// Private rooms on the network page, for the meeting's staff: the rooms of private family time
// and who is in each. The facilitator adds rooms and puts each family-side person in one; the
// server refuses a room where a separation keeps someone apart from a person already in it, and
// its reason is shown as it is. Practitioners and managers read the same without forms.

import { api, type Participant, type PrivateRoom } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { isFamilySide } from '../format'
import { t } from '../i18n'
import { ErrorSummary, button, textInput } from '../components/forms'
import { announce, type SafeguardingView } from './safeguarding'

/** The room a person is in: a room's id, or null for the default room. */
function roomOf(rooms: PrivateRoom[], person: Participant): string | null {
  return rooms.find((room) => room.id !== null && room.members.includes(person.id))?.id ?? null
}

/** The people in `room`: its members, or for the default room everyone on the family side in no other room. */
function peopleIn(rooms: PrivateRoom[], room: PrivateRoom, people: Participant[]): Participant[] {
  if (room.id !== null) return people.filter((person) => room.members.includes(person.id))
  return people.filter((person) => isFamilySide(person.kind) && roomOf(rooms, person) === null)
}

function roomsTable(rooms: PrivateRoom[], people: Participant[]): HTMLElement {
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': 'rooms' },
    h('caption', { class: 'govuk-visually-hidden' }, t('staff-private-rooms-caption')),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' }, [t('staff-private-rooms-room'), t('staff-private-rooms-who')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      rooms.map((room) => {
        const inside = peopleIn(rooms, room, people)
        return h(
          'tr',
          { class: 'govuk-table__row', 'data-room': room.name },
          h('th', { scope: 'row', class: 'govuk-table__header' }, room.name),
          h(
            'td',
            { class: 'govuk-table__cell' },
            inside.length > 0
              ? h('ul', { class: 'govuk-list' }, inside.map((person) => h('li', null, person.display_name)))
              : t('staff-private-rooms-nobody'),
          ),
        )
      }),
    ),
  )
}

/** One person's room: a select of the rooms and a button that saves it. */
function roomChoice(view: SafeguardingView, rooms: PrivateRoom[], person: Participant, errors: ErrorSummary): HTMLElement {
  const id = uniqueId('room-for')
  const control = h(
    'select',
    { class: 'govuk-select', id, name: `room-${person.id}` },
    rooms.map((room) => h('option', { value: room.id ?? '' }, room.name)),
  )
  const current = roomOf(rooms, person)
  control.value = current ?? ''
  const save = h(
    'button',
    { type: 'submit', class: 'govuk-button govuk-button--secondary kp-inline-button', 'data-module': 'govuk-button' },
    t('staff-private-rooms-save'),
    h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-private-rooms-whose-room', { name: person.display_name })),
  )
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-room-choice',
      'data-room-person': person.display_name,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const chosen = control.value || null
        if (chosen === roomOf(view.rooms ?? rooms, person)) {
          errors.clear()
          announce(view, t('staff-private-rooms-nothing-changed'), t('staff-private-rooms-already', { name: person.display_name }), false)
          return
        }
        errors.clear()
        save.disabled = true
        try {
          await api.assignRoom(view.context.meeting.id, person.id, chosen)
          const roomName = rooms.find((room) => (room.id ?? '') === control.value)?.name ?? t('staff-private-rooms-that-room')
          await view.refresh()
          announce(view, t('staff-private-rooms-saved'), t('staff-private-rooms-now', { name: person.display_name, room: roomName }))
        } catch (error) {
          // An earlier confirmation at the top of the page would contradict the refusal.
          replaceChildren(view.notice)
          errors.show([{ control, message: (error as Error).message }])
        } finally {
          save.disabled = false
        }
      },
    },
    h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: id }, t('staff-private-rooms-room-for', { name: person.display_name })),
      h('div', { class: 'kp-button-row' }, control, save),
    ),
  )
}

function newRoomForm(view: SafeguardingView): HTMLElement {
  const errors = new ErrorSummary()
  const name = textInput({ label: t('staff-private-rooms-room-name'), hint: t('staff-private-rooms-room-name-hint'), name: 'room_name', width: '20' })
  const add = button(t('staff-private-rooms-add-room'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-room-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const entered = name.control.value.trim()
        if (!entered) {
          errors.show([{ control: name.control, message: t('staff-private-rooms-error-name') }])
          return
        }
        errors.clear()
        add.disabled = true
        try {
          const room = await api.createRoom(view.context.meeting.id, entered)
          await view.refresh()
          announce(view, t('staff-private-rooms-room-added'), t('staff-private-rooms-ready', { name: room.name }))
        } catch (error) {
          replaceChildren(view.notice)
          errors.show([{ control: name.control, message: (error as Error).message }])
        } finally {
          add.disabled = false
        }
      },
    },
    h('h3', { class: 'govuk-heading-s' }, t('staff-private-rooms-add-heading')),
    errors.element,
    name.group,
    add,
  )
}

/** The private rooms for staff, with the facilitator's forms; null for anyone else. */
export function roomsSection(view: SafeguardingView): HTMLElement | null {
  const { context, rooms } = view
  if (rooms === null) return null
  const family = context.people.filter((person) => isFamilySide(person.kind))
  const canChange = context.isFacilitator && context.meeting.stage !== 'closed'
  const errors = new ErrorSummary()
  const choices = h('div', { class: 'kp-room-choices' })
  if (canChange) {
    replaceChildren(
      choices,
      h('h3', { class: 'govuk-heading-s' }, t('staff-private-rooms-who-where')),
      errors.element,
      family.length > 0
        ? family.map((person) => roomChoice(view, rooms, person, errors))
        : h('p', { class: 'govuk-body' }, t('staff-private-rooms-nobody-family')),
    )
  }
  return h(
    'section',
    { class: 'kp-rooms', 'aria-labelledby': 'rooms-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'rooms-heading' }, t('staff-private-rooms-heading')),
    h(
      'p',
      { class: 'govuk-body' },
      t('staff-private-rooms-intro'),
    ),
    roomsTable(rooms, context.people),
    canChange ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, choices, newRoomForm(view))) : null,
  )
}
