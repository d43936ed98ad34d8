// The meetings page: the staff member's meetings, and setting up a new one.

import { api, type Meeting } from '../api'
import { h } from '../dom'
import { meetingKinds, dateTime, meetingKindName, stageName } from '../format'
import { PLACE, around, t } from '../i18n'
import { frame } from '../layout'
import { button, dateTimeInput, ErrorSummary, radios, textInput } from '../components/forms'
import { navigate } from '../router'
import { failurePage, requireSession } from './common'

function meetingsTable(meetings: Meeting[]): HTMLElement {
  if (meetings.length === 0) return h('p', { class: 'govuk-body' }, t('staff-meetings-none'))
  return h(
    'table',
    { class: 'govuk-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('staff-meetings-caption')),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        [t('staff-meetings-column-meeting'), t('staff-meetings-column-kind'), t('staff-meetings-column-when'), t('staff-meetings-column-stage'), t('staff-meetings-column-people')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      meetings.map((meeting) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: `/meetings/${meeting.id}` }, meeting.title)),
          h('td', { class: 'govuk-table__cell' }, meetingKindName(meeting.kind)),
          h('td', { class: 'govuk-table__cell' }, meeting.scheduled_at ? dateTime(meeting.scheduled_at) : t('plan-view-not-set')),
          h('td', { class: 'govuk-table__cell' }, h('strong', { class: 'govuk-tag govuk-tag--grey' }, stageName(meeting.stage))),
          h(
            'td',
            { class: 'govuk-table__cell' },
            h('a', { class: 'govuk-link', href: `/meetings/${meeting.id}/network` }, t('staff-network-title-facilitator'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-link-for-whom', { name: meeting.title }))),
          ),
        ),
      ),
    ),
  )
}

export async function dashboardPage(): Promise<void> {
  const session = await requireSession()
  if (!session) return
  if (session.kind !== 'staff') {
    navigate(`/meetings/${session.meeting_id}`, { replace: true })
    return
  }
  let meetings: Meeting[]
  try {
    meetings = await api.meetings()
  } catch (error) {
    failurePage(session, t('staff-meetings-title'), (error as Error).message)
    return
  }
  const main = frame({ title: t('staff-meetings-title'), session, wide: true })
  const errors = new ErrorSummary()
  const title = textInput({ label: t('staff-meetings-name'), hint: t('staff-meetings-name-hint'), name: 'title' })
  const kind = radios({ legend: t('staff-meetings-kind'), name: 'kind', items: meetingKinds(), value: 'fnm', small: true })
  const when = dateTimeInput({ legend: t('staff-meetings-when'), hint: t('staff-when-hint'), name: 'scheduled_at' })
  const submit = button(t('staff-meetings-set-up'), { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const name = title.control.value.trim()
        if (!name) {
          errors.show([{ control: title.control, message: t('staff-meetings-error-name') }])
          return
        }
        const scheduled = when.value()
        if (scheduled === 'invalid-day' || scheduled === 'invalid-time') {
          errors.show([{ control: scheduled === 'invalid-day' ? when.day : when.time, message: t(scheduled === 'invalid-day' ? 'staff-when-error-day' : 'staff-when-error-time') }])
          return
        }
        submit.disabled = true
        try {
          const meeting = await api.createMeeting(name, (kind.value() || 'fnm') as Meeting['kind'], scheduled)
          navigate(`/meetings/${meeting.id}/network`)
        } catch (error) {
          errors.show([{ control: title.control, message: (error as Error).message }])
        } finally {
          submit.disabled = false
        }
      },
    },
    title.group,
    kind.group,
    when.group,
    submit,
  )
  main.append(
    errors.element,
    h('h1', { class: 'govuk-heading-l' }, t('staff-meetings-title')),
    h('p', { class: 'govuk-body' }, t('staff-meetings-signed-in-as', { name: session.name })),
    h(
      'p',
      { class: 'govuk-body' },
      ...around(
        t(session.role === 'facilitator' ? 'staff-meetings-cases-facilitator' : 'staff-meetings-cases', { link: PLACE }),
        h('a', { class: 'govuk-link', href: '/cases' }, t('staff-meetings-see-cases')),
      ),
    ),
    meetingsTable(meetings),
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        h('h2', { class: 'govuk-heading-m' }, t('staff-meetings-new')),
        h('p', { class: 'govuk-body' }, t('staff-meetings-new-intro')),
        form,
      ),
    ),
  )
}
