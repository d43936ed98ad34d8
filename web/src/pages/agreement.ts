// Agreeing the plan: the facilitator proposes the plan as it is (a frozen version), everyone
// present records their decision on that exact version, the referrer records theirs, the
// facilitator sees who has decided and withdraws the proposal or makes the plan final; then the
// final plan can be downloaded, and its review date and review meeting are set here.

import { api, proposalOrNull, type Meeting, type Proposal, type VersionView } from '../api'
import { h, replaceChildren } from '../dom'
import { dateTime, decisionName, shortHash } from '../format'
import { PLACE, around, english, momentArg, t } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, banner, button, problem, radios, scrollable, textArea } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import type { Cleanup } from '../router'
import { reviewSection } from './agreement-review'
import { openMeeting, type MeetingContext } from './common'
import { planView } from './plan-view'

/** The choices of someone taking part, and of the referrer (a practitioner, so in English). */
function personDecisions() {
  return [
    { value: 'agree', label: t('agreement-decide-agree') },
    { value: 'agree_with_comment', label: t('agreement-decide-agree-with-comment'), hint: t('agreement-decide-agree-with-comment-hint') },
    { value: 'do_not_agree', label: t('agreement-decide-do-not-agree'), hint: t('agreement-decide-do-not-agree-hint') },
  ]
}

function referrerDecisions() {
  return [
    { value: 'agreed', label: t('staff-referrer-agreed'), hint: t('staff-referrer-agreed-hint') },
    { value: 'not_agreed', label: t('staff-referrer-not-agreed'), hint: t('staff-referrer-not-agreed-hint') },
    { value: 'needs_resource_approval', label: t('staff-referrer-needs-resource-approval'), hint: t('staff-referrer-needs-resource-approval-hint') },
  ]
}

/** How someone took part in deciding ("Family", "Referrer"), in words. */
function roleName(role: string): string {
  const id = `agreement-role-${role.replace(/_/g, '-')}`
  if (english.has(id)) return t(id)
  return role ? role[0].toUpperCase() + role.slice(1).replace(/_/g, ' ') : ''
}

/** Links to download a version; `which` names it ("the final plan", "version 3"). */
export function exportLinks(meetingId: string, hash: string, which: string): HTMLElement {
  const formats: ['pdf' | 'html' | 'md' | 'json', string][] = [
    ['pdf', t('download-format-pdf')],
    ['html', t('download-format-html')],
    ['md', t('download-format-md')],
    ['json', t('download-format-json')],
  ]
  return h(
    'ul',
    { class: 'govuk-list kp-downloads' },
    formats.map(([format, name]) =>
      h(
        'li',
        null,
        h('a', { class: 'govuk-link', href: api.exportUrl(meetingId, hash, format), download: '', 'data-format': format }, t('download-link', { which, format: name })),
      ),
    ),
  )
}

/**
 * The people who may decide but were not at the meeting and are not named: nobody waits for them.
 * The facilitator can name one as expected to decide (`expect`).
 */
function notExpectedRow(proposal: Proposal, expect?: (name: string, trigger: HTMLButtonElement) => void): HTMLElement | null {
  if (proposal.not_expected.length === 0) return null
  const names = proposal.not_expected.map((name) => {
    if (!expect) return h('li', null, h('bdi', null, name))
    const trigger: HTMLButtonElement = h(
      'button',
      { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button', onclick: () => expect(name, trigger) },
      t('staff-agreement-expect', { name }),
    )
    return h('li', null, h('bdi', null, name), ' ', trigger)
  })
  return h(
    'div',
    { class: 'govuk-summary-list__row' },
    h('dt', { class: 'govuk-summary-list__key' }, t('agreement-not-expected')),
    h('dd', { class: 'govuk-summary-list__value', 'data-testid': 'not-expected' }, h('p', { class: 'govuk-body-s' }, t('agreement-not-expected-hint')), h('ul', { class: 'govuk-list' }, names)),
  )
}

function decisionsTable(proposal: Proposal, expect?: (name: string, trigger: HTMLButtonElement) => void): HTMLElement {
  const table =
    proposal.decisions.length === 0
      ? h('p', { class: 'govuk-body' }, t('agreement-no-decisions'))
      : scrollable(h(
          'table',
          { class: 'govuk-table', 'data-testid': 'decisions' },
          h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('agreement-decisions')),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h('tr', { class: 'govuk-table__row' }, [t('agreement-column-name'), t('agreement-column-taking-part-as'), t('agreement-column-decision'), t('agreement-column-comment'), t('agreement-column-when')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
          ),
          h(
            'tbody',
            { class: 'govuk-table__body' },
            proposal.decisions.map((decision) =>
              h(
                'tr',
                { class: 'govuk-table__row' },
                h('th', { scope: 'row', class: 'govuk-table__header' }, decision.name),
                h('td', { class: 'govuk-table__cell' }, roleName(decision.role)),
                h('td', { class: 'govuk-table__cell' }, decisionName(decision.decision)),
                h('td', { class: 'govuk-table__cell', dir: 'auto' }, decision.comment || t('nothing-dash')),
                h('td', { class: 'govuk-table__cell' }, dateTime(decision.decided_at)),
              ),
            ),
          ),
        ), t('agreement-decisions'))
  return h(
    'div',
    null,
    table,
    h(
      'dl',
      { class: 'govuk-summary-list' },
      h(
        'div',
        { class: 'govuk-summary-list__row' },
        h('dt', { class: 'govuk-summary-list__key' }, t('agreement-still-to-decide')),
        h('dd', { class: 'govuk-summary-list__value', 'data-testid': 'waiting-for' }, proposal.waiting_for.length ? proposal.waiting_for.join(', ') : t('agreement-everyone-decided')),
      ),
      notExpectedRow(proposal, expect) ?? '',
      h(
        'div',
        { class: 'govuk-summary-list__row' },
        h('dt', { class: 'govuk-summary-list__key' }, t('agreement-referrer-decision')),
        h('dd', { class: 'govuk-summary-list__value', 'data-testid': 'referrer-decision' }, proposal.referrer_decision ? decisionName(proposal.referrer_decision) : t('agreement-not-recorded')),
      ),
    ),
  )
}

export async function agreementPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, t('agreement-title'))
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { isFacilitator } = context
  const meetingId = context.meeting.id
  const staff = session.kind === 'staff'
  const main = frame({ title: t('page-of-meeting', { page: t('agreement-title'), meeting: context.meeting.title }), session, family: !staff, wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const statusArea = h('div', { 'data-testid': 'agreement-status' })
  const reviewArea = h('div')
  const decisionsArea = h('div', { 'aria-live': 'polite' })
  const formArea = h('div')
  const planArea = h('div')
  main.append(
    h('span', { class: 'govuk-caption-l' }, context.meeting.title),
    h('h1', { class: 'govuk-heading-l' }, t('agreement-title')),
    meetingNav(context.meeting, session, isFacilitator),
    notice,
    statusArea,
    reviewArea,
    formArea,
    decisionsArea,
    planArea,
  )
  const say = (title: string, message: string, success = false) => replaceChildren(notice, banner(title, [h('p', { class: 'govuk-body' }, message)], success))
  const me = context.me
  const canDecide =
    (session.kind === 'participant' && me !== null && !['interpreter', 'observer'].includes(me.kind)) || (staff && !isFacilitator && me !== null)
  const isReferrer = Boolean(me?.is_referrer)

  async function act(trigger: HTMLButtonElement, work: () => Promise<unknown>, done: string): Promise<void> {
    trigger.disabled = true
    try {
      await work()
      say(t('agreement-done'), done, true)
      await draw()
      // The button pressed is gone with the page drawn again: focus goes to what happened, as
      // GOV.UK's success banners do, never back to the start of the page.
      if (!document.contains(trigger) || document.activeElement === document.body) {
        const said = notice.querySelector<HTMLElement>('.govuk-notification-banner')
        said?.setAttribute('tabindex', '-1')
        said?.focus()
      }
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
    } finally {
      trigger.disabled = false
    }
  }

  function decisionForm(proposal: Proposal): HTMLElement {
    const errors = new ErrorSummary()
    const mine = proposal.decisions.find((decision) => decision.name === session!.name)
    const choice = radios({
      legend: mine ? t('agreement-change-decision') : t('agreement-what-do-you-think'),
      legendSize: 'm',
      name: 'decision',
      items: isReferrer ? referrerDecisions() : personDecisions(),
      hint: isReferrer ? t('staff-referrer-you-are') : undefined,
    })
    const comment = textArea({ label: t('agreement-comment'), hint: t('agreement-comment-hint'), rows: 3 })
    comment.control.dir = 'auto'
    const submit = button(t('agreement-record'), { type: 'submit' })
    return h(
      'form',
      {
        class: 'kp-decision-form',
        novalidate: true,
        onsubmit: async (event: Event) => {
          event.preventDefault()
          const decision = choice.value()
          const words = comment.control.value.trim()
          const problems = []
          if (!decision) problems.push({ control: choice.inputs[0], message: t('agreement-error-choose') })
          else if (['agree_with_comment', 'do_not_agree', 'not_agreed'].includes(decision) && !words)
            problems.push({ control: comment.control, message: decision === 'agree_with_comment' ? t('agreement-error-comment') : t('agreement-error-reasons') })
          if (problems.length) {
            errors.show(problems)
            return
          }
          errors.clear()
          await act(submit, () => api.decide(meetingId, proposal.version_hash, decision, words), t('agreement-recorded', { decision: decisionName(decision) }))
        },
      },
      errors.element,
      mine ? h('p', { class: 'govuk-body', 'data-testid': 'my-decision' }, t('agreement-you-recorded', { decision: decisionName(mine.decision) })) : null,
      choice.group,
      comment.group,
      submit,
    )
  }

  function facilitatorControls(meeting: Meeting, proposal: Proposal | null): HTMLElement | null {
    if (!isFacilitator || meeting.stage === 'closed') return null
    if (meeting.stage !== 'agreement') {
      const move = button(t('staff-stage-bar-move-on-agreement'))
      move.addEventListener('click', () => void act(move, () => api.moveStage(meetingId, 'agreement'), t('staff-agreement-moved')))
      return h('div', null, h('p', { class: 'govuk-inset-text' }, t('staff-agreement-not-yet')), move)
    }
    if (!proposal || proposal.status === 'withdrawn') {
      const propose = button(t('staff-agreement-propose'))
      propose.addEventListener('click', () => void act(propose, () => api.propose(meetingId), t('staff-agreement-proposed')))
      return h('div', null, h('p', { class: 'govuk-body' }, t('staff-agreement-propose-explained')), propose)
    }
    if (proposal.status === 'open') {
      const close = button(t('staff-agreement-make-final'))
      close.addEventListener('click', () => void act(close, () => api.closeProposal(meetingId), t('staff-agreement-made-final')))
      const withdraw = button(t('staff-agreement-withdraw'), { kind: 'secondary' })
      withdraw.addEventListener('click', () => void act(withdraw, () => api.withdraw(meetingId), t('staff-agreement-withdrawn')))
      return h(
        'div',
        null,
        h('h2', { class: 'govuk-heading-m' }, t('staff-agreement-when-everyone')),
        h('p', { class: 'govuk-body' }, t('staff-agreement-when-everyone-text')),
        h('div', { class: 'govuk-button-group' }, close, withdraw),
      )
    }
    return null
  }

  // The facilitator names someone who was not at the meeting as expected to decide.
  const expect = isFacilitator
    ? async (name: string, trigger: HTMLButtonElement) => {
        const person = context.people.find((candidate) => candidate.display_name === name)
        if (!person) return
        trigger.disabled = true
        try {
          await api.nameToDecide(meetingId, person.id, true)
          await drawDecisions()
        } catch (error) {
          replaceChildren(notice, problem((error as Error).message))
          trigger.disabled = false
        }
      }
    : undefined

  async function drawDecisions(): Promise<void> {
    const proposal = await proposalOrNull(meetingId).catch(() => null)
    if (proposal && proposal.status !== 'withdrawn') replaceChildren(decisionsArea, decisionsTable(proposal, expect))
    else replaceChildren(decisionsArea)
  }

  let drawnStage: string | null = null

  async function draw(): Promise<void> {
    let meeting: Meeting
    let proposal: Proposal | null
    try {
      ;[meeting, proposal] = await Promise.all([api.meeting(meetingId), proposalOrNull(meetingId)])
    } catch (error) {
      replaceChildren(statusArea, problem((error as Error).message))
      return
    }
    drawnStage = meeting.stage
    let version: VersionView | null = null
    if (proposal && proposal.status !== 'withdrawn') version = await api.version(meetingId, proposal.version_hash).catch(() => null)
    const status: (HTMLElement | null)[] = []
    if (!proposal || proposal.status === 'withdrawn') {
      status.push(
        h(
          'p',
          { class: 'govuk-body' },
          proposal ? t('agreement-withdrawn') : t('agreement-not-proposed'),
        ),
      )
    } else if (proposal.status === 'open') {
      status.push(
        h('h2', { class: 'govuk-heading-m' }, t('agreement-proposed-heading', { number: proposal.version_number })),
        h(
          'p',
          { class: 'govuk-body' },
          ...around(t('agreement-proposed-text', { when: momentArg(proposal.proposed_at), fingerprint: PLACE }), h('code', { class: 'kp-hash', dir: 'ltr' }, shortHash(proposal.version_hash))),
        ),
      )
    } else {
      status.push(
        h(
          'div',
          { class: 'govuk-panel govuk-panel--confirmation', 'data-testid': 'final-plan' },
          h('h2', { class: 'govuk-panel__title' }, t('agreement-final')),
          h(
            'div',
            { class: 'govuk-panel__body' },
            ...around(t('agreement-final-version', { number: proposal.version_number, fingerprint: PLACE }), h('code', { class: 'kp-hash', dir: 'ltr' }, shortHash(proposal.version_hash))),
          ),
        ),
        h('h2', { class: 'govuk-heading-m' }, t('agreement-download-final')),
        exportLinks(meetingId, proposal.version_hash, t('download-which-final')),
      )
    }
    status.push(facilitatorControls(meeting, proposal))
    replaceChildren(statusArea, status)
    replaceChildren(reviewArea, proposal?.status === 'final' && meeting.stage === 'closed' ? reviewSection(context, meeting) : null)
    replaceChildren(formArea, proposal?.status === 'open' && canDecide && meeting.stage === 'agreement' ? decisionForm(proposal) : null)
    if (proposal && proposal.status !== 'withdrawn') replaceChildren(decisionsArea, decisionsTable(proposal, expect))
    else replaceChildren(decisionsArea)
    replaceChildren(
      planArea,
      version
        ? [h('h2', { class: 'govuk-heading-m' }, proposal?.status === 'final' ? t('agreement-the-final-plan') : t('agreement-plan-being-decided')), planView(version.plan, context.people)]
        : null,
    )
  }

  await draw()
  const stop = followMeeting(meetingId, {
    decision: () => void drawDecisions(),
    proposal: () => void draw(),
    // The stream starts with the current stage; only a change needs a new drawing.
    stage: (event) => {
      if (event.stage !== drawnStage) void draw()
    },
  })
  return () => stop()
}
