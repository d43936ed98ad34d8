// Safety notes on the network page: what the coordinator learns in screening and arranging the
// meeting safely, for the meeting's staff only. The facilitator adds them; practitioners with staff
// accounts and managers read them. A note is never changed: a correction is a further note. The
// page asks for them only when the person is staff, and the server audits every read.

import type { NoteCategory, Participant, SafetyNote } from '../api'
import { h } from '../dom'
import { dateTime } from '../format'
import { t } from '../i18n'
import { ErrorSummary, button, radios, select, textArea, type FieldError } from '../components/forms'
import type { MeetingContext } from './common'

const CATEGORIES: NoteCategory[] = ['risk', 'screening', 'arrangement', 'other']

function categoryName(category: NoteCategory): string {
  return CATEGORIES.includes(category) ? t(`staff-safety-notes-category-${category}`) : category
}

/** What a category is for; empty for "Other". */
function categoryHint(category: NoteCategory): string {
  return category === 'other' ? '' : t(`staff-safety-notes-category-${category}-hint`)
}

function aboutName(people: Participant[], participantId: string | null): string {
  if (participantId === null) return t('staff-safety-notes-whole-meeting')
  return people.find((person) => person.id === participantId)?.display_name ?? t('staff-safety-notes-someone-gone')
}

/** What the section needs. */
export interface SafetyNotesView {
  context: MeetingContext
  /** The notes, oldest first; null when the person asking may not read them. */
  notes: SafetyNote[] | null
  /** Adds a note, fetches the notes again and draws the section; throws the server's refusal. */
  add: (participantId: string | null, category: NoteCategory, body: string) => Promise<void>
}

function noteList(view: SafetyNotesView, notes: SafetyNote[]): HTMLElement {
  if (notes.length === 0) return h('p', { class: 'govuk-body' }, t('staff-safety-notes-none'))
  return h(
    'ol',
    { class: 'govuk-list kp-safety-notes__list', 'data-testid': 'safety-notes' },
    notes.map((note) =>
      h(
        'li',
        { class: 'kp-safety-note' },
        h(
          'p',
          { class: 'govuk-body govuk-!-margin-bottom-1' },
          h('strong', { class: 'govuk-tag govuk-tag--grey kp-safety-note__tag' }, categoryName(note.category)),
          ' ',
          t('staff-safety-notes-about'),
          ' ',
          h('span', { class: 'govuk-!-font-weight-bold' }, aboutName(view.context.people, note.participant_id)),
        ),
        h('p', { class: 'govuk-body kp-reason govuk-!-margin-bottom-1' }, note.body),
        h('p', { class: 'govuk-body-s' }, t('staff-safety-notes-added', { name: note.author_name, when: dateTime(note.created_at) })),
      ),
    ),
  )
}

function noteForm(view: SafetyNotesView): HTMLElement {
  const people = view.context.people
  const errors = new ErrorSummary()
  const about = select({
    label: t('staff-safety-notes-about-label'),
    name: 'participant_id',
    value: '',
    options: [{ value: '', label: t('staff-safety-notes-whole-meeting') }, ...people.map((person) => ({ value: person.id, label: person.display_name }))],
  })
  const category = radios({
    legend: t('staff-safety-notes-category'),
    legendSize: 's',
    name: 'category',
    items: CATEGORIES.map((value) => ({ value, label: categoryName(value), hint: categoryHint(value) || undefined })),
  })
  const body = textArea({ label: t('staff-safety-notes-note'), hint: t('staff-safety-notes-note-hint'), name: 'body', rows: 4 })
  const add = button(t('staff-safety-notes-add-note'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-safety-note-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        if (!category.value()) problems.push({ control: category.inputs[0], message: t('staff-safety-notes-error-category') })
        if (!body.control.value.trim()) problems.push({ control: body.control, message: t('staff-safety-notes-error-note') })
        if (problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        add.disabled = true
        try {
          await view.add(about.control.value || null, category.value() as NoteCategory, body.control.value.trim())
        } catch (error) {
          errors.show([{ control: body.control, message: (error as Error).message }])
          add.disabled = false
        }
      },
    },
    h('h3', { class: 'govuk-heading-s' }, t('staff-safety-notes-add-heading')),
    errors.element,
    about.group,
    category.group,
    body.group,
    add,
  )
}

/** The safety notes for staff, with the facilitator's form; null for anyone else. */
export function safetyNotesSection(view: SafetyNotesView): HTMLElement | null {
  const { context, notes } = view
  if (notes === null || context.session.kind !== 'staff') return null
  const canAdd = context.isFacilitator && context.meeting.stage !== 'closed'
  return h(
    'section',
    { class: 'kp-safety-notes', 'aria-labelledby': 'safety-notes-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'safety-notes-heading' }, t('staff-safety-notes-heading')),
    h(
      'p',
      { class: 'govuk-body' },
      t('staff-safety-notes-intro'),
    ),
    noteList(view, notes),
    canAdd ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, noteForm(view))) : null,
  )
}
