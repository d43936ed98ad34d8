// The records page's legal holds and erasure: holds in force and lifted, placing one on a meeting
// or a person and lifting it, each with a reason; erasing a meeting or one person after a step
// that says plainly what goes, what stays and that it cannot be undone; and the tombstones that
// erasures and deletions leave.

import { api, type Erasure, type LegalHold, type RecordsTarget } from '../api'
import { h, replaceChildren, type Child } from '../dom'
import { dateTime, sentence } from '../format'
import { ErrorSummary, banner, button, textArea, warningText, whileBusy, type FieldError } from '../components/forms'
import {
  dataTable,
  meetingTitle,
  personLabel,
  personSlot,
  recordTypeName,
  removedWords,
  targetChooser,
  whoName,
  type RecordsView,
  type TargetChooser,
} from './records-view'

const cell = (...children: Child[]) => h('td', { class: 'govuk-table__cell' }, children)

/** What a hold is on, in words: a meeting's title, or a person and their meeting. */
function holdOn(view: RecordsView, hold: LegalHold): HTMLElement {
  if (hold.meeting_id) return h('span', null, meetingTitle(view, hold.meeting_id))
  return personSlot(view, hold.participant_id ?? '', null)
}

function targetOf(hold: LegalHold): RecordsTarget {
  return hold.meeting_id ? { meeting_id: hold.meeting_id, reason: '' } : { participant_id: hold.participant_id, reason: '' }
}

function liftForm(view: RecordsView, hold: LegalHold): HTMLElement {
  const errors = new ErrorSummary()
  const reason = textArea({ label: 'Why is the hold lifted?', name: `lift-reason-${hold.id}`, rows: 3 })
  const lift = button('Lift the hold', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const why = reason.control.value.trim()
        if (!why) {
          errors.show([{ control: reason.control, message: 'Enter why the hold is lifted' }])
          return
        }
        errors.clear()
        try {
          const lifted = await whileBusy(lift, 'Lifting…', null, () => api.liftHold({ ...targetOf(hold), reason: why }))
          const what = hold.meeting_id ? meetingTitle(view, hold.meeting_id) : 'the person'
          await view.changed(
            'holds',
            banner('Hold lifted', [h('p', { class: 'govuk-body' }, `${lifted.length === 1 ? 'The hold' : `${lifted.length} holds`} on ${what} ${lifted.length === 1 ? 'is' : 'are'} lifted.`)], true),
          )
        } catch (error) {
          errors.show([{ control: reason.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    reason.group,
    lift,
  )
  return h(
    'details',
    { class: 'govuk-details kp-lift' },
    h(
      'summary',
      { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'Lift', h('span', { class: 'govuk-visually-hidden' }, ' this hold')),
    ),
    h('div', { class: 'govuk-details__text' }, form),
  )
}

function placedWords(view: RecordsView, hold: LegalHold): string {
  return `${whoName(view, hold.placed_by)}, ${dateTime(hold.placed_at)}`
}

/** The meeting or person the chooser names, as a request; or what is missing. */
function chosenTarget(chooser: TargetChooser): { target: RecordsTarget | null; problems: FieldError[] } {
  const problems: FieldError[] = []
  const meetingId = chooser.meeting.control.value
  if (!meetingId) {
    problems.push({ control: chooser.meeting.control, message: 'Choose a meeting' })
    return { target: null, problems }
  }
  const scope = chooser.scope?.value() ?? 'person'
  if (scope === 'meeting') return { target: { meeting_id: meetingId, reason: '' }, problems }
  const participantId = chooser.person.control.value
  if (!participantId) {
    problems.push({ control: chooser.person.control, message: 'Choose the person' })
    return { target: null, problems }
  }
  return { target: { participant_id: participantId, reason: '' }, problems }
}

/** The chosen meeting's title in quotes, or the person with their meeting. */
function chosenName(view: RecordsView, chooser: TargetChooser, target: RecordsTarget): string {
  const meeting = `“${meetingTitle(view, chooser.meeting.control.value)}”`
  if (target.meeting_id) return meeting
  const person = chooser.people().find((candidate) => candidate.id === target.participant_id)
  return person ? `${personLabel(person)}, in ${meeting}` : `one person in ${meeting}`
}

function placeForm(view: RecordsView): HTMLElement {
  const errors = new ErrorSummary()
  const chooser = targetChooser(view, { name: 'hold', scopeLegend: 'Place the hold on' })
  const reason = textArea({
    label: 'Reason for the hold',
    hint: 'For example, an inquiry or court proceedings. Other managers see it.',
    name: 'hold-reason',
    rows: 3,
  })
  const place = button('Place the hold', { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-hold-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const { target, problems } = chosenTarget(chooser)
        const why = reason.control.value.trim()
        if (!why) problems.push({ control: reason.control, message: 'Enter the reason for the hold' })
        if (!target || problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          await whileBusy(place, 'Placing the hold…', null, () => api.placeHold({ ...target, reason: why }))
          await view.changed(
            'holds',
            banner(
              'Hold placed',
              [
                h(
                  'p',
                  { class: 'govuk-body' },
                  target.meeting_id
                    ? `Nothing in the meeting ${chosenName(view, chooser, target)} will be deleted or erased until the hold is lifted.`
                    : `Nothing about ${chosenName(view, chooser, target)}, will be deleted or erased until the hold is lifted.`,
                ),
              ],
              true,
            ),
          )
        } catch (error) {
          errors.show([{ message: (error as Error).message }])
        }
      },
    },
    h('h3', { class: 'govuk-heading-s' }, 'Place a hold'),
    errors.element,
    chooser.elements,
    reason.group,
    place,
  )
}

/** Legal holds: those in force (each can be lifted), placing one, and those lifted. */
export function holdsSection(view: RecordsView): HTMLElement[] {
  const inForce = view.holds.filter((hold) => !hold.lifted_at)
  const lifted = view.holds.filter((hold) => hold.lifted_at)
  return [
    h(
      'p',
      { class: 'govuk-body' },
      'A legal hold stops deletion: nothing in a held meeting, or about a held person, is deleted by a rule or erased until the hold is lifted.',
    ),
    inForce.length === 0
      ? h('p', { class: 'govuk-body', 'data-testid': 'no-holds' }, 'No holds are in force.')
      : dataTable({
          caption: 'Holds in force',
          testId: 'holds-in-force',
          titles: ['On', 'Reason', 'Placed', h('span', { class: 'govuk-visually-hidden' }, 'Lift')],
          rows: inForce.map((hold) =>
            h(
              'tr',
              { class: 'govuk-table__row', 'data-hold': hold.id },
              cell(holdOn(view, hold)),
              h('td', { class: 'govuk-table__cell kp-reason' }, hold.reason),
              cell(placedWords(view, hold)),
              cell(liftForm(view, hold)),
            ),
          ),
        }),
    h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, placeForm(view))),
    lifted.length === 0
      ? null
      : dataTable({
          caption: 'Lifted holds',
          testId: 'holds-lifted',
          titles: ['On', 'Reason', 'Placed', 'Lifted'],
          rows: lifted.map((hold) =>
            h(
              'tr',
              { class: 'govuk-table__row', 'data-hold': hold.id },
              cell(holdOn(view, hold)),
              h('td', { class: 'govuk-table__cell kp-reason' }, hold.reason),
              cell(placedWords(view, hold)),
              h(
                'td',
                { class: 'govuk-table__cell kp-reason' },
                `${whoName(view, hold.lifted_by)}, ${dateTime(hold.lifted_at ?? '')}`,
                h('span', { class: 'kp-block' }, `Why: ${hold.lift_reason ?? ''}`),
              ),
            ),
          ),
        }),
  ].filter((item): item is HTMLElement => item !== null)
}

const MEETING_GOES =
  'Everything in the meeting goes: its plan and every version, the family’s private notes, comments, the people and their contact details, join links and sessions, safety notes, separations and consents. Names in the audit log are blanked.'
const MEETING_STAYS =
  'What stays is a record of the erasure: that it happened, when, by whom and why, and the fingerprint (hash) of each version, so the history of signed plans can still be checked.'
const PERSON_GOES =
  'Their name, relationship, contact details, private room, safety notes about them, separations, join links and sessions go. Their name on decisions and in the audit log is blanked, and their links stop working at once.'
const PERSON_STAYS =
  'Versions of the plan they saved are kept whole: each is the signed record of what was agreed. To remove those too, erase the whole meeting.'

/** Erasing a meeting or one person, after a check of what will go. */
function erasureForm(view: RecordsView): HTMLElement {
  const errors = new ErrorSummary()
  const chooser = targetChooser(view, { name: 'erase', scopeLegend: 'What do you want to erase?' })
  const reason = textArea({
    label: 'Reason for the erasure',
    hint: 'For example, a successful erasure request, or information entered in the wrong family’s meeting. The reason is kept in the record of the erasure.',
    name: 'erase-reason',
    rows: 3,
  })
  const next = button('Continue', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-erase-form',
      onsubmit: (event: Event) => {
        event.preventDefault()
        const { target, problems } = chosenTarget(chooser)
        const why = reason.control.value.trim()
        if (!why) problems.push({ control: reason.control, message: 'Enter the reason for the erasure' })
        if (!target || problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        confirm({ ...target, reason: why })
      },
    },
    errors.element,
    chooser.elements,
    reason.group,
    next,
  )
  const check = h('div', { class: 'kp-erase-check', hidden: true })
  const area = h('div', null, form, check)

  function back(): void {
    check.hidden = true
    form.hidden = false
  }

  function confirm(target: RecordsTarget): void {
    const whole = Boolean(target.meeting_id)
    const name = chosenName(view, chooser, target)
    const what = whole ? `The whole meeting ${name}` : name
    const done = whole ? `The meeting ${name} was erased.` : `The data of ${name}, was erased.`
    const heading = h('h3', { class: 'govuk-heading-m', tabindex: '-1' }, 'Check before you erase')
    const yes = button(whole ? 'Yes, erase the meeting' : 'Yes, erase their data', { kind: 'warning' })
    const goBack = button('Go back', {
      kind: 'secondary',
      onClick: () => {
        back()
        next.focus()
      },
    })
    yes.addEventListener('click', async () => {
      try {
        const report = await whileBusy(yes, 'Erasing…', null, () => api.erase(target))
        const kept = report.kept
        await view.changed(
          'erasure',
          h(
            'div',
            { class: 'kp-erase-done' },
            banner(
              'Erased',
              [
                h('p', { class: 'govuk-body' }, done),
                h('p', { class: 'govuk-body' }, `Removed: ${removedWords(report.removed)}.`),
              ],
              true,
            ),
            kept.length > 0
              ? [h('h3', { class: 'govuk-heading-s' }, 'What was kept'), h('ul', { class: 'govuk-list govuk-list--bullet', 'data-testid': 'kept' }, kept.map((line) => h('li', null, sentence(line))))]
              : null,
          ),
        )
      } catch (error) {
        // Refused (a hold, most often): back to the form as it was, with the reason on top.
        back()
        errors.show([{ message: (error as Error).message }])
      }
    })
    replaceChildren(
      check,
      heading,
      h(
        'dl',
        { class: 'govuk-summary-list' },
        h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, 'To erase'), h('dd', { class: 'govuk-summary-list__value' }, what)),
        h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, 'Reason'), h('dd', { class: 'govuk-summary-list__value kp-reason' }, target.reason)),
      ),
      h('p', { class: 'govuk-body' }, whole ? MEETING_GOES : PERSON_GOES),
      h('p', { class: 'govuk-body' }, whole ? MEETING_STAYS : PERSON_STAYS),
      h('p', { class: 'govuk-body' }, 'A legal hold stops an erasure: if there is a hold on the meeting or the person, lift it first.'),
      warningText('Erasing cannot be undone.'),
      h('div', { class: 'govuk-button-group' }, yes, goBack),
    )
    form.hidden = true
    check.hidden = false
    heading.focus()
  }

  return area
}

function erasureWhat(view: RecordsView, erasure: Erasure): Child[] {
  const small = (text: Child) => h('span', { class: 'govuk-body-s kp-block kp-muted' }, text)
  switch (erasure.scope) {
    case 'meeting':
      return ['A whole meeting', small(`Reference ${erasure.meeting_id ?? ''}`)]
    case 'person':
      return [
        'One person’s data',
        small(personSlot(view, erasure.participant_id ?? '', erasure.meeting_id)),
      ]
    default:
      return [erasure.record_type ? recordTypeName(erasure.record_type) : 'Records', small(erasure.meeting_id ? `In ${meetingTitle(view, erasure.meeting_id)}` : 'Across the service')]
  }
}

function versionsWords(erasure: Erasure): string {
  if (erasure.versions.length === 0) return 'None'
  return `${erasure.versions.length === 1 ? 'Version' : 'Versions'} ${erasure.versions.map((version) => version.number).join(', ')}`
}

/** Erasing, then the records erasures and deletions left (newest first). */
export function erasureSection(view: RecordsView): HTMLElement[] {
  const tombstones = [...view.erasures].reverse()
  return [
    h(
      'p',
      { class: 'govuk-body' },
      'Erase a whole meeting, or one person’s data in a meeting, for example after a successful erasure request. A record of each erasure stays.',
    ),
    h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, erasureForm(view))),
    h('h3', { class: 'govuk-heading-m' }, 'Erasures and deletions'),
    tombstones.length === 0
      ? h('p', { class: 'govuk-body' }, 'Nothing has been erased or deleted yet.')
      : dataTable({
          caption: 'What was erased or deleted, newest first',
          testId: 'erasures',
          titles: ['What', 'Reason', 'By', 'When', 'Versions erased (fingerprints kept)'],
          rows: tombstones.map((erasure) =>
            h(
              'tr',
              { class: 'govuk-table__row', 'data-erasure': erasure.id, 'data-meeting': erasure.meeting_id ?? '' },
              cell(erasureWhat(view, erasure)),
              h('td', { class: 'govuk-table__cell kp-reason' }, sentence(erasure.reason)),
              cell(whoName(view, erasure.erased_by)),
              cell(dateTime(erasure.erased_at)),
              cell(versionsWords(erasure)),
            ),
          ),
        }),
  ]
}
