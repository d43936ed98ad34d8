// The meeting's network. For the facilitator: the people (relationship, language, access needs),
// adding people, making join links (the link and its code are shown once) and turning them off,
// everyone's contact details with who may see them, separations, the private rooms of family
// time and safety notes. Practitioners read the same without changing it; a participant sees the
// names, what others share with them, and corrects their own contact details (the rooms and the
// safety notes are staff only, and are never asked for on a participant's page).

import { ApiError, api, type CreatedLink, type Participant, type ParticipantKind, type PrivateRoom, type SafetyNote, type Separation } from '../api'
import { h, replaceChildren } from '../dom'
import { PARTICIPANT_KINDS, dateTime, kindName } from '../format'
import { frame } from '../layout'
import { ErrorSummary, banner, button, checkbox, problem, select, textArea, textInput } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { openMeeting, type MeetingContext } from './common'
import { announce, contactSection, separationsSection, type SafeguardingView } from './safeguarding'
import { roomsSection } from './private-rooms'
import { safetyNotesSection, type SafetyNotesView } from './safety-notes'

function linkState(person: Participant): string {
  if (person.is_staff) return 'Signs in with a staff account'
  const links = person.links ?? []
  if (links.length === 0) return 'No link yet'
  const now = Date.now()
  const live = links.filter((link) => !link.revoked && !link.locked && Date.parse(link.expires_at) > now)
  if (live.length > 0) {
    const latest = live[live.length - 1]
    return `Link works until ${dateTime(latest.expires_at)}${latest.has_access_code ? ', with an access code' : ''}`
  }
  if (links.some((link) => link.locked)) return 'Link locked after wrong codes'
  if (links.every((link) => link.revoked)) return 'Link turned off'
  return 'Link expired'
}

function createdLinkPanel(person: Participant, link: CreatedLink): HTMLElement {
  const linkId = `created-link-${link.link_id}`
  const copy = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-inline-button' }, 'Copy link')
  const input = h('input', { class: 'govuk-input', id: linkId, type: 'text', readonly: true, 'data-testid': 'join-link' })
  input.value = link.url
  copy.addEventListener('click', async () => {
    input.select()
    try {
      await navigator.clipboard.writeText(link.url)
      copy.textContent = 'Link copied'
    } catch {
      copy.textContent = 'Select the link and copy it'
    }
  })
  return banner(
    'Join link made',
    [
      h('h3', { class: 'govuk-notification-banner__heading' }, `Join link for ${person.display_name}`),
      h('p', { class: 'govuk-body' }, 'This is the only time you will see this link and code. Send the link to them, for example by text message.'),
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: linkId }, 'Link'), input),
      copy,
      link.access_code
        ? h(
            'p',
            { class: 'govuk-body' },
            'Access code: ',
            h('strong', { class: 'kp-access-code', 'data-testid': 'access-code' }, link.access_code),
            '. Give them the code separately, for example by phone.',
          )
        : null,
      h('p', { class: 'govuk-body' }, `The link works until ${dateTime(link.expires_at)}.`),
    ],
    true,
  )
}

export async function networkPage(params: Record<string, string>): Promise<void> {
  const opened = await openMeeting(params, 'People and links')
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { meeting } = context
  const title = context.isFacilitator ? 'People and links' : 'People in the network'
  const [separations, rooms, notes] = await Promise.all([separationsFor(session.kind), roomsFor(session.kind), safetyNotesFor(session.kind)])
  const main = frame({ title: `${title}: ${meeting.title}`, session, family: session.kind !== 'staff', wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const tableSlot = h('div')
  const contactSlot = h('div')
  const separationsSlot = h('div')
  const roomsSlot = h('div')
  const notesSlot = h('div')
  const safeguarding: SafeguardingView = { context, separations, rooms, notice, refresh }
  const safetyNotes: SafetyNotesView = {
    context,
    notes,
    add: async (participantId, category, body) => {
      await api.addSafetyNote(meeting.id, { participant_id: participantId, category, body })
      safetyNotes.notes = await safetyNotesFor(session.kind)
      replaceChildren(notesSlot, safetyNotesSection(safetyNotes))
      announce(safeguarding, 'Safety note added', 'Only staff can read it.')
    },
  }
  const withCode = checkbox({
    label: 'When I make a link, also make a six-digit access code',
    hint: 'Recommended. You give the code separately, so a link sent to the wrong person does not work alone.',
    checked: true,
  })

  /** The separations for staff (the server sends them to the meeting's staff only); null for anyone else. */
  async function separationsFor(kind: string): Promise<Separation[] | null> {
    if (kind !== 'staff') return null
    try {
      return await api.separations(meeting.id)
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return null
      throw error
    }
  }

  /** The private rooms for staff (the server sends them to the meeting's staff only); null for anyone else. */
  async function roomsFor(kind: string): Promise<PrivateRoom[] | null> {
    if (kind !== 'staff') return null
    try {
      return await api.rooms(meeting.id)
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return null
      throw error
    }
  }

  /**
   * The safety notes for staff; null for anyone else. A participant's page never asks: the
   * notes are not theirs, and every read is audited.
   */
  async function safetyNotesFor(kind: string): Promise<SafetyNote[] | null> {
    if (kind !== 'staff') return null
    try {
      return await api.safetyNotes(meeting.id)
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return null
      throw error
    }
  }

  async function refresh(): Promise<void> {
    const [people, separations, rooms] = await Promise.all([api.participants(meeting.id), separationsFor(session.kind), roomsFor(session.kind)])
    context.people = people
    safeguarding.separations = separations
    safeguarding.rooms = rooms
    drawTable()
  }

  async function makeLink(person: Participant, trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true
    try {
      const link = await api.createLink(meeting.id, person.id, withCode.control.checked)
      replaceChildren(notice, createdLinkPanel(person, link))
      await refresh()
      notice.querySelector<HTMLElement>('input')?.focus()
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
    } finally {
      trigger.disabled = false
    }
  }

  async function revoke(person: Participant, trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true
    try {
      await api.revokeLinks(meeting.id, person.id)
      replaceChildren(notice, banner('Links turned off', [h('p', { class: 'govuk-body' }, `${person.display_name}'s links no longer work. Anyone using them has been disconnected.`)], true))
      await refresh()
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
    } finally {
      trigger.disabled = false
    }
  }

  function drawTable(): void {
    const people = context.people
    if (people.length === 0) {
      replaceChildren(tableSlot, h('p', { class: 'govuk-body' }, 'Nobody has been added yet.'))
      return
    }
    // The server sends languages and access needs to staff only; the family and observers see
    // names and relationships.
    const details = people.some((person) => person.language !== null || person.access_needs !== null)
    // Join links are the facilitator's: nobody else is sent them.
    const links = context.isFacilitator
    const rows = people.map((person) => {
      const actions: HTMLElement[] = []
      if (!person.is_staff && context.isFacilitator && meeting.stage !== 'closed') {
        const make = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' }, 'Make a join link', h('span', { class: 'govuk-visually-hidden' }, ` for ${person.display_name}`))
        make.addEventListener('click', () => void makeLink(person, make))
        actions.push(make)
        const hasLive = (person.links ?? []).some((link) => !link.revoked)
        if (hasLive) {
          const off = h('button', { type: 'button', class: 'govuk-button govuk-button--warning kp-small-button' }, 'Turn off links', h('span', { class: 'govuk-visually-hidden' }, ` for ${person.display_name}`))
          off.addEventListener('click', () => void revoke(person, off))
          actions.push(off)
        }
      }
      return h(
        'tr',
        { class: 'govuk-table__row', 'data-person': person.display_name },
        h('th', { scope: 'row', class: 'govuk-table__header' }, person.display_name, person.is_referrer ? h('span', { class: 'govuk-body-s kp-block' }, 'Referrer') : null),
        h('td', { class: 'govuk-table__cell' }, person.relationship || '–'),
        h('td', { class: 'govuk-table__cell' }, kindName(person.kind)),
        details ? h('td', { class: 'govuk-table__cell' }, person.language || '–') : null,
        details ? h('td', { class: 'govuk-table__cell' }, person.access_needs || '–') : null,
        links ? h('td', { class: 'govuk-table__cell' }, linkState(person)) : null,
        links ? h('td', { class: 'govuk-table__cell' }, h('div', { class: 'kp-button-row' }, actions)) : null,
      )
    })
    replaceChildren(
      tableSlot,
      h(
        'table',
        { class: 'govuk-table kp-network-table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'The network'),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h(
            'tr',
            { class: 'govuk-table__row' },
            ['Name', 'Relationship to the child', 'Taking part as', ...(details ? ['Language', 'Access needs'] : []), ...(links ? ['Join link', 'Links'] : [])].map((title) =>
              h('th', { scope: 'col', class: 'govuk-table__header' }, title),
            ),
          ),
        ),
        h('tbody', { class: 'govuk-table__body' }, rows),
      ),
    )
    replaceChildren(contactSlot, contactSection(safeguarding))
    replaceChildren(separationsSlot, separationsSection(safeguarding))
    replaceChildren(roomsSlot, roomsSection(safeguarding))
    replaceChildren(notesSlot, safetyNotesSection(safetyNotes))
  }

  // Adding someone.
  const errors = new ErrorSummary()
  const name = textInput({ label: 'Name', hint: 'The name they like to be called.', name: 'display_name' })
  const relationship = textInput({ label: 'Relationship to the child', hint: 'For example, aunt, grandad, family friend, social worker.', name: 'relationship' })
  const kind = select({ label: 'Taking part as', options: PARTICIPANT_KINDS, name: 'kind', value: 'family' })
  const language = textInput({ label: 'Language', hint: 'The language they would like to use, if not English.', name: 'language', width: '20' })
  const needs = textArea({ label: 'Access needs', hint: 'For example, large print, a British Sign Language interpreter, breaks.', name: 'access_needs', rows: 2 })
  const staffEmail = textInput({ label: 'Staff email (practitioners only)', hint: 'For a practitioner with a staff account, so they can sign in to this meeting.', type: 'email', name: 'staff_email', spellcheck: false })
  const referrer = checkbox({ label: 'This practitioner is the referrer', hint: 'Their decision makes the plan final.' })
  const add = button('Add to the network', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!name.control.value.trim()) {
          errors.show([{ control: name.control, message: 'Enter their name' }])
          return
        }
        errors.clear()
        add.disabled = true
        try {
          const email = staffEmail.control.value.trim()
          const person = await api.addParticipant(meeting.id, {
            display_name: name.control.value.trim(),
            relationship: relationship.control.value.trim(),
            kind: kind.control.value as ParticipantKind,
            language: language.control.value.trim(),
            access_needs: needs.control.value.trim(),
            staff_email: email || undefined,
            is_referrer: referrer.control.checked,
          })
          for (const field of [name, relationship, language, staffEmail]) field.control.value = ''
          needs.control.value = ''
          referrer.control.checked = false
          replaceChildren(notice, banner('Added', [h('p', { class: 'govuk-body' }, `${person.display_name} is now in the network.`)], true))
          await refresh()
          name.control.focus()
        } catch (error) {
          errors.show([{ control: name.control, message: (error as Error).message }])
        } finally {
          add.disabled = false
        }
      },
    },
    errors.element,
    name.group,
    relationship.group,
    kind.group,
    language.group,
    needs.group,
    staffEmail.group,
    h('div', { class: 'govuk-form-group' }, referrer.group),
    add,
  )

  drawTable()
  replaceChildren(
    main,
    h('span', { class: 'govuk-caption-l' }, meeting.title),
    h('h1', { class: 'govuk-heading-l' }, title),
    meetingNav(meeting, session, context.isFacilitator),
    notice,
    context.isFacilitator ? h('div', { class: 'govuk-form-group' }, withCode.group) : null,
    tableSlot,
    context.isFacilitator && meeting.stage !== 'closed'
      ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, h('h2', { class: 'govuk-heading-m' }, 'Add someone to the network'), form))
      : null,
    contactSlot,
    separationsSlot,
    roomsSlot,
    notesSlot,
  )
}
