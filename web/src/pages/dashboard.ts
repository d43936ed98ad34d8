// The meetings page: the staff member's meetings, and setting up a new one.

import { api, type Meeting } from '../api'
import { h } from '../dom'
import { meetingKinds, dateTime, meetingKindName, stageName } from '../format'
import { frame } from '../layout'
import { ErrorSummary, button, radios, textInput } from '../components/forms'
import { navigate } from '../router'
import { failurePage, requireSession } from './common'

function meetingsTable(meetings: Meeting[]): HTMLElement {
  if (meetings.length === 0) return h('p', { class: 'govuk-body' }, 'You have no meetings yet.')
  return h(
    'table',
    { class: 'govuk-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Your meetings'),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        ['Meeting', 'Kind', 'When', 'Stage', 'People'].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
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
          h('td', { class: 'govuk-table__cell' }, meeting.scheduled_at ? dateTime(meeting.scheduled_at) : 'Not set'),
          h('td', { class: 'govuk-table__cell' }, h('strong', { class: 'govuk-tag govuk-tag--grey' }, stageName(meeting.stage))),
          h(
            'td',
            { class: 'govuk-table__cell' },
            h('a', { class: 'govuk-link', href: `/meetings/${meeting.id}/network` }, 'People and links', h('span', { class: 'govuk-visually-hidden' }, ` for ${meeting.title}`)),
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
    failurePage(session, 'Meetings', (error as Error).message)
    return
  }
  const main = frame({ title: 'Meetings', session, wide: true })
  const errors = new ErrorSummary()
  const title = textInput({ label: 'Name of the meeting', hint: 'For example, the family name and the month: Plan for T, March.', name: 'title' })
  const kind = radios({ legend: 'Kind of meeting', name: 'kind', items: meetingKinds(), value: 'fnm', small: true })
  const when = textInput({ label: 'When is the meeting? (optional)', type: 'datetime-local', name: 'scheduled_at', width: '20' })
  const submit = button('Set up the meeting', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const name = title.control.value.trim()
        if (!name) {
          errors.show([{ control: title.control, message: 'Enter a name for the meeting' }])
          return
        }
        const scheduled = when.control.value ? new Date(when.control.value).toISOString() : null
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
    h('h1', { class: 'govuk-heading-l' }, 'Meetings'),
    h('p', { class: 'govuk-body' }, `Signed in as ${session.name}.`),
    h(
      'p',
      { class: 'govuk-body' },
      'Every meeting belongs to a family’s case. ',
      h('a', { class: 'govuk-link', href: '/cases' }, 'See your cases'),
      session.role === 'facilitator' ? ', or open a case from a referral there.' : '.',
    ),
    meetingsTable(meetings),
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        h('h2', { class: 'govuk-heading-m' }, 'Set up a new meeting'),
        h('p', { class: 'govuk-body' }, 'A meeting set up here opens a case of its own. To set up a meeting in a case you have already, use the case’s page.'),
        form,
      ),
    ),
  )
}
