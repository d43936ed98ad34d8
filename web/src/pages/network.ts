// The meeting's network. For the facilitator: the people (relationship, language, access needs),
// adding people, making join links (the link and its code are shown once) and turning them off,
// everyone's contact details with who may see them, separations, the private rooms of family
// time and safety notes. Practitioners read the same without changing it; a participant sees the
// names, what others share with them, and corrects their own contact details (the rooms and the
// safety notes are staff only, and are never asked for on a participant's page).

import { ApiError, api, type CreatedLink, type Participant, type ParticipantKind, type PrivateRoom, type SafetyNote, type Separation } from '../api'
import { h, replaceChildren } from '../dom'
import { participantKinds, kindName } from '../format'
import { PLACE, around, everyLanguage, knownLanguages, momentArg, t } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, banner, button, checkbox, problem, scrollable, select, textArea, textInput } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { openMeeting, type MeetingContext } from './common'
import { announce, contactSection, separationsSection, type SafeguardingView } from './safeguarding'
import { roomsSection } from './private-rooms'
import { safetyNotesSection, type SafetyNotesView } from './safety-notes'

function linkState(person: Participant): string {
  if (person.is_staff) return t('staff-link-staff-account')
  const links = person.links ?? []
  if (links.length === 0) return t('staff-link-none')
  const now = Date.now()
  const live = links.filter((link) => !link.revoked && !link.locked && Date.parse(link.expires_at) > now)
  if (live.length > 0) {
    const latest = live[live.length - 1]
    return latest.has_access_code ? t('staff-link-works-until-code', { when: momentArg(latest.expires_at) }) : t('staff-link-works-until', { when: momentArg(latest.expires_at) })
  }
  if (links.some((link) => link.locked)) return t('staff-link-locked')
  if (links.every((link) => link.revoked)) return t('staff-link-turned-off')
  return t('staff-link-expired')
}

/** A person's recorded language in words: a language the service knows by its name, else as typed. */
function languageWords(language: string | null): string {
  if (!language) return t('nothing-dash')
  const known = everyLanguage().find((candidate) => candidate.code === language)
  if (!known) return language
  return known.code === 'en' ? known.name : `${known.name} (${known.native_name})`
}

/** The language select: the languages the service offers, or another, typed. */
function languageField() {
  const OTHER = 'other'
  const choice = select({
    label: t('staff-add-language'),
    hint: t('staff-add-language-hint'),
    name: 'language',
    value: '',
    options: [
      { value: '', label: t('staff-add-language-not-given') },
      ...knownLanguages().map((language) => ({
        value: language.code,
        label: language.code === 'en' ? language.name : `${language.name} (${language.native_name})`,
      })),
      { value: OTHER, label: t('staff-add-language-other') },
    ],
  })
  const other = textInput({ label: t('staff-add-language-other-name'), name: 'language_other', width: '20' })
  const reveal = () => {
    other.group.hidden = choice.control.value !== OTHER
  }
  choice.control.addEventListener('change', reveal)
  reveal()
  return {
    groups: [choice.group, other.group],
    value: () => (choice.control.value === OTHER ? other.control.value.trim() : choice.control.value),
    clear: () => {
      choice.control.value = ''
      other.control.value = ''
      reveal()
    },
  }
}

function createdLinkPanel(person: Participant, link: CreatedLink): HTMLElement {
  const linkId = `created-link-${link.link_id}`
  const copy = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-inline-button' }, t('staff-link-copy'))
  const input = h('input', { class: 'govuk-input', id: linkId, type: 'text', readonly: true, 'data-testid': 'join-link' })
  input.value = link.url
  copy.addEventListener('click', async () => {
    input.select()
    try {
      await navigator.clipboard.writeText(link.url)
      copy.textContent = t('staff-link-copied')
    } catch {
      copy.textContent = t('staff-link-copy-by-hand')
    }
  })
  return banner(
    t('staff-link-made'),
    [
      h('h3', { class: 'govuk-notification-banner__heading' }, t('staff-link-for', { name: person.display_name })),
      h('p', { class: 'govuk-body' }, t('staff-link-only-time')),
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: linkId }, t('staff-link-label')), input),
      copy,
      link.access_code
        ? h(
            'p',
            { class: 'govuk-body' },
            ...around(t('staff-link-access-code', { code: PLACE }), h('strong', { class: 'kp-access-code', 'data-testid': 'access-code' }, link.access_code)),
          )
        : null,
      h('p', { class: 'govuk-body' }, t('staff-link-works-until-sentence', { when: momentArg(link.expires_at) })),
    ],
    true,
  )
}

export async function networkPage(params: Record<string, string>): Promise<void> {
  const opened = await openMeeting(params, t('meeting-nav-people'))
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { meeting } = context
  const title = context.isFacilitator ? t('staff-network-title-facilitator') : t('network-title')
  const [separations, rooms, notes] = await Promise.all([separationsFor(session.kind), roomsFor(session.kind), safetyNotesFor(session.kind)])
  const main = frame({ title: t('page-of-meeting', { page: title, meeting: meeting.title }), session, family: session.kind !== 'staff', wide: true })
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
      announce(safeguarding, t('staff-safety-note-added'), t('staff-safety-note-added-text'))
    },
  }
  const withCode = checkbox({
    label: t('staff-link-with-code'),
    hint: t('staff-link-with-code-hint'),
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
      replaceChildren(notice, banner(t('staff-links-off-title'), [h('p', { class: 'govuk-body' }, t('staff-links-off', { name: person.display_name }))], true))
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
      replaceChildren(tableSlot, h('p', { class: 'govuk-body' }, t('network-nobody-yet')))
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
        const make = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' }, t('staff-link-make'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-link-for-whom', { name: person.display_name })))
        make.addEventListener('click', () => void makeLink(person, make))
        actions.push(make)
        const hasLive = (person.links ?? []).some((link) => !link.revoked)
        if (hasLive) {
          const off = h('button', { type: 'button', class: 'govuk-button govuk-button--warning kp-small-button' }, t('staff-links-off-button'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-link-for-whom', { name: person.display_name })))
          off.addEventListener('click', () => void revoke(person, off))
          actions.push(off)
        }
      }
      return h(
        'tr',
        { class: 'govuk-table__row', 'data-person': person.display_name },
        h('th', { scope: 'row', class: 'govuk-table__header' }, person.display_name, person.is_referrer ? h('span', { class: 'govuk-body-s kp-block' }, t('agreement-role-referrer')) : null),
        h('td', { class: 'govuk-table__cell' }, person.relationship || t('nothing-dash')),
        h('td', { class: 'govuk-table__cell' }, kindName(person.kind)),
        details ? h('td', { class: 'govuk-table__cell' }, languageWords(person.language)) : null,
        details ? h('td', { class: 'govuk-table__cell' }, person.access_needs || t('nothing-dash')) : null,
        details ? h('td', { class: 'govuk-table__cell', 'data-testid': 'needs-interpreter' }, person.needs_interpreter || t('nothing-dash')) : null,
        links ? h('td', { class: 'govuk-table__cell' }, linkState(person)) : null,
        links ? h('td', { class: 'govuk-table__cell' }, h('div', { class: 'kp-button-row' }, actions)) : null,
      )
    })
    replaceChildren(
      tableSlot,
      scrollable(h(
        'table',
        { class: 'govuk-table kp-network-table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('network-table-caption')),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h(
            'tr',
            { class: 'govuk-table__row' },
            [
              t('map-column-name'),
              t('map-column-relationship'),
              t('agreement-column-taking-part-as'),
              ...(details ? [t('staff-network-column-language'), t('staff-network-column-access-needs'), t('staff-network-column-interpreter')] : []),
              ...(links ? [t('staff-network-column-join-link'), t('staff-network-column-links')] : []),
            ].map((title) =>
              h('th', { scope: 'col', class: 'govuk-table__header' }, title),
            ),
          ),
        ),
        h('tbody', { class: 'govuk-table__body' }, rows),
      ), t('network-table-caption')),
    )
    replaceChildren(contactSlot, contactSection(safeguarding))
    replaceChildren(separationsSlot, separationsSection(safeguarding))
    replaceChildren(roomsSlot, roomsSection(safeguarding))
    replaceChildren(notesSlot, safetyNotesSection(safetyNotes))
  }

  // Adding someone.
  const errors = new ErrorSummary()
  const name = textInput({ label: t('staff-add-name'), hint: t('staff-add-name-hint'), name: 'display_name' })
  const relationship = textInput({ label: t('map-column-relationship'), hint: t('staff-add-relationship-hint'), name: 'relationship' })
  const kind = select({ label: t('agreement-column-taking-part-as'), options: participantKinds(), name: 'kind', value: 'family' })
  const language = languageField()
  const needs = textArea({ label: t('staff-network-column-access-needs'), hint: t('staff-add-access-needs-hint'), name: 'access_needs', rows: 2 })
  const interpreter = textInput({ label: t('staff-add-interpreter'), hint: t('staff-add-interpreter-hint'), name: 'needs_interpreter', width: '20' })
  const staffEmail = textInput({ label: t('staff-add-email'), hint: t('staff-add-email-hint'), type: 'email', name: 'staff_email', spellcheck: false })
  const referrer = checkbox({ label: t('staff-add-referrer'), hint: t('staff-add-referrer-hint') })
  const add = button(t('staff-add-button'), { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!name.control.value.trim()) {
          errors.show([{ control: name.control, message: t('staff-add-error-name') }])
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
            language: language.value(),
            access_needs: needs.control.value.trim(),
            needs_interpreter: interpreter.control.value.trim(),
            staff_email: email || undefined,
            is_referrer: referrer.control.checked,
          })
          for (const field of [name, relationship, staffEmail, interpreter]) field.control.value = ''
          language.clear()
          needs.control.value = ''
          referrer.control.checked = false
          replaceChildren(notice, banner(t('staff-add-added-title'), [h('p', { class: 'govuk-body' }, t('staff-add-added', { name: person.display_name }))], true))
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
    language.groups,
    needs.group,
    interpreter.group,
    staffEmail.group,
    h('div', { class: 'govuk-form-group' }, referrer.group),
    add,
  )

  // Changing who needs an interpreter, for someone already in the network.
  const needErrors = new ErrorSummary()
  const needPerson = select({
    label: t('staff-need-person'),
    name: 'need_person',
    options: context.people.filter((person) => person.kind !== 'interpreter').map((person) => ({ value: person.id, label: person.display_name })),
  })
  const needLanguage = textInput({ label: t('staff-add-interpreter'), hint: t('staff-add-interpreter-hint'), name: 'need_language', width: '20' })
  const needStatus = h('div', { 'aria-live': 'polite' })
  const needSave = button(t('staff-need-save'), { type: 'submit', kind: 'secondary' })
  const needForm = h(
    'form',
    {
      novalidate: true,
      'data-testid': 'interpreter-need-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        needErrors.clear()
        needSave.disabled = true
        try {
          await api.setInterpreterNeed(meeting.id, needPerson.control.value, needLanguage.control.value.trim())
          const person = context.people.find((candidate) => candidate.id === needPerson.control.value)
          replaceChildren(needStatus, banner(t('staff-need-saved-title'), [h('p', { class: 'govuk-body' }, t('staff-need-saved', { name: person?.display_name ?? '' }))], true))
          needLanguage.control.value = ''
          await refresh()
        } catch (error) {
          needErrors.show([{ control: needLanguage.control, message: (error as Error).message }])
        } finally {
          needSave.disabled = false
        }
      },
    },
    needErrors.element,
    needPerson.group,
    needLanguage.group,
    needSave,
  )
  const needSection =
    context.isFacilitator && meeting.stage !== 'closed' && context.people.some((person) => person.kind !== 'interpreter')
      ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, h('h2', { class: 'govuk-heading-m' }, t('staff-need-heading')), needStatus, needForm))
      : null

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
      ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, h('h2', { class: 'govuk-heading-m' }, t('staff-add-heading')), form))
      : null,
    needSection,
    contactSlot,
    separationsSlot,
    roomsSlot,
    notesSlot,
  )
}
