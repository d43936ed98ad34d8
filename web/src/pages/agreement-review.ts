// After the plan is final, on the agreement page: the day the agreed plan is to be reviewed
// (three months on unless the plan or the facilitator says otherwise), which its facilitator
// changes, the review meetings that follow it, and setting one up. A review starts from the agreed
// version and joins the meeting's case.

import { api, type Meeting } from '../api'
import { h, replaceChildren } from '../dom'
import { dateOnly, dateTime, stageName } from '../format'
import { dayArg, t } from '../i18n'
import { banner, button, dateInput, dateTimeInput, ErrorSummary, textInput, whileBusy } from '../components/forms'
import { navigate } from '../router'
import { summaryList } from './case-view'
import type { MeetingContext } from './common'

function reviewDateForm(meeting: Meeting, changed: (meeting: Meeting, outcome: HTMLElement) => void): HTMLElement {
  const errors = new ErrorSummary()
  const on = dateInput({
    legend: meeting.review_due_on ? t('staff-review-date-change') : t('staff-review-date-set'),
    legendSize: 's',
    hint: t('staff-review-date-hint'),
    name: 'review-due-on',
  })
  on.set(meeting.review_due_on)
  const save = button(t('staff-review-date-save'), { type: 'submit', inline: true })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const day = on.value()
        if (day === null || day === 'invalid') {
          errors.show([{ control: on.day, message: day === null ? t('staff-review-date-error-empty') : t('staff-review-date-error-invalid') }])
          return
        }
        errors.clear()
        try {
          const moved = await whileBusy(save, t('staff-saving'), null, () => api.setReviewDate(meeting.id, day))
          changed(moved, banner(t('staff-review-date-saved-title'), [h('p', { class: 'govuk-body' }, t('staff-review-date-saved', { day: dayArg(day) }))], true))
        } catch (error) {
          errors.show([{ control: on.day, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    on.group,
    save,
  )
}

function newReviewForm(meeting: Meeting): HTMLElement {
  const errors = new ErrorSummary()
  const title = textInput({ label: t('staff-new-review-name'), name: 'review-title', value: t('staff-new-review-name-value', { title: meeting.title }) })
  const when = dateTimeInput({ legend: t('staff-new-review-when'), hint: t('staff-when-hint'), name: 'review-when' })
  const submit = button(t('staff-new-review-button'), { type: 'submit', kind: 'secondary' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const name = title.control.value.trim()
        if (!name) {
          errors.show([{ control: title.control, message: t('staff-new-review-error-name') }])
          return
        }
        errors.clear()
        const scheduled = when.value()
        if (scheduled === 'invalid-day' || scheduled === 'invalid-time') {
          errors.show([{ control: scheduled === 'invalid-day' ? when.day : when.time, message: t(scheduled === 'invalid-day' ? 'staff-when-error-day' : 'staff-when-error-time') }])
          return
        }
        try {
          const review = await whileBusy(submit, t('staff-new-review-busy'), null, () => api.createReview(meeting.id, name, scheduled))
          navigate(`/meetings/${encodeURIComponent(review.id)}/review`)
        } catch (error) {
          errors.show([{ control: title.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    h('h3', { class: 'govuk-heading-s' }, t('staff-new-review-button')),
    h('p', { class: 'govuk-body' }, t('staff-new-review-intro')),
    title.group,
    when.group,
    submit,
  )
}

/** The review meetings that follow `meeting`, from its case (staff who may read the case). */
async function drawFollowing(meeting: Meeting, slot: HTMLElement): Promise<void> {
  if (!meeting.case_id) return
  const details = await api.case(meeting.case_id).catch(() => null)
  const reviews = (details?.meetings ?? []).filter((later) => later.follows_meeting_id === meeting.id)
  if (reviews.length === 0) return
  replaceChildren(
    slot,
    h('h3', { class: 'govuk-heading-s' }, t('staff-following-reviews', { count: reviews.length })),
    h(
      'ul',
      { class: 'govuk-list', 'data-testid': 'review-meetings' },
      reviews.map((review) =>
        h(
          'li',
          null,
          h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(review.id)}/review` }, review.title),
          ' ',
          t('staff-following-review-state', {
            state: review.held_on ? t('staff-following-review-held', { day: dayArg(review.held_on) }) : review.scheduled_at ? dateTime(review.scheduled_at) : stageName(review.stage),
          }),
        ),
      ),
    ),
  )
}

/** The review part of the agreement page, once the plan is final. */
export function reviewSection(context: MeetingContext, meeting: Meeting): HTMLElement {
  const outcome = h('div', { class: 'kp-outcome' })
  const body = h('div')
  const following = h('div')
  const section = h(
    'section',
    { class: 'kp-section', id: 'review', 'aria-labelledby': 'review-heading', 'data-testid': 'review-section' },
    h('h2', { class: 'govuk-heading-m', id: 'review-heading' }, t('review-title')),
    outcome,
    body,
    following,
  )
  const staff = context.session.kind === 'staff'
  function draw(current: Meeting): void {
    replaceChildren(
      body,
      summaryList(
        [
          [t('agreement-review-held'), current.held_on ? dateOnly(current.held_on) : t('agreement-review-not-recorded')],
          [t('agreement-review-due'), h('span', { 'data-testid': 'review-due' }, current.review_due_on ? dateOnly(current.review_due_on) : t('plan-view-not-set'))],
        ],
        'review-summary',
      ),
      context.isFacilitator
        ? reviewDateForm(current, (moved, message) => {
            draw(moved)
            replaceChildren(outcome, message)
            message.setAttribute('tabindex', '-1')
            message.focus()
          })
        : null,
      context.isFacilitator ? newReviewForm(current) : null,
    )
  }
  draw(meeting)
  if (staff) void drawFollowing(meeting, following)
  return section
}
