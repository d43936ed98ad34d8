// The statutory offer on the case page: for each person with parental responsibility the offers
// made (when, how) and their answers (accepted, declined with their reason, awaiting) with the
// day; recording an offer and an answer; a decision not to offer, with its best-interests reason,
// waiting for a manager's approval; and the care application's day with where the case stands:
// whether the meeting was held before it.

import { api, type Case, type CaseParent, type Offer, type OfferAnswer, type OfferMethod } from '../api'
import { h, type Child } from '../dom'
import { dateOnly, dateTime, offerAnswerName, offerMethodName } from '../format'
import { ErrorSummary, banner, button, dateInput, radios, textArea, whileBusy, type DateField, type FieldError } from '../components/forms'
import { summaryList, type CasePageView } from './case-view'

const METHODS: { value: OfferMethod; label: string }[] = [
  { value: 'in-person', label: 'In person' },
  { value: 'letter', label: 'By letter' },
  { value: 'letter-before-proceedings', label: 'In the letter before proceedings' },
]

const cell = (...children: Child[]) => h('td', { class: 'govuk-table__cell' }, children)

/** The day in a date input, or the problem with it: `required` says whether an empty one is. */
function dayFrom(field: DateField, required: string | null, invalid: string): { day: string | null; problem: FieldError | null } {
  const value = field.value()
  if (value === 'invalid') return { day: null, problem: { control: field.day, message: invalid } }
  if (value === null && required) return { day: null, problem: { control: field.day, message: required } }
  return { day: value, problem: null }
}

/** A GOV.UK details element that holds a small form. */
function detailsWith(summary: Child, content: HTMLElement): HTMLElement {
  return h(
    'details',
    { class: 'govuk-details kp-case-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, summary)),
    h('div', { class: 'govuk-details__text' }, content),
  )
}

function answerTag(answer: OfferAnswer): HTMLElement {
  const colour = answer === 'accepted' ? 'green' : answer === 'declined' ? 'orange' : 'yellow'
  return h('strong', { class: `govuk-tag govuk-tag--${colour}` }, offerAnswerName(answer))
}

function answerForm(view: CasePageView, parent: CaseParent | null, offer: Offer): HTMLElement {
  const errors = new ErrorSummary()
  const reason = textArea({
    label: 'Their reason (optional)',
    hint: 'In their words, if they gave one.',
    name: `declined-reason-${offer.id}`,
    rows: 3,
    value: offer.declined_reason,
  })
  const answer = radios({
    legend: 'Their answer',
    legendSize: 's',
    name: `answer-${offer.id}`,
    items: [
      { value: 'accepted', label: 'Accepted' },
      { value: 'declined', label: 'Declined', conditional: reason.group },
      { value: 'awaiting', label: 'Still awaiting an answer' },
    ],
    value: offer.answer === 'awaiting' ? undefined : offer.answer,
  })
  const answeredOn = dateInput({ legend: 'Day of the answer', legendSize: 's', hint: 'For example, 27 3 2026. Not needed while awaiting an answer.', name: `answered-on-${offer.id}` })
  answeredOn.set(offer.answered_on)
  const save = button('Save the answer', { type: 'submit' })
  const who = parent?.name ?? 'this person'
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const chosen = answer.value() as OfferAnswer | ''
        if (!chosen) {
          errors.show([{ control: answer.inputs[0], message: `Choose ${who}’s answer` }])
          return
        }
        const { day, problem } = dayFrom(answeredOn, chosen === 'awaiting' ? null : 'Enter the day of the answer', 'The day of the answer must be a real date')
        if (problem) {
          errors.show([problem])
          return
        }
        errors.clear()
        try {
          await whileBusy(save, 'Saving…', null, () =>
            api.answerOffer(view.details.id, offer.id, {
              answer: chosen,
              declined_reason: chosen === 'declined' ? reason.control.value : '',
              answered_on: chosen === 'awaiting' ? null : day,
            }),
          )
          await view.changed('offer', banner('Answer saved', [h('p', { class: 'govuk-body' }, `${who}: ${offerAnswerName(chosen).toLowerCase()}.`)], true))
        } catch (error) {
          const message = (error as Error).message
          const text = message.toLowerCase()
          const control = text.includes('reason') ? reason.control : text.includes('day') || text.includes('before the offer') ? answeredOn.day : answer.inputs[0]
          errors.show([{ control, message }])
        }
      },
    },
    errors.element,
    answer.group,
    answeredOn.group,
    save,
  )
}

function offerForm(view: CasePageView, parent: CaseParent): HTMLElement {
  const errors = new ErrorSummary()
  const offeredOn = dateInput({ legend: 'Day of the offer', legendSize: 's', hint: 'For example, 27 3 2026.', name: `offered-on-${parent.id}` })
  const method = radios({ legend: 'How was it offered?', legendSize: 's', name: `method-${parent.id}`, items: METHODS })
  const record = button('Record the offer', { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        const { day, problem } = dayFrom(offeredOn, 'Enter the day of the offer', 'The day of the offer must be a real date')
        if (problem) problems.push(problem)
        const how = method.value() as OfferMethod | ''
        if (!how) problems.push({ control: method.inputs[0], message: 'Choose how the meeting was offered' })
        if (problems.length > 0 || !day || !how) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          await whileBusy(record, 'Recording…', null, () => api.makeOffer(view.details.id, { parent_id: parent.id, offered_on: day, method: how }))
          await view.changed('offer', banner('Offer recorded', [h('p', { class: 'govuk-body' }, `A meeting was offered to ${parent.name} on ${dateOnly(day)}.`)], true))
        } catch (error) {
          const message = (error as Error).message
          errors.show([{ control: message.toLowerCase().includes('day') ? offeredOn.day : method.inputs[0], message }])
        }
      },
    },
    errors.element,
    offeredOn.group,
    method.group,
    record,
  )
}

function offersTable(view: CasePageView, parent: CaseParent | null, offers: Offer[]): HTMLElement {
  const name = parent?.name ?? 'someone no longer named in the referral'
  return h(
    'table',
    { class: 'govuk-table kp-offers' },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, `Offers to ${name}`),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        ['Offered on', 'How', 'Answer', 'Answered on', 'Their reason', view.holds ? 'Change' : null]
          .filter((title): title is string => title !== null)
          .map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      offers.map((offer) =>
        h(
          'tr',
          { class: 'govuk-table__row', 'data-offer': offer.id },
          cell(dateOnly(offer.offered_on)),
          cell(offerMethodName(offer.method)),
          cell(answerTag(offer.answer)),
          cell(offer.answered_on ? dateOnly(offer.answered_on) : ''),
          cell(offer.declined_reason ? h('span', { class: 'kp-reason' }, offer.declined_reason) : ''),
          view.holds
            ? cell(
                detailsWith(
                  [offer.answer === 'awaiting' ? 'Record the answer' : 'Change the answer', h('span', { class: 'govuk-visually-hidden' }, ` of ${name} to the offer of ${dateOnly(offer.offered_on)}`)],
                  answerForm(view, parent, offer),
                ),
              )
            : null,
        ),
      ),
    ),
  )
}

function parentOffers(view: CasePageView, parent: CaseParent | null, offers: Offer[]): HTMLElement {
  return h(
    'div',
    { class: 'kp-parent-offers', 'data-parent': parent?.id ?? 'unknown' },
    h(
      'h3',
      { class: 'govuk-heading-m' },
      parent ? parent.name : 'Offers to someone no longer named in the referral',
      parent?.relationship ? h('span', { class: 'govuk-caption-m' }, parent.relationship) : null,
    ),
    offers.length === 0 ? h('p', { class: 'govuk-body' }, 'No offer recorded yet.') : offersTable(view, parent, offers),
    view.holds && parent ? detailsWith(['Record an offer', h('span', { class: 'govuk-visually-hidden' }, ` to ${parent.name}`)], offerForm(view, parent)) : null,
  )
}

export function offerSection(view: CasePageView): HTMLElement[] {
  const { details } = view
  const offers = details.offers ?? []
  const parents = details.parental_responsibility
  const parts: HTMLElement[] = [
    h(
      'p',
      { class: 'govuk-body' },
      'Before applying for a care or supervision order, the council must offer a family group decision-making meeting to everyone with parental responsibility. If one of them accepts, the meeting must be held before the application.',
    ),
  ]
  if (parents.length === 0) {
    parts.push(h('p', { class: 'govuk-body' }, 'The referral names nobody with parental responsibility yet. Add them to the referral to record offers.'))
  }
  for (const parent of parents) parts.push(parentOffers(view, parent, offers.filter((offer) => offer.parent_id === parent.id)))
  // An offer whose person was renamed or taken out of the referral still counts: it stays shown.
  const orphans = offers.filter((offer) => !parents.some((parent) => parent.id === offer.parent_id))
  if (orphans.length > 0) parts.push(parentOffers(view, null, orphans))
  return parts
}

type NotOfferingDecision = NonNullable<Case['not_offering']>[number]

/** A manager's refusal of a decision not to offer, with the reason. */
function refuseForm(view: CasePageView, decision: NotOfferingDecision): HTMLElement {
  const errors = new ErrorSummary()
  const reason = textArea({ label: 'Why do you refuse the decision?', hint: 'The facilitator reads this, and may then offer the meeting or decide again.', name: `refuse-${decision.id}`, rows: 3 })
  const refuse = button('Refuse the decision not to offer', { type: 'submit', kind: 'warning' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!reason.control.value.trim()) {
          errors.show([{ control: reason.control, message: 'Enter why you refuse the decision' }])
          return
        }
        errors.clear()
        try {
          await whileBusy(refuse, 'Refusing…', null, () => api.refuseNotOffering(view.details.id, decision.id, reason.control.value))
          await view.changed('not-offering', banner('Decision refused', [h('p', { class: 'govuk-body' }, 'The facilitator may now offer the meeting, or decide again.')], true))
        } catch (error) {
          errors.show([{ control: reason.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    reason.group,
    refuse,
  )
}

function decisionCard(view: CasePageView, decision: NotOfferingDecision): HTMLElement {
  const approved = Boolean(decision.approved_at)
  const refused = Boolean(decision.refused_at)
  const approve = button('Approve the decision not to offer', {
    onClick: async () => {
      try {
        await whileBusy(approve, 'Approving…', null, () => api.approveNotOffering(view.details.id, decision.id))
        await view.changed('not-offering', banner('Decision approved', [h('p', { class: 'govuk-body' }, 'The decision not to offer a meeting is in force.')], true))
      } catch (error) {
        await view.changed('not-offering', banner('The decision was not approved', [h('p', { class: 'govuk-body' }, (error as Error).message)]))
      }
    },
  })
  return h(
    'div',
    { class: 'govuk-summary-card', 'data-decision': decision.id },
    h(
      'div',
      { class: 'govuk-summary-card__title-wrapper' },
      h('h3', { class: 'govuk-summary-card__title' }, `Decided ${dateTime(decision.decided_at)}`),
      h(
        'strong',
        { class: `govuk-tag govuk-tag--${approved ? 'green' : refused ? 'red' : 'yellow'}` },
        approved ? 'Approved' : refused ? 'Refused' : 'Awaiting a manager’s approval',
      ),
    ),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      summaryList([
        ['Best-interests reason', h('span', { class: 'kp-reason' }, decision.reason)],
        ...(refused
          ? ([
              ['Refused', dateTime(decision.refused_at ?? '')],
              ['Why it was refused', h('span', { class: 'kp-reason' }, decision.refusal_reason)],
            ] as [string, Child][])
          : ([['Approved', decision.approved_at ? dateTime(decision.approved_at) : 'Not yet']] as [string, Child][])),
      ]),
      view.isManager && !approved && !refused ? approve : null,
      view.isManager && !approved && !refused ? detailsWith('Refuse the decision', refuseForm(view, decision)) : null,
    ),
  )
}

function notOfferingForm(view: CasePageView): HTMLElement {
  const errors = new ErrorSummary()
  const reason = textArea({
    label: 'Why would offering a meeting not be in the child’s best interests?',
    hint: 'A manager reads this before approving the decision.',
    name: 'not-offering-reason',
    rows: 4,
  })
  const record = button('Record the decision not to offer', { type: 'submit', kind: 'warning' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!reason.control.value.trim()) {
          errors.show([{ control: reason.control, message: 'Enter why a meeting would not be in the child’s best interests' }])
          return
        }
        errors.clear()
        try {
          await whileBusy(record, 'Recording…', null, () => api.decideNotToOffer(view.details.id, reason.control.value))
          await view.changed(
            'not-offering',
            banner('Decision recorded', [h('p', { class: 'govuk-body' }, 'It is in force once a manager approves it.')], true),
          )
        } catch (error) {
          errors.show([{ control: reason.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    reason.group,
    record,
  )
}

export function notOfferingSection(view: CasePageView): HTMLElement[] {
  const decisions = view.details.not_offering ?? []
  const approved = decisions.some((decision) => decision.approved_at)
  const parts: HTMLElement[] = [
    h(
      'p',
      { class: 'govuk-body' },
      'The council may decide not to offer a meeting when it would not be in the child’s best interests. The decision is in force once a manager approves it.',
    ),
  ]
  if (decisions.length === 0) parts.push(h('p', { class: 'govuk-body' }, 'No decision not to offer has been recorded.'))
  for (const decision of decisions) parts.push(decisionCard(view, decision))
  if (view.holds && !approved) parts.push(detailsWith('Decide not to offer a meeting', notOfferingForm(view)))
  return parts
}

/** Whether the meeting was held before the application: "Not yet" while there is still time. */
function heldBeforeApplication(details: Case): Child {
  const standing = details.offer_standing
  const held = standing?.held_before_application ?? null
  if (held === null) {
    // The server leaves it open while no meeting is held and the application is still to come.
    if (standing?.accepted && details.care_application_on) return 'Not yet'
    return h('span', { class: 'kp-muted' }, 'Known once an offer is accepted and an application day is recorded')
  }
  return held ? 'Yes' : 'No'
}

function careApplicationForm(view: CasePageView): HTMLElement {
  const errors = new ErrorSummary()
  const on = dateInput({
    legend: 'Day of the care or supervision application',
    legendSize: 's',
    hint: 'The day it is made, or planned. For example, 27 3 2026.',
    name: 'care-application-on',
  })
  on.set(view.details.care_application_on)
  const save = button('Save the day', { type: 'submit', inline: true })
  const send = async (day: string | null, control: HTMLButtonElement, busy: string, done: string) => {
    errors.clear()
    try {
      await whileBusy(control, busy, null, () => api.setCareApplication(view.details.id, day))
      await view.changed('care-application', banner(done, [h('p', { class: 'govuk-body' }, day ? `The application is recorded for ${dateOnly(day)}.` : 'No application day is recorded now.')], true))
    } catch (error) {
      errors.show([{ control: on.day, message: (error as Error).message }])
    }
  }
  const clear = view.details.care_application_on
    ? button('Clear the day', { kind: 'secondary', inline: true, onClick: () => void send(null, clear!, 'Clearing…', 'Application day cleared') })
    : null
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const { day, problem } = dayFrom(on, 'Enter the day of the application', 'The day of the application must be a real date')
        if (problem || !day) {
          errors.show(problem ? [problem] : [])
          return
        }
        await send(day, save, 'Saving…', 'Application day saved')
      },
    },
    errors.element,
    on.group,
    h('div', { class: 'govuk-button-group' }, save, clear),
  )
}

export function careApplicationSection(view: CasePageView): HTMLElement[] {
  const { details } = view
  const standing = details.offer_standing
  return [
    summaryList(
      [
        ['Application', details.care_application_on ? dateOnly(details.care_application_on) : h('span', { class: 'kp-muted' }, 'None recorded')],
        ['Offer accepted', standing ? (standing.accepted ? 'Yes' : 'No') : 'Not known'],
        ['First meeting held', standing?.first_meeting_held_on ? dateOnly(standing.first_meeting_held_on) : 'Not yet'],
        ['Held before the application', heldBeforeApplication(details)],
        ['Decision not to offer approved', standing ? (standing.not_offering_approved ? 'Yes' : 'No') : 'Not known'],
      ],
      'offer-standing',
    ),
    view.holds ? careApplicationForm(view) : null,
  ].filter((part): part is HTMLElement => part !== null)
}
