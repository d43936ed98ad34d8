// A review meeting's review of the agreed plan: which plan it follows and when it was due, each
// agreed action with how it stands (done, on track, not on track) and a note, which the review's
// facilitator records one action at a time, and what the review's plan changed since the agreed
// version, in the history page's words.

import { api, type Meeting, type Participant, type Review, type ReviewedAction, type ReviewedStatus, type Stage } from '../api'
import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { dateOnly, dateTime, shortHash, statusName } from '../format'
import { t } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, button, problem, radios, textArea, whileBusy } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import { ownerName } from '../live/actions-table'
import type { Cleanup } from '../router'
import { summaryList } from './case-view'
import { openMeeting, type MeetingContext } from './common'
import { diffView } from './plan-diff'

const REVIEWED: { value: ReviewedStatus; colour: string }[] = [
  { value: 'done', colour: 'green' },
  { value: 'on_track', colour: 'blue' },
  { value: 'not_on_track', colour: 'red' },
]

function reviewedTag(item: ReviewedAction): HTMLElement {
  const said = item.review ? REVIEWED.find((choice) => choice.value === item.review?.status) : null
  return h('strong', { class: `govuk-tag govuk-tag--${said?.colour ?? 'grey'}`, 'data-testid': 'reviewed-status' }, said ? statusName(said.value) : t('review-not-reviewed'))
}

/** Why the facilitator cannot record now, or null when they can. */
function recordingClosed(stage: Stage): string | null {
  if (stage === 'closed') return t('staff-review-closed')
  if (stage === 'private-family-time') return t('staff-review-private-time')
  return null
}

export async function reviewPage(params: Record<string, string>): Promise<Cleanup | void> {
  const TITLE = t('review-title')
  const opened = await openMeeting(params, TITLE)
  if (!opened) return
  const context: MeetingContext = opened
  const { session, isFacilitator } = context
  const meeting: Meeting = context.meeting
  const staff = session.kind === 'staff'
  const main = frame({ title: t('page-of-meeting', { page: TITLE, meeting: meeting.title }), session, family: !staff, wide: true })
  main.append(h('span', { class: 'govuk-caption-l' }, meeting.title), h('h1', { class: 'govuk-heading-l' }, TITLE), meetingNav(meeting, session, isFacilitator))
  if (!meeting.follows_meeting_id) {
    main.append(h('p', { class: 'govuk-body' }, t('review-not-a-review')))
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
  const showChanges = button(t('review-changes'), { kind: 'secondary' })
  showChanges.addEventListener('click', () => void drawChanges())

  main.append(
    summaryArea,
    h('h2', { class: 'govuk-heading-l' }, t('review-agreed-actions')),
    actionsArea,
    h('h2', { class: 'govuk-heading-l' }, t('review-changes')),
    h('p', { class: 'govuk-body' }, t('review-changes-intro')),
    showChanges,
    changesArea,
  )

  function drawSummary(): void {
    const onTime = review.on_time === null ? t('review-on-time-unknown') : review.on_time ? t('review-on-time-yes') : t('review-on-time-no')
    replaceChildren(
      summaryArea,
      summaryList(
        [
          [
            t('review-follows'),
            h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(review.follows_meeting_id)}/agreement` }, earlier?.title ?? t('review-the-earlier-meeting')),
          ],
          [t('review-agreed-version'), h('code', { class: 'kp-hash', dir: 'ltr' }, shortHash(review.agreed_version_hash))],
          [t('review-due-by'), review.due_on ? dateOnly(review.due_on) : t('plan-view-not-set')],
          [t('review-held'), review.held_on ? dateOnly(review.held_on) : t('review-not-yet')],
          [t('review-held-on-time'), onTime],
        ],
        'review-facts',
      ),
    )
  }

  function recordForm(item: ReviewedAction, index: number, outcome: HTMLElement, tagSlot: HTMLElement): HTMLElement {
    const errors = new ErrorSummary()
    const name = `reviewed-${item.action.id}`
    const choice = radios({
      legend: t('staff-review-how-stands'),
      legendSize: 's',
      name,
      items: REVIEWED.map(({ value }) => ({ value, label: statusName(value) })),
      value: item.review?.status,
      small: true,
    })
    const note = textArea({ label: t('staff-review-note'), hint: t('staff-review-note-hint'), name: `${name}-note`, rows: 3, value: item.review?.note ?? '' })
    const save = button(t('staff-review-save'), { type: 'submit' })
    save.append(h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-review-save-which', { number: index + 1 })))
    return h(
      'form',
      {
        novalidate: true,
        class: 'kp-case-form',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          const status = choice.value() as ReviewedStatus | ''
          if (!status) {
            errors.show([{ control: choice.inputs[0], message: t('staff-review-error-choose') }])
            return
          }
          errors.clear()
          try {
            review = await whileBusy(save, t('staff-saving'), null, () => api.recordReview(meeting.id, item.action.id, status, note.control.value))
            drawSummary()
            const saved = review.actions.find((candidate) => candidate.action.id === item.action.id)
            replaceChildren(outcome, h('p', { class: 'govuk-body kp-saved' }, t('staff-review-saved', { status: statusName(status) })))
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
          h('p', { class: 'govuk-body' }, item.review.note ? h('span', { class: 'kp-reason', 'data-testid': 'reviewed-note', dir: 'auto' }, item.review.note) : h('span', { class: 'kp-muted' }, t('review-no-note'))),
          h('p', { class: 'govuk-body-s kp-muted' }, t('review-recorded', { when: dateTime(item.review.recorded_at) })),
        ]
      : null
    return h(
      'section',
      { class: 'govuk-summary-card', 'data-action': action.id, 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'govuk-summary-card__title-wrapper' },
        h('h3', { class: 'govuk-summary-card__title', id: titleId }, h('span', { class: 'govuk-visually-hidden' }, t('review-action-number', { number: index + 1 }), ' '), action.what || t('review-action-no-words')),
        tagSlot,
      ),
      h(
        'div',
        { class: 'govuk-summary-card__content' },
        summaryList([
          [t('actions-who'), ownerName(action.who, people) || t('review-nobody-named')],
          [t('actions-by-when'), action.by_when ? dateOnly(action.by_when) : t('review-not-given')],
          [t('actions-how-we-know-long'), action.how_we_know ? h('span', { class: 'kp-reason', dir: 'auto' }, action.how_we_know) : t('review-not-given')],
          [t('review-status-when-agreed'), statusName(action.status)],
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
        ? h('p', { class: 'govuk-body' }, t('review-no-actions'))
        : review.actions.map((item, index) => actionCard(item, index)),
    )
  }

  async function drawChanges(): Promise<void> {
    replaceChildren(changesArea, h('p', { class: 'govuk-body', role: 'status' }, t('history-comparing')))
    try {
      const diff = await whileBusy(showChanges, t('history-comparing'), null, () => api.reviewChanges(meeting.id))
      replaceChildren(changesArea, h('div', { 'data-testid': 'review-changes' }, diffView(diff, people, t('review-nothing-changed'))))
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
