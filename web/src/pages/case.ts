// One case: its referral (the facilitator who holds the case changes it), its meetings (and
// setting up the next one), the support packages its plans ask for and a manager's decision on
// each, the statutory offer to each person with parental responsibility, a decision not to offer
// and its approval, and the care application with whether the meeting was held before it. The
// server's warning, when it gives one, stands under the heading.

import { api, type Case, type Meeting } from '../api'
import { h, replaceChildren, type Child } from '../dom'
import { meetingKinds, dateOnly, dateTime, meetingKindName, sentence, stageName } from '../format'
import { t } from '../i18n'
import { frame } from '../layout'
import { banner, button, dateTimeInput, ErrorSummary, problem, radios, textInput, warningText, whileBusy } from '../components/forms'
import { failurePage, requireSession } from './common'
import { careApplicationSection, notOfferingSection, offerSection } from './case-offer'
import { supportSection } from './case-support'
import { summaryList, type CasePageView, type CaseSectionKey } from './case-view'
import { referralForm } from './referral-form'

const SECTIONS: { key: CaseSectionKey; heading: string }[] = [
  { key: 'referral', heading: t('staff-case-referral') },
  { key: 'meetings', heading: t('staff-case-meetings') },
  { key: 'support', heading: t('staff-case-support-packages') },
  { key: 'offer', heading: t('staff-case-offer-meeting') },
  { key: 'not-offering', heading: t('staff-case-deciding-not-offer') },
  { key: 'care-application', heading: t('staff-case-care-supervision-application') },
]

/** Words people wrote, kept in their lines; "Not given" when empty. */
function written(text: string): Child {
  return text.trim() ? h('span', { class: 'kp-reason' }, text) : h('span', { class: 'kp-muted' }, t('review-not-given'))
}

function childLine(child: Case['children'][number]): string {
  const parts = [child.name]
  if (child.date_of_birth) parts.push(t('staff-case-born', { day: dateOnly(child.date_of_birth) }))
  if (child.case_system_id) parts.push(t('staff-case-system-id', { id: child.case_system_id }))
  return parts.join(', ')
}

function referralSummary(details: Case): HTMLElement {
  const parents = details.parental_responsibility
  return summaryList(
    [
      [t('staff-case-children'), h('ul', { class: 'govuk-list' }, details.children.map((child) => h('li', null, childLine(child))))],
      [
        t('staff-case-people-parental-responsibility'),
        parents.length === 0
          ? h('span', { class: 'kp-muted' }, t('staff-case-none-named-yet'))
          : h('ul', { class: 'govuk-list' }, parents.map((parent) => h('li', null, parent.relationship ? `${parent.name} (${parent.relationship})` : parent.name))),
      ],
      [t('staff-case-referred'), written(details.referrer)],
      [t('staff-case-family-help-lead-practitioner'), written(details.lead_practitioner)],
      [t('staff-case-reason-referral'), written(details.reason)],
      [t('staff-case-worries'), written(details.worries)],
      [t('staff-case-bottom-lines'), written(details.bottom_lines)],
      [t('staff-case-questions-family'), written(details.questions)],
      [t('staff-case-referral-received'), details.received_on ? dateOnly(details.received_on) : h('span', { class: 'kp-muted' }, t('review-not-given'))],
      [t('staff-case-opened'), dateTime(details.created_at)],
    ],
    'referral',
  )
}

function referralSection(view: CasePageView, body: HTMLElement): HTMLElement[] {
  const summary = referralSummary(view.details)
  if (!view.holds) return [summary]
  const change = button(t('staff-case-change-referral'), {
    kind: 'secondary',
    onClick: () => {
      const errors = new ErrorSummary()
      const form = referralForm({
        initial: view.details,
        errors,
        submitText: t('staff-case-save-referral'),
        busyText: t('staff-saving'),
        submit: async (referral) => {
          await api.updateReferral(view.details.id, referral)
          await view.changed('referral', banner(t('staff-case-referral-saved'), [h('p', { class: 'govuk-body' }, t('staff-case-referral-changed'))], true))
        },
        cancel: () => {
          replaceChildren(body, referralSection(view, body))
          body.querySelector<HTMLButtonElement>('button')?.focus()
        },
      })
      replaceChildren(body, errors.element, form)
      form.querySelector<HTMLInputElement>('input')?.focus()
    },
  })
  return [summary, change]
}

function meetingsTable(meetings: Meeting[]): HTMLElement {
  const cell = (...children: Child[]) => h('td', { class: 'govuk-table__cell' }, children)
  return h(
    'table',
    { class: 'govuk-table', 'data-testid': 'case-meetings' },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, t('staff-case-meetings-caption')),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' }, [t('staff-case-meeting'), t('staff-case-kind'), t('staff-case-when'), t('staff-case-stage')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      meetings.map((meeting) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          cell(h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(meeting.id)}` }, meeting.title)),
          cell(meetingKindName(meeting.kind)),
          cell(meeting.scheduled_at ? dateTime(meeting.scheduled_at) : t('plan-view-not-set')),
          cell(h('strong', { class: 'govuk-tag govuk-tag--grey' }, stageName(meeting.stage))),
        ),
      ),
    ),
  )
}

function newMeetingForm(view: CasePageView): HTMLElement {
  const meetings = view.details.meetings ?? []
  const first = meetings.length === 0
  const errors = new ErrorSummary()
  const title = textInput({
    label: t('staff-meetings-name'),
    name: 'meeting-title',
    value: first ? view.details.title : t('staff-case-meeting-numbered', { title: view.details.title, count: meetings.length + 1 }),
  })
  // A review follows a closed meeting, and is set up from that meeting.
  const kind = radios({ legend: t('staff-meetings-kind'), name: 'meeting-kind', items: meetingKinds().filter((item) => item.value !== 'review'), value: 'fnm', small: true })
  const when = dateTimeInput({ legend: t('staff-meetings-when'), hint: t('staff-when-hint'), name: 'meeting-when' })
  const submit = button(first ? t('staff-case-set-up-first-meeting') : t('staff-case-set-up-meeting-case'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const name = title.control.value.trim()
        if (!name) {
          errors.show([{ control: title.control, message: t('staff-meetings-error-name') }])
          return
        }
        errors.clear()
        const scheduled = when.value()
        if (scheduled === 'invalid-day' || scheduled === 'invalid-time') {
          errors.show([{ control: scheduled === 'invalid-day' ? when.day : when.time, message: t(scheduled === 'invalid-day' ? 'staff-when-error-day' : 'staff-when-error-time') }])
          return
        }
        try {
          const meeting = await whileBusy(submit, t('staff-case-setting-up'), null, () =>
            api.createMeeting(name, (kind.value() || 'fnm') as Meeting['kind'], scheduled, view.details.id),
          )
          await view.changed(
            'meetings',
            banner(
              t('staff-case-meeting-set-up'),
              [
                h('p', { class: 'govuk-body' }, t('staff-case-set-up-case', { title: meeting.title })),
                h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-notification-banner__link', href: `/meetings/${encodeURIComponent(meeting.id)}/network` }, t('staff-case-add-people-send-links'))),
              ],
              true,
            ),
          )
        } catch (error) {
          errors.show([{ control: title.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    h('h3', { class: 'govuk-heading-m' }, first ? t('staff-case-set-up-first-meeting') : t('staff-case-set-up-another-meeting')),
    first ? h('p', { class: 'govuk-body' }, t('staff-case-first-meeting-intro')) : null,
    title.group,
    kind.group,
    when.group,
    submit,
  )
}

function meetingsSection(view: CasePageView): HTMLElement[] {
  const meetings = view.details.meetings ?? []
  return [
    meetings.length === 0 ? h('p', { class: 'govuk-body' }, t('staff-case-no-meetings')) : meetingsTable(meetings),
    view.holds ? newMeetingForm(view) : null,
  ].filter((part): part is HTMLElement => part !== null)
}

export async function casePage(params: Record<string, string>): Promise<void> {
  const session = await requireSession()
  if (!session) return
  let details: Case
  try {
    details = await api.case(params.caseId)
  } catch (error) {
    failurePage(session, t('staff-case-title'), (error as Error).message)
    return
  }
  const justOpened = new URLSearchParams(window.location.search).has('opened')
  if (justOpened) window.history.replaceState(null, '', window.location.pathname)

  const main = frame({ title: t('staff-case-title-of', { title: details.title }), session, wide: true })
  const heading = h('h1', { class: 'govuk-heading-l' })
  const warningSlot = h('div', { 'data-testid': 'offer-warning' })
  const bodies = new Map<CaseSectionKey, HTMLElement>()
  const outcomes = new Map<CaseSectionKey, HTMLElement>()
  const view: CasePageView = {
    session,
    details,
    holds: session.kind === 'staff' && session.id === details.facilitator_id,
    isManager: session.kind === 'staff' && session.role === 'manager',
    changed: async (key, outcome) => {
      try {
        view.details = await api.case(view.details.id)
      } catch (error) {
        replaceChildren(outcomes.get(key) ?? main, problem((error as Error).message))
        return
      }
      draw()
      const slot = outcomes.get(key)
      if (!slot) return
      replaceChildren(slot, outcome)
      outcome.setAttribute('tabindex', '-1')
      outcome.focus()
    },
  }

  function draw(): void {
    document.title = t('page-title', { title: t('staff-case-title-of', { title: view.details.title }) })
    replaceChildren(heading, view.details.title)
    const warning = view.details.offer_standing?.warning
    replaceChildren(warningSlot, warning ? warningText(sentence(warning)) : null)
    const parts: Record<CaseSectionKey, () => HTMLElement[]> = {
      referral: () => referralSection(view, bodies.get('referral')!),
      meetings: () => meetingsSection(view),
      support: () => supportSection(view),
      offer: () => offerSection(view),
      'not-offering': () => notOfferingSection(view),
      'care-application': () => careApplicationSection(view),
    }
    for (const { key } of SECTIONS) {
      replaceChildren(bodies.get(key)!, parts[key]())
      replaceChildren(outcomes.get(key)!)
    }
  }

  main.append(h('span', { class: 'govuk-caption-l' }, t('staff-case-title')), heading, warningSlot)
  if (justOpened) {
    main.append(
      banner(t('staff-case-opened'), [
        h('p', { class: 'govuk-body' }, t('staff-case-opened-next')),
      ], true),
    )
  }
  main.append(
    h(
      'nav',
      { class: 'kp-contents', 'aria-labelledby': 'case-contents' },
      h('h2', { class: 'govuk-heading-s', id: 'case-contents' }, t('staff-case-contents')),
      h('ul', { class: 'govuk-list' }, SECTIONS.map(({ key, heading: text }) => h('li', null, h('a', { class: 'govuk-link', href: `#${key}` }, text)))),
    ),
    ...SECTIONS.map(({ key, heading: text }) => {
      const outcome = h('div', { class: 'kp-outcome' })
      const body = h('div', null)
      outcomes.set(key, outcome)
      bodies.set(key, body)
      return h(
        'section',
        { class: 'kp-case-section', id: key, 'aria-labelledby': `${key}-heading`, 'data-section': key },
        h('h2', { class: 'govuk-heading-l', id: `${key}-heading` }, text),
        outcome,
        body,
      )
    }),
  )
  draw()
}
