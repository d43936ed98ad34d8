// What the sections of the records page share: the data they draw (rules, holds, erasures, the
// meetings and the staff), names in plain words for record types and who did what, a summary of
// what a deletion took, and the chooser of a meeting and one person in it.

import { api, type Erasure, type FromEvent, type LegalHold, type Meeting, type Participant, type RecordType, type Removed, type RetentionRule, type Session, type StaffUser } from '../api'
import { t } from '../i18n'
import { h, replaceChildren, type Child } from '../dom'
import { radios, select, type Field, type RadiosField } from '../components/forms'

/** What the records page holds; `reload` fetches it again and draws every section. */
export interface RecordsView {
  session: Session
  rules: RetentionRule[]
  holds: LegalHold[]
  erasures: Erasure[]
  /** The meetings not erased, newest first. */
  meetings: Meeting[]
  staff: StaffUser[]
  people: PeopleDirectory
  /**
   * Fetches everything again and draws every section, then shows `outcome` at the top of the
   * section `key` and moves focus to it.
   */
  changed: (key: SectionKey, outcome: HTMLElement) => Promise<void>
}

export type SectionKey = 'rules' | 'run' | 'holds' | 'erasure' | 'subject-access'

const RECORD_TYPES: Record<RecordType, string> = {
  meeting: t('staff-records-view-meetings-their-plans-versions'),
  'family-time': t('staff-records-view-family-s-private-notes'),
  'safety-notes': t('staff-records-view-safety-notes'),
  'contact-details': t('staff-records-view-contact-details'),
  'links-and-sessions': t('staff-records-view-join-links-sessions'),
  'audit-events': t('staff-records-view-audit-log'),
  consents: t('staff-records-view-consents-privacy-notice'),
}

export function recordTypeName(recordType: RecordType): string {
  return RECORD_TYPES[recordType] ?? recordType
}

const FROM_EVENTS: Record<FromEvent, string> = {
  closure: t('staff-records-view-meeting-s-closure'),
  'last-activity': t('staff-records-view-meeting-s-last-activity'),
  birth: t('staff-records-view-youngest-child-s-date-birth'),
  record: t('staff-records-view-record-s-own-date'),
}

export function fromEventName(from: FromEvent): string {
  return FROM_EVENTS[from] ?? from
}

/** Who did something, from the server's reference (`user:ID`, `operator`, `kinplan`). */
export function whoName(view: RecordsView, reference: string | null): string {
  if (!reference) return t('staff-records-view-unknown')
  if (reference === 'kinplan') return t('staff-records-view-kinplan-s-default')
  if (reference === 'operator') return t('staff-records-view-command-line')
  if (reference.startsWith('user:')) {
    const id = reference.slice('user:'.length)
    if (id === view.session.id) return `${view.session.name} (you)`
    return view.staff.find((user) => user.id === id)?.name ?? t('staff-records-view-staff-member')
  }
  return t('staff-records-view-someone-else')
}

export function meetingTitle(view: RecordsView, meetingId: string | null): string {
  if (!meetingId) return t('staff-records-view-whole-service')
  return view.meetings.find((meeting) => meeting.id === meetingId)?.title ?? t('staff-records-view-erased-meeting')
}

/** "1 document", "3 rows": a count and its noun. */
export function count(amount: number, one: string, many = `${one}s`): string {
  return `${amount} ${amount === 1 ? one : many}`
}

/** What a deletion took, in a line: rows, documents and versions. */
export function removedWords(removed: Removed): string {
  const rows = Object.values(removed.rows).reduce((sum, rowCount) => sum + rowCount, 0)
  const tables = Object.values(removed.rows).filter((rowCount) => rowCount > 0).length
  const parts = [
    rows > 0 ? t('staff-records-removed-rows', { rows, tables }) : null,
    removed.documents.length > 0 ? t('staff-records-removed-documents', { count: removed.documents.length }) : null,
    removed.versions.length > 0 ? t('staff-records-removed-versions', { count: removed.versions.length }) : null,
  ].filter((part): part is string => part !== null)
  return parts.length > 0 ? parts.join(', ') : t('staff-records-view-nothing-stored-yet')
}

/**
 * The people of each meeting, fetched when first needed and kept while the page is open: holds
 * and erasures name a person only by their id.
 */
export class PeopleDirectory {
  private byMeeting = new Map<string, Promise<Participant[]>>()

  /** The people of `meetingId` (none when the meeting cannot be read, such as one erased). */
  of(meetingId: string): Promise<Participant[]> {
    let people = this.byMeeting.get(meetingId)
    if (!people) {
      people = api.participants(meetingId).catch(() => [])
      this.byMeeting.set(meetingId, people)
    }
    return people
  }

  /** Forgets what was fetched, after an erasure or a run changed people. */
  forget(): void {
    this.byMeeting.clear()
  }

  /** Finds a person by id in `meetings`, a few meetings at a time. */
  async find(meetings: Meeting[], participantId: string): Promise<{ person: Participant; meeting: Meeting } | null> {
    const batch = 4
    for (let start = 0; start < meetings.length; start += batch) {
      const some = meetings.slice(start, start + batch)
      const found = await Promise.all(some.map(async (meeting) => ({ meeting, people: await this.of(meeting.id) })))
      for (const { meeting, people } of found) {
        const person = people.find((candidate) => candidate.id === participantId)
        if (person) return { person, meeting }
      }
    }
    return null
  }
}

export function personLabel(person: Participant): string {
  return person.relationship ? `${person.display_name} (${person.relationship})` : person.display_name
}

/** The name of a person a hold or an erasure is about, with their meeting, once found. */
export async function personWords(view: RecordsView, participantId: string, meetingId: string | null): Promise<string> {
  const meetings = meetingId ? view.meetings.filter((meeting) => meeting.id === meetingId) : view.meetings
  const found = await view.people.find(meetings, participantId)
  if (!found) return meetingId ? t('staff-records-view-person-in', { meeting: meetingTitle(view, meetingId) }) : t('staff-records-view-person-erased-meeting')
  return t('staff-records-view-in', { person: personLabel(found.person), title: found.meeting.title })
}

/** A person's name and meeting, filled in once found. */
export function personSlot(view: RecordsView, participantId: string, meetingId: string | null): HTMLElement {
  const slot = h('span', null, t('staff-records-view-one-person'))
  void personWords(view, participantId, meetingId).then((words) => replaceChildren(slot, words))
  return slot
}

/** A GOV.UK table: its caption (hidden when `hiddenCaption`), column titles and rows. */
export function dataTable(options: { caption: string; hiddenCaption?: boolean; testId: string; titles: Child[]; rows: HTMLElement[]; className?: string }): HTMLElement {
  return h(
    'table',
    { class: `govuk-table${options.className ? ` ${options.className}` : ''}`, 'data-testid': options.testId },
    h('caption', { class: options.hiddenCaption ? 'govuk-visually-hidden' : 'govuk-table__caption govuk-table__caption--s' }, options.caption),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' }, options.titles.map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
    ),
    h('tbody', { class: 'govuk-table__body' }, options.rows),
  )
}

/** A meeting and, when `person` is chosen, one person in it: the chooser holds, erasure and subject access share. */
export interface TargetChooser {
  /** The meeting select, then (for holds and erasure) the whole meeting or one person. */
  elements: HTMLElement[]
  meeting: Field<HTMLSelectElement>
  person: Field<HTMLSelectElement>
  /** Null when the chooser is only ever about one person. */
  scope: RadiosField | null
  /** The people of the chosen meeting, as last loaded. */
  people(): Participant[]
  /** Called after the people of a newly chosen meeting are loaded. */
  onPeople(listener: (people: Participant[]) => void): void
}

/**
 * Chooses a meeting, then the whole meeting or one person in it (`scopeLegend`), or only a person
 * when `scopeLegend` is null.
 */
export function targetChooser(view: RecordsView, options: { name: string; scopeLegend: string | null; meetingLabel?: string; personLabel?: string }): TargetChooser {
  const meeting = select({
    label: options.meetingLabel ?? t('staff-records-view-meeting'),
    name: `${options.name}-meeting`,
    value: '',
    options: [{ value: '', label: t('staff-records-view-choose-meeting') }, ...view.meetings.map((item) => ({ value: item.id, label: item.title }))],
  })
  const person = select({
    label: options.personLabel ?? t('staff-records-view-person'),
    name: `${options.name}-person`,
    value: '',
    options: [{ value: '', label: t('staff-records-view-choose-meeting-first') }],
  })
  let people: Participant[] = []
  const listeners: ((people: Participant[]) => void)[] = []
  let asked = 0
  meeting.control.addEventListener('change', async () => {
    asked += 1
    const mine = asked
    const meetingId = meeting.control.value
    person.control.disabled = true
    replaceChildren(person.control, h('option', { value: '' }, meetingId ? t('staff-records-view-loading-people') : t('staff-records-view-choose-meeting-first')))
    const loaded = meetingId ? await view.people.of(meetingId) : []
    if (mine !== asked) return
    people = loaded
    replaceChildren(
      person.control,
      h('option', { value: '' }, loaded.length > 0 ? t('staff-records-view-choose-person') : meetingId ? t('staff-records-view-nobody-meeting') : t('staff-records-view-choose-meeting-first')),
      loaded.map((item) => h('option', { value: item.id }, personLabel(item))),
    )
    person.control.disabled = false
    for (const listener of listeners) listener(loaded)
  })
  const scope = options.scopeLegend
    ? radios({
        legend: options.scopeLegend,
        legendSize: 's',
        name: `${options.name}-scope`,
        small: true,
        value: 'meeting',
        items: [
          { value: 'meeting', label: t('staff-records-view-whole-meeting') },
          { value: 'person', label: t('staff-records-view-one-person-in-it'), conditional: person.group },
        ],
      })
    : null
  return {
    elements: [meeting.group, scope ? scope.group : person.group],
    meeting,
    person,
    scope,
    people: () => people,
    onPeople: (listener) => listeners.push(listener),
  }
}
