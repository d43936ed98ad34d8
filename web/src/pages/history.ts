// The plan's history: its saved versions (a hash chain), saving a new one, a readable difference
// between two versions, restoring an earlier one, and downloading any version.

import { api, type VersionSummary } from '../api'
import { h, replaceChildren } from '../dom'
import { dateTime, shortHash } from '../format'
import { pageLanguage, t } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, banner, button, problem, scrollable, select, textInput } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import type { Cleanup } from '../router'
import { exportLinks } from './agreement'
import { openMeeting, type MeetingContext } from './common'
import { diffView } from './plan-diff'

export async function historyPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, t('meeting-nav-versions'))
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const meetingId = context.meeting.id
  const staff = session.kind === 'staff'
  const main = frame({ title: t('page-of-meeting', { page: t('meeting-nav-versions'), meeting: context.meeting.title }), session, family: !staff, wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const listArea = h('div')
  const compareArea = h('div')
  const diffArea = h('div', { 'aria-live': 'polite' })
  const downloadsArea = h('div')
  const say = (title: string, message: string, success = false) => replaceChildren(notice, banner(title, [h('p', { class: 'govuk-body' }, message)], success))

  // Saving a version.
  const errors = new ErrorSummary()
  const label = textInput({ label: t('history-version-name'), hint: t('history-version-name-hint'), name: 'label', width: '30' })
  const save = button(t('history-save'), { type: 'submit', kind: 'secondary' })
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
          say(t('history-saved-title'), t('history-saved', { number: version.number }), true)
          await draw()
        } catch (error) {
          errors.show([{ control: label.control, message: (error as Error).message }])
        } finally {
          save.disabled = false
        }
      },
    },
    errors.element,
    h('h2', { class: 'govuk-heading-m' }, t('history-save-heading')),
    label.group,
    save,
  )

  main.append(
    h('span', { class: 'govuk-caption-l' }, context.meeting.title),
    h('h1', { class: 'govuk-heading-l' }, t('history-title')),
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
      replaceChildren(trigger, t('history-restore-yes', { number: version.number }))
      trigger.classList.add('govuk-button--warning')
      say(t('history-restore-question'), t('history-restore-explained', { button: t('history-restore-yes', { number: version.number }) }))
      return
    }
    trigger.disabled = true
    try {
      await api.restore(meetingId, version.hash)
      say(t('history-restored-title'), t('history-restored', { number: version.number }), true)
      await draw()
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
    } finally {
      trigger.disabled = false
    }
  }

  function showDiff(from: string, to: string): void {
    replaceChildren(diffArea, h('p', { class: 'govuk-body', role: 'status' }, t('history-comparing')))
    api
      .diff(meetingId, from, to)
      .then((diff) => replaceChildren(diffArea, h('h2', { class: 'govuk-heading-m' }, t('history-what-changed')), diffView(diff, context.people)))
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
      replaceChildren(listArea, h('p', { class: 'govuk-body' }, t('history-none')))
      replaceChildren(compareArea)
      replaceChildren(downloadsArea)
      return
    }
    const newestFirst = [...versions].reverse()
    replaceChildren(
      listArea,
      scrollable(h(
        'table',
        { class: 'govuk-table', 'data-testid': 'versions' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('history-table-caption')),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h('tr', { class: 'govuk-table__row' }, [t('history-column-version'), t('history-column-name'), t('history-column-saved-by'), t('history-column-when'), t('history-column-fingerprint'), t('history-column-restore')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
        ),
        h(
          'tbody',
          { class: 'govuk-table__body' },
          newestFirst.map((version) => {
            const restoreButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' }, t('history-restore'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('download-which-version', { number: version.number })))
            restoreButton.addEventListener('click', () => void restore(version, restoreButton))
            return h(
              'tr',
              { class: 'govuk-table__row' },
              h('th', { scope: 'row', class: 'govuk-table__header' }, pageLanguage().number(version.number)),
              h('td', { class: 'govuk-table__cell', dir: 'auto' }, version.label),
              h('td', { class: 'govuk-table__cell' }, version.author_name),
              h('td', { class: 'govuk-table__cell' }, dateTime(version.created_at)),
              h('td', { class: 'govuk-table__cell' }, h('code', { class: 'kp-hash', dir: 'ltr' }, shortHash(version.hash))),
              h('td', { class: 'govuk-table__cell' }, restoreButton),
            )
          }),
        ),
      ), t('history-table-caption')),
    )
    const options = newestFirst.map((version) => ({ value: version.hash, label: t('history-version-option', { number: version.number, name: version.label }) }))
    const from = select({ label: t('history-from'), options, value: (newestFirst[1] ?? newestFirst[0]).hash, name: 'from' })
    const to = select({ label: t('history-to'), options, value: newestFirst[0].hash, name: 'to' })
    const compare = button(t('history-show-changes'), { kind: 'secondary' })
    compare.addEventListener('click', () => showDiff(from.control.value, to.control.value))
    replaceChildren(
      compareArea,
      h('h2', { class: 'govuk-heading-m' }, t('history-compare')),
      h('div', { class: 'kp-compare' }, from.group, to.group),
      compare,
    )
    const pick = select({ label: t('history-version-to-download'), options, value: newestFirst[0].hash, name: 'download' })
    const links = h('div')
    const drawLinks = () => {
      const chosen = versions.find((version) => version.hash === pick.control.value) ?? newestFirst[0]
      replaceChildren(links, exportLinks(meetingId, chosen.hash, t('download-which-version', { number: chosen.number })))
    }
    pick.control.addEventListener('change', drawLinks)
    drawLinks()
    replaceChildren(downloadsArea, h('h2', { class: 'govuk-heading-m' }, t('history-download')), pick.group, links)
  }

  await draw()
  const stop = followMeeting(meetingId, { version: () => void draw() })
  return () => stop()
}
