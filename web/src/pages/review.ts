// A review meeting's review of the agreed plan: which plan it follows and when it was due, each
// agreed action with how it stands (done, on track, not on track) and a note, which the review's
// facilitator records one action at a time, and what the review's plan changed since the agreed
// version, in the history page's words.

import { api, type Meeting, type Participant, type Review, type ReviewedAction, type ReviewedStatus, type Stage } from '../api'
import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { dateOnly, dateTime, shortHash, statusName } from '../format'
import { frame } from '../layout'
import { ErrorSummary, button, problem, radios, textArea, whileBusy } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import { ownerName } from '../live/actions-table'
import type { Cleanup } from '../router'
import { summaryList } from './case-view'
import { openMeeting, type MeetingContext } from './common'
import { diffView } from './plan-diff'

const TITLE = 'Review of the agreed plan'

const REVIEWED: { value: ReviewedStatus; label: string; colour: string }[] = [
  { value: 'done', label: 'Done', colour: 'green' },
  { value: 'on_track', label: 'On track', colour: 'blue' },
  { value: 'not_on_track', label: 'Not on track', colour: 'red' },
]

function reviewedTag(item: ReviewedAction): HTMLElement {
  const said = item.review ? REVIEWED.find((choice) => choice.value === item.review?.status) : null
  return h('strong', { class: `govuk-tag govuk-tag--${said?.colour ?? 'grey'}`, 'data-testid': 'reviewed-status' }, said?.label ?? 'Not reviewed yet')
}

/** Why the facilitator cannot record now, or null when they can. */
function recordingClosed(stage: Stage): string | null {
  if (stage === 'closed') return 'The review meeting is closed, so what it said of each action stays as it is.'
  if (stage === 'private-family-time') return 'The family is in private time. Record how each action stands when they have finished.'
  return null
}

export async function reviewPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, TITLE)
  if (!opened) return
  const context: MeetingContext = opened
  const { session, isFacilitator } = context
  const meeting: Meeting = context.meeting
  const staff = session.kind === 'staff'
  const main = frame({ title: `${TITLE}: ${meeting.title}`, session, family: !staff, wide: true })
  main.append(h('span', { class: 'govuk-caption-l' }, meeting.title), h('h1', { class: 'govuk-heading-l' }, TITLE), meetingNav(meeting, session, isFacilitator))
  if (!meeting.follows_meeting_id) {
    main.append(h('p', { class: 'govuk-body' }, 'This meeting is not a review: it follows no agreed plan. A review is set up from a meeting whose plan is final, on its “Agreeing the plan” page.'))
    return
  }
  let review: Review
  try {
    review = await api.review(meeting.id)
  } catch (error) {
    main.append(problem((error as Error).message))
    return
  }
  // The actions name people of the meeting that agreed the plan; whoever may read it gets their names.
  const [earlier, earlierPeople] = await Promise.all([
    api.meeting(review.follows_meeting_id).catch(() => null),
    api.participants(review.follows_meeting_id).catch((): Participant[] => []),
  ])
  const people = [...earlierPeople, ...context.people]
  let stage: Stage = meeting.stage

  const summaryArea = h('div')
  const actionsArea = h('div', { 'data-testid': 'review-actions' })
  const changesArea = h('div', { 'aria-live': 'polite' })
  const showChanges = button('What changed since the agreed plan', { kind: 'secondary' })
  showChanges.addEventListener('click', () => void drawChanges())

  main.append(
    summaryArea,
    h('h2', { class: 'govuk-heading-l' }, 'The agreed actions'),
    actionsArea,
    h('h2', { class: 'govuk-heading-l' }, 'What changed since the agreed plan'),
    h('p', { class: 'govuk-body' }, 'The review’s plan started from the agreed version. This shows what has been changed in it since.'),
    showChanges,
    changesArea,
  )

  function drawSummary(): void {
    const onTime = review.on_time === null ? 'Known once the review is held' : review.on_time ? 'Yes' : 'No, it was held after the day it was due'
    replaceChildren(
      summaryArea,
      summaryList(
        [
          [
            'Reviews the plan agreed in',
            h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(review.follows_meeting_id)}/agreement` }, earlier?.title ?? 'the earlier meeting'),
          ],
          ['Agreed version', h('code', { class: 'kp-hash' }, shortHash(review.agreed_version_hash))],
          ['Due for review by', review.due_on ? dateOnly(review.due_on) : 'Not set'],
          ['Review held', review.held_on ? dateOnly(review.held_on) : 'Not yet'],
          ['Held on time', onTime],
        ],
        'review-facts',
      ),
    )
  }

  function recordForm(item: ReviewedAction, index: number, outcome: HTMLElement, tagSlot: HTMLElement): HTMLElement {
    const errors = new ErrorSummary()
    const name = `reviewed-${item.action.id}`
    const choice = radios({
      legend: 'How does this action stand?',
      legendSize: 's',
      name,
      items: REVIEWED.map(({ value, label }) => ({ value, label })),
      value: item.review?.status,
      small: true,
    })
    const note = textArea({ label: 'Note (optional)', hint: 'What happened, or what needs to change.', name: `${name}-note`, rows: 3, value: item.review?.note ?? '' })
    const save = button('Save', { type: 'submit' })
    save.append(h('span', { class: 'govuk-visually-hidden' }, ` how action ${index + 1} stands`))
    return h(
      'form',
      {
        novalidate: true,
        class: 'kp-case-form',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          const status = choice.value() as ReviewedStatus | ''
          if (!status) {
            errors.show([{ control: choice.inputs[0], message: 'Choose how this action stands' }])
            return
          }
          errors.clear()
          try {
            review = await whileBusy(save, 'Saving…', null, () => api.recordReview(meeting.id, item.action.id, status, note.control.value))
            drawSummary()
            const saved = review.actions.find((candidate) => candidate.action.id === item.action.id)
            replaceChildren(outcome, h('p', { class: 'govuk-body kp-saved' }, `Saved: ${REVIEWED.find((entry) => entry.value === status)?.label ?? status}.`))
            if (saved) replaceChildren(tagSlot, reviewedTag(saved))
          } catch (error) {
            errors.show([{ control: choice.inputs[0], message: (error as Error).message }])
          }
        },
      },
      errors.element,
      choice.group,
      note.group,
      save,
    )
  }

  function actionCard(item: ReviewedAction, index: number): HTMLElement {
    const { action } = item
    const titleId = uniqueId('action-title')
    // A live region from the start, so that "Saved" is announced when it appears.
    const outcome = h('div', { class: 'kp-outcome', role: 'status' })
    const tagSlot = h('span', null, reviewedTag(item))
    const closed = recordingClosed(stage)
    const said: Child = item.review
      ? [
          h('p', { class: 'govuk-body' }, item.review.note ? h('span', { class: 'kp-reason', 'data-testid': 'reviewed-note' }, item.review.note) : h('span', { class: 'kp-muted' }, 'No note.')),
          h('p', { class: 'govuk-body-s kp-muted' }, `Recorded ${dateTime(item.review.recorded_at)}`),
        ]
      : null
    return h(
      'section',
      { class: 'govuk-summary-card', 'data-action': action.id, 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'govuk-summary-card__title-wrapper' },
        h('h3', { class: 'govuk-summary-card__title', id: titleId }, h('span', { class: 'govuk-visually-hidden' }, `Action ${index + 1}: `), action.what || 'An action with no words'),
        tagSlot,
      ),
      h(
        'div',
        { class: 'govuk-summary-card__content' },
        summaryList([
          ['Who', ownerName(action.who, people) || 'Nobody named'],
          ['By when', action.by_when ? dateOnly(action.by_when) : 'Not given'],
          ['How we will know it is working', action.how_we_know ? h('span', { class: 'kp-reason' }, action.how_we_know) : 'Not given'],
          ['Status when agreed', statusName(action.status)],
        ]),
        outcome,
        isFacilitator && !closed ? recordForm(item, index, outcome, tagSlot) : said,
      ),
    )
  }

  function drawActions(): void {
    const closed = recordingClosed(stage)
    replaceChildren(
      actionsArea,
      isFacilitator && closed ? h('div', { class: 'govuk-inset-text' }, closed) : null,
      review.actions.length === 0
        ? h('p', { class: 'govuk-body' }, 'The agreed plan had no actions.')
        : review.actions.map((item, index) => actionCard(item, index)),
    )
  }

  async function drawChanges(): Promise<void> {
    replaceChildren(changesArea, h('p', { class: 'govuk-body', role: 'status' }, 'Comparing…'))
    try {
      const diff = await whileBusy(showChanges, 'Comparing…', null, () => api.reviewChanges(meeting.id))
      replaceChildren(changesArea, h('div', { 'data-testid': 'review-changes' }, diffView(diff, people, 'Nothing has changed since the agreed plan.')))
    } catch (error) {
      replaceChildren(changesArea, problem((error as Error).message))
    }
  }

  drawSummary()
  drawActions()
  const stop = followMeeting(meeting.id, {
    stage: (event) => {
      if (event.stage === stage) return
      stage = event.stage
      drawActions()
      // Leaving preparation holds the review: its day and whether it was on time are known now.
      void api
        .review(meeting.id)
        .then((fresh) => {
          review = fresh
          drawSummary()
        })
        .catch(() => {})
    },
  })
  return () => stop()
}
