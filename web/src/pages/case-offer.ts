// The statutory offer on the case page: for each person with parental responsibility the offers
// made (when, how) and their answers (accepted, declined with their reason, awaiting) with the
// day; recording an offer and an answer; a decision not to offer, with its best-interests reason,
// waiting for a manager's approval; and the care application's day with where the case stands:
// whether the meeting was held before it.

import { api, type Case, type CaseParent, type Offer, type OfferAnswer, type OfferMethod } from '../api'
import { h, type Child } from '../dom'
import { dateOnly, dateTime, offerAnswerName, offerMethodName } from '../format'
import { t } from '../i18n'
import { ErrorSummary, banner, button, dateInput, radios, textArea, whileBusy, type DateField, type FieldError } from '../components/forms'
import { summaryList, type CasePageView } from './case-view'

const METHODS: { value: OfferMethod; label: string }[] = [
  { value: 'in-person', label: t('staff-offer-method-in-person') },
  { value: 'letter', label: t('staff-offer-method-letter') },
  { value: 'letter-before-proceedings', label: t('staff-offer-method-letter-before-proceedings') },
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
    label: t('staff-offer-their-reason-optional'),
    hint: t('staff-offer-their-words-if-they-gave'),
    name: `declined-reason-${offer.id}`,
    rows: 3,
    value: offer.declined_reason,
  })
  const answer = radios({
    legend: t('staff-offer-their-answer'),
    legendSize: 's',
    name: `answer-${offer.id}`,
    items: [
      { value: 'accepted', label: t('staff-offer-accepted') },
      { value: 'declined', label: t('staff-offer-declined'), conditional: reason.group },
      { value: 'awaiting', label: t('staff-offer-still-awaiting-answer') },
    ],
    value: offer.answer === 'awaiting' ? undefined : offer.answer,
  })
  const answeredOn = dateInput({ legend: t('staff-offer-day-answer'), legendSize: 's', hint: t('staff-offer-example-27-3-2026-not'), name: `answered-on-${offer.id}` })
  answeredOn.set(offer.answered_on)
  const save = button(t('staff-offer-save-answer'), { type: 'submit' })
  const who = parent?.name ?? t('staff-offer-this-person')
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const chosen = answer.value() as OfferAnswer | ''
        if (!chosen) {
          errors.show([{ control: answer.inputs[0], message: t('staff-offer-choose-s-answer', { who }) }])
          return
        }
        const { day, problem } = dayFrom(answeredOn, chosen === 'awaiting' ? null : t('staff-offer-enter-day-answer'), t('staff-offer-day-answer-must-real-date'))
        if (problem) {
          errors.show([problem])
          return
        }
        errors.clear()
        try {
          await whileBusy(save, t('staff-saving'), null, () =>
            api.answerOffer(view.details.id, offer.id, {
              answer: chosen,
              declined_reason: chosen === 'declined' ? reason.control.value : '',
              answered_on: chosen === 'awaiting' ? null : day,
            }),
          )
          await view.changed('offer', banner(t('staff-offer-answer-saved'), [h('p', { class: 'govuk-body' }, t('staff-offer-answer-was', { who, answer: offerAnswerName(chosen).toLowerCase() }))], true))
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
  const offeredOn = dateInput({ legend: t('staff-offer-day-offer'), legendSize: 's', hint: t('staff-offer-example-27-3-2026'), name: `offered-on-${parent.id}` })
  const method = radios({ legend: t('staff-offer-how-was-offered'), legendSize: 's', name: `method-${parent.id}`, items: METHODS })
  const record = button(t('staff-offer-record-offer'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        const { day, problem } = dayFrom(offeredOn, t('staff-offer-enter-day-offer'), t('staff-offer-day-offer-must-real-date'))
        if (problem) problems.push(problem)
        const how = method.value() as OfferMethod | ''
        if (!how) problems.push({ control: method.inputs[0], message: t('staff-offer-choose-how-meeting-was-offered') })
        if (problems.length > 0 || !day || !how) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          await whileBusy(record, t('staff-offer-recording'), null, () => api.makeOffer(view.details.id, { parent_id: parent.id, offered_on: day, method: how }))
          await view.changed('offer', banner(t('staff-offer-offer-recorded'), [h('p', { class: 'govuk-body' }, t('staff-offer-meeting-was-offered', { name: parent.name, day: dateOnly(day) }))], true))
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
  const name = parent?.name ?? t('staff-offer-someone-gone')
  return h(
    'table',
    { class: 'govuk-table kp-offers' },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, t('staff-offer-offers', { name })),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        [t('staff-offer-offered'), t('staff-offer-how'), t('staff-offer-answer'), t('staff-offer-answered'), t('staff-offer-their-reason'), view.holds ? t('staff-offer-change') : null]
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
                  [offer.answer === 'awaiting' ? t('staff-offer-record-answer') : t('staff-offer-change-answer'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-offer-answer-of', { name, day: dateOnly(offer.offered_on) }))],
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
      parent ? parent.name : t('staff-offer-offers', { name: t('staff-offer-someone-gone') }),
      parent?.relationship ? h('span', { class: 'govuk-caption-m' }, parent.relationship) : null,
    ),
    offers.length === 0 ? h('p', { class: 'govuk-body' }, t('staff-offer-no-offer-recorded-yet')) : offersTable(view, parent, offers),
    view.holds && parent ? detailsWith([t('staff-offer-record-an-offer'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-offer-to', { name: parent.name }))], offerForm(view, parent)) : null,
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
      t('staff-offer-before-applying-care-supervision-order'),
    ),
  ]
  if (parents.length === 0) {
    parts.push(h('p', { class: 'govuk-body' }, t('staff-offer-referral-names-nobody-parental-responsibility')))
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
  const reason = textArea({ label: t('staff-offer-why-do-you-refuse-decision'), hint: t('staff-offer-facilitator-reads-may-then-offer'), name: `refuse-${decision.id}`, rows: 3 })
  const refuse = button(t('staff-offer-refuse-decision-not-offer'), { type: 'submit', kind: 'warning' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!reason.control.value.trim()) {
          errors.show([{ control: reason.control, message: t('staff-offer-enter-why-you-refuse-decision') }])
          return
        }
        errors.clear()
        try {
          await whileBusy(refuse, t('staff-offer-refusing'), null, () => api.refuseNotOffering(view.details.id, decision.id, reason.control.value))
          await view.changed('not-offering', banner(t('staff-offer-decision-refused'), [h('p', { class: 'govuk-body' }, t('staff-offer-facilitator-may-now-offer-meeting'))], true))
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
  const approve = button(t('staff-offer-approve-decision-not-offer'), {
    onClick: async () => {
      try {
        await whileBusy(approve, t('staff-offer-approving'), null, () => api.approveNotOffering(view.details.id, decision.id))
        await view.changed('not-offering', banner(t('staff-offer-decision-approved'), [h('p', { class: 'govuk-body' }, t('staff-offer-decision-not-offer-meeting-force'))], true))
      } catch (error) {
        await view.changed('not-offering', banner(t('staff-offer-decision-was-not-approved'), [h('p', { class: 'govuk-body' }, (error as Error).message)]))
      }
    },
  })
  return h(
    'div',
    { class: 'govuk-summary-card', 'data-decision': decision.id },
    h(
      'div',
      { class: 'govuk-summary-card__title-wrapper' },
      h('h3', { class: 'govuk-summary-card__title' }, t('staff-offer-decided', { when: dateTime(decision.decided_at) })),
      h(
        'strong',
        { class: `govuk-tag govuk-tag--${approved ? 'green' : refused ? 'red' : 'yellow'}` },
        approved ? t('staff-offer-approved') : refused ? t('staff-offer-refused') : t('staff-offer-awaiting-manager-s-approval'),
      ),
    ),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      summaryList([
        [t('staff-offer-best-interests-reason'), h('span', { class: 'kp-reason' }, decision.reason)],
        ...(refused
          ? ([
              [t('staff-offer-refused'), dateTime(decision.refused_at ?? '')],
              [t('staff-offer-why-was-refused'), h('span', { class: 'kp-reason' }, decision.refusal_reason)],
            ] as [string, Child][])
          : ([[t('staff-offer-approved'), decision.approved_at ? dateTime(decision.approved_at) : t('staff-offer-not-yet')]] as [string, Child][])),
      ]),
      view.isManager && !approved && !refused ? approve : null,
      view.isManager && !approved && !refused ? detailsWith(t('staff-offer-refuse-decision'), refuseForm(view, decision)) : null,
    ),
  )
}

function notOfferingForm(view: CasePageView): HTMLElement {
  const errors = new ErrorSummary()
  const reason = textArea({
    label: t('staff-offer-why-would-offering-meeting-not'),
    hint: t('staff-offer-manager-reads-before-approving-decision'),
    name: 'not-offering-reason',
    rows: 4,
  })
  const record = button(t('staff-offer-record-decision-not-offer'), { type: 'submit', kind: 'warning' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (!reason.control.value.trim()) {
          errors.show([{ control: reason.control, message: t('staff-offer-enter-why-meeting-would-not') }])
          return
        }
        errors.clear()
        try {
          await whileBusy(record, t('staff-offer-recording'), null, () => api.decideNotToOffer(view.details.id, reason.control.value))
          await view.changed(
            'not-offering',
            banner(t('staff-offer-decision-recorded'), [h('p', { class: 'govuk-body' }, t('staff-offer-force-once-manager-approves'))], true),
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
      t('staff-offer-council-may-decide-not-offer'),
    ),
  ]
  if (decisions.length === 0) parts.push(h('p', { class: 'govuk-body' }, t('staff-offer-no-decision-not-offer-has')))
  for (const decision of decisions) parts.push(decisionCard(view, decision))
  if (view.holds && !approved) parts.push(detailsWith(t('staff-offer-decide-not-offer-meeting'), notOfferingForm(view)))
  return parts
}

/** Whether the meeting was held before the application: "Not yet" while there is still time. */
function heldBeforeApplication(details: Case): Child {
  const standing = details.offer_standing
  const held = standing?.held_before_application ?? null
  if (held === null) {
    // The server leaves it open while no meeting is held and the application is still to come.
    if (standing?.accepted && details.care_application_on) return t('staff-offer-not-yet')
    return h('span', { class: 'kp-muted' }, t('staff-offer-known-once-offer-accepted-application'))
  }
  return held ? t('staff-offer-yes') : t('staff-offer-no')
}

function careApplicationForm(view: CasePageView): HTMLElement {
  const errors = new ErrorSummary()
  const on = dateInput({
    legend: t('staff-offer-day-care-supervision-application'),
    legendSize: 's',
    hint: t('staff-offer-day-made-planned-example-27'),
    name: 'care-application-on',
  })
  on.set(view.details.care_application_on)
  const save = button(t('staff-offer-save-day'), { type: 'submit', inline: true })
  const send = async (day: string | null, control: HTMLButtonElement, busy: string, done: string) => {
    errors.clear()
    try {
      await whileBusy(control, busy, null, () => api.setCareApplication(view.details.id, day))
      await view.changed('care-application', banner(done, [h('p', { class: 'govuk-body' }, day ? t('staff-offer-application-recorded', { day: dateOnly(day) }) : t('staff-offer-no-application-day-recorded-now'))], true))
    } catch (error) {
      errors.show([{ control: on.day, message: (error as Error).message }])
    }
  }
  const clear = view.details.care_application_on
    ? button(t('staff-offer-clear-day'), { kind: 'secondary', inline: true, onClick: () => void send(null, clear!, t('staff-offer-clearing'), t('staff-offer-application-day-cleared')) })
    : null
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const { day, problem } = dayFrom(on, t('staff-offer-enter-day-application'), t('staff-offer-day-application-must-real-date'))
        if (problem || !day) {
          errors.show(problem ? [problem] : [])
          return
        }
        await send(day, save, t('staff-saving'), t('staff-offer-application-day-saved'))
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
        [t('staff-offer-application'), details.care_application_on ? dateOnly(details.care_application_on) : h('span', { class: 'kp-muted' }, t('staff-offer-none-recorded'))],
        [t('staff-offer-offer-accepted'), standing ? (standing.accepted ? t('staff-offer-yes') : t('staff-offer-no')) : t('staff-offer-not-known')],
        [t('staff-offer-first-meeting-held'), standing?.first_meeting_held_on ? dateOnly(standing.first_meeting_held_on) : t('staff-offer-not-yet')],
        [t('staff-offer-held-before-application'), heldBeforeApplication(details)],
        [t('staff-offer-decision-not-offer-approved'), standing ? (standing.not_offering_approved ? t('staff-offer-yes') : t('staff-offer-no')) : t('staff-offer-not-known')],
      ],
      'offer-standing',
    ),
    view.holds ? careApplicationForm(view) : null,
  ].filter((part): part is HTMLElement => part !== null)
}
