// The plan's history: its saved versions (a hash chain), saving a new one, a readable difference
// between two versions, restoring an earlier one, and downloading any version.

import { api, type VersionSummary } from '../api'
import { h, replaceChildren } from '../dom'
import { dateTime, shortHash } from '../format'
import { frame } from '../layout'
import { ErrorSummary, banner, button, problem, select, textInput } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import type { Cleanup } from '../router'
import { exportLinks } from './agreement'
import { openMeeting, type MeetingContext } from './common'
import { diffView } from './plan-diff'

export async function historyPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, 'Versions')
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const meetingId = context.meeting.id
  const staff = session.kind === 'staff'
  const main = frame({ title: `Versions: ${context.meeting.title}`, session, family: !staff, wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const listArea = h('div')
  const compareArea = h('div')
  const diffArea = h('div', { 'aria-live': 'polite' })
  const downloadsArea = h('div')
  const say = (title: string, message: string, success = false) => replaceChildren(notice, banner(title, [h('p', { class: 'govuk-body' }, message)], success))

  // Saving a version.
  const errors = new ErrorSummary()
  const label = textInput({ label: 'Name for this version (optional)', hint: 'For example, “After information sharing”.', name: 'label', width: '30' })
  const save = button('Save the plan as a new version', { type: 'submit', kind: 'secondary' })
  const saveForm = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        save.disabled = true
        try {
          const version = await api.saveVersion(meetingId, label.control.value.trim())
          label.control.value = ''
          errors.clear()
          say('Version saved', `Saved as version ${version.number}.`, true)
          await draw()
        } catch (error) {
          errors.show([{ control: label.control, message: (error as Error).message }])
        } finally {
          save.disabled = false
        }
      },
    },
    errors.element,
    h('h2', { class: 'govuk-heading-m' }, 'Save a version'),
    label.group,
    save,
  )

  main.append(
    h('span', { class: 'govuk-caption-l' }, context.meeting.title),
    h('h1', { class: 'govuk-heading-l' }, 'Versions of the plan'),
    meetingNav(context.meeting, session, context.isFacilitator),
    notice,
    listArea,
    compareArea,
    diffArea,
    downloadsArea,
    saveForm,
  )

  async function restore(version: VersionSummary, trigger: HTMLButtonElement): Promise<void> {
    if (trigger.dataset.confirm !== 'yes') {
      trigger.dataset.confirm = 'yes'
      replaceChildren(trigger, `Yes, restore version ${version.number}`)
      trigger.classList.add('govuk-button--warning')
      say('Restore an earlier version?', `Press “Yes, restore version ${version.number}” to put its words back into the plan. Everyone connected sees the change. Nothing is lost: the plan as it is now can be saved first.`)
      return
    }
    trigger.disabled = true
    try {
      await api.restore(meetingId, version.hash)
      say('Version restored', `The plan now has the words of version ${version.number}.`, true)
      await draw()
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
    } finally {
      trigger.disabled = false
    }
  }

  function showDiff(from: string, to: string): void {
    replaceChildren(diffArea, h('p', { class: 'govuk-body', role: 'status' }, 'Comparing…'))
    api
      .diff(meetingId, from, to)
      .then((diff) => replaceChildren(diffArea, h('h2', { class: 'govuk-heading-m' }, 'What changed'), diffView(diff, context.people)))
      .catch((error: Error) => replaceChildren(diffArea, problem(error.message)))
  }

  async function draw(): Promise<void> {
    let versions: VersionSummary[]
    try {
      versions = await api.versions(meetingId)
    } catch (error) {
      replaceChildren(listArea, problem((error as Error).message))
      replaceChildren(compareArea)
      replaceChildren(downloadsArea)
      saveForm.hidden = true
      return
    }
    saveForm.hidden = false
    if (versions.length === 0) {
      replaceChildren(listArea, h('p', { class: 'govuk-body' }, 'No versions have been saved yet.'))
      replaceChildren(compareArea)
      replaceChildren(downloadsArea)
      return
    }
    const newestFirst = [...versions].reverse()
    replaceChildren(
      listArea,
      h(
        'table',
        { class: 'govuk-table', 'data-testid': 'versions' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Saved versions, newest first'),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h('tr', { class: 'govuk-table__row' }, ['Version', 'Name', 'Saved by', 'When', 'Fingerprint', 'Restore'].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
        ),
        h(
          'tbody',
          { class: 'govuk-table__body' },
          newestFirst.map((version) => {
            const restoreButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' }, 'Restore', h('span', { class: 'govuk-visually-hidden' }, ` version ${version.number}`))
            restoreButton.addEventListener('click', () => void restore(version, restoreButton))
            return h(
              'tr',
              { class: 'govuk-table__row' },
              h('th', { scope: 'row', class: 'govuk-table__header' }, String(version.number)),
              h('td', { class: 'govuk-table__cell' }, version.label),
              h('td', { class: 'govuk-table__cell' }, version.author_name),
              h('td', { class: 'govuk-table__cell' }, dateTime(version.created_at)),
              h('td', { class: 'govuk-table__cell' }, h('code', { class: 'kp-hash' }, shortHash(version.hash))),
              h('td', { class: 'govuk-table__cell' }, restoreButton),
            )
          }),
        ),
      ),
    )
    const options = newestFirst.map((version) => ({ value: version.hash, label: `Version ${version.number}: ${version.label}` }))
    const from = select({ label: 'From', options, value: (newestFirst[1] ?? newestFirst[0]).hash, name: 'from' })
    const to = select({ label: 'To', options, value: newestFirst[0].hash, name: 'to' })
    const compare = button('Show what changed', { kind: 'secondary' })
    compare.addEventListener('click', () => showDiff(from.control.value, to.control.value))
    replaceChildren(
      compareArea,
      h('h2', { class: 'govuk-heading-m' }, 'Compare two versions'),
      h('div', { class: 'kp-compare' }, from.group, to.group),
      compare,
    )
    const pick = select({ label: 'Version to download', options, value: newestFirst[0].hash, name: 'download' })
    const links = h('div')
    const drawLinks = () => {
      const chosen = versions.find((version) => version.hash === pick.control.value) ?? newestFirst[0]
      replaceChildren(links, exportLinks(meetingId, chosen.hash, `version ${chosen.number}`))
    }
    pick.control.addEventListener('change', drawLinks)
    drawLinks()
    replaceChildren(downloadsArea, h('h2', { class: 'govuk-heading-m' }, 'Download a version'), pick.group, links)
  }

  await draw()
  const stop = followMeeting(meetingId, { version: () => void draw() })
  return () => stop()
}
