// Agreeing the plan: the facilitator proposes the plan as it is (a frozen version), everyone
// present records their decision on that exact version, the referrer records theirs, the
// facilitator sees who has decided and withdraws the proposal or makes the plan final; then the
// final plan can be downloaded, and its review date and review meeting are set here.

import { api, proposalOrNull, type Meeting, type Proposal, type VersionView } from '../api'
import { h, replaceChildren } from '../dom'
import { dateTime, decisionName, shortHash } from '../format'
import { frame } from '../layout'
import { ErrorSummary, banner, button, problem, radios, textArea } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { followMeeting } from '../live/meeting-events'
import type { Cleanup } from '../router'
import { reviewSection } from './agreement-review'
import { openMeeting, type MeetingContext } from './common'
import { planView } from './plan-view'

const PERSON_DECISIONS = [
  { value: 'agree', label: 'I agree with the plan' },
  { value: 'agree_with_comment', label: 'I agree, with a comment', hint: 'Say what you would like people to know.' },
  { value: 'do_not_agree', label: 'I do not agree', hint: 'Say why, so the family can change the plan.' },
]

const REFERRER_DECISIONS = [
  { value: 'agreed', label: 'Agreed', hint: 'The plan keeps the child safe. It becomes final when the facilitator closes agreement.' },
  { value: 'not_agreed', label: 'Not agreed', hint: 'Give the reasons. The family can revise the plan.' },
  { value: 'needs_resource_approval', label: 'Needs resource approval', hint: 'The plan asks for support that a manager must approve first.' },
]

function roleName(role: string): string {
  return role ? role[0].toUpperCase() + role.slice(1).replace(/_/g, ' ') : ''
}

export function exportLinks(meetingId: string, hash: string, label: string): HTMLElement {
  const formats: ['pdf' | 'html' | 'md' | 'json', string][] = [
    ['pdf', 'PDF'],
    ['html', 'web page (HTML)'],
    ['md', 'text (Markdown)'],
    ['json', 'data (JSON)'],
  ]
  return h(
    'ul',
    { class: 'govuk-list kp-downloads' },
    formats.map(([format, name]) =>
      h(
        'li',
        null,
        h('a', { class: 'govuk-link', href: api.exportUrl(meetingId, hash, format), download: '', 'data-format': format }, `Download ${label} as ${name}`),
      ),
    ),
  )
}

function decisionsTable(proposal: Proposal): HTMLElement {
  const table =
    proposal.decisions.length === 0
      ? h('p', { class: 'govuk-body' }, 'Nobody has recorded a decision yet.')
      : h(
          'table',
          { class: 'govuk-table', 'data-testid': 'decisions' },
          h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Decisions'),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h('tr', { class: 'govuk-table__row' }, ['Name', 'Taking part as', 'Decision', 'Comment or reasons', 'When'].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
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
                h('td', { class: 'govuk-table__cell' }, decision.comment || '–'),
                h('td', { class: 'govuk-table__cell' }, dateTime(decision.decided_at)),
              ),
            ),
          ),
        )
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
        h('dt', { class: 'govuk-summary-list__key' }, 'Still to decide'),
        h('dd', { class: 'govuk-summary-list__value', 'data-testid': 'waiting-for' }, proposal.waiting_for.length ? proposal.waiting_for.join(', ') : 'Everyone has decided'),
      ),
      h(
        'div',
        { class: 'govuk-summary-list__row' },
        h('dt', { class: 'govuk-summary-list__key' }, "The referrer's decision"),
        h('dd', { class: 'govuk-summary-list__value', 'data-testid': 'referrer-decision' }, proposal.referrer_decision ? decisionName(proposal.referrer_decision) : 'Not recorded yet'),
      ),
    ),
  )
}

export async function agreementPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, 'Agreeing the plan')
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { isFacilitator } = context
  const meetingId = context.meeting.id
  const staff = session.kind === 'staff'
  const main = frame({ title: `Agreeing the plan: ${context.meeting.title}`, session, family: !staff, wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const statusArea = h('div', { 'data-testid': 'agreement-status' })
  const reviewArea = h('div')
  const decisionsArea = h('div', { 'aria-live': 'polite' })
  const formArea = h('div')
  const planArea = h('div')
  main.append(
    h('span', { class: 'govuk-caption-l' }, context.meeting.title),
    h('h1', { class: 'govuk-heading-l' }, 'Agreeing the plan'),
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
      say('Done', done, true)
      await draw()
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
      legend: mine ? 'Change your decision' : 'What do you think of this plan?',
      legendSize: 'm',
      name: 'decision',
      items: isReferrer ? REFERRER_DECISIONS : PERSON_DECISIONS,
      hint: isReferrer ? 'You are the referrer.' : undefined,
    })
    const comment = textArea({ label: 'Comment or reasons', hint: 'Needed if you agree with a comment or do not agree.', rows: 3 })
    const submit = button('Record my decision', { type: 'submit' })
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
          if (!decision) problems.push({ control: choice.inputs[0], message: 'Choose what you think of the plan' })
          else if (['agree_with_comment', 'do_not_agree', 'not_agreed'].includes(decision) && !words)
            problems.push({ control: comment.control, message: decision === 'agree_with_comment' ? 'Write your comment' : 'Write your reasons' })
          if (problems.length) {
            errors.show(problems)
            return
          }
          errors.clear()
          await act(submit, () => api.decide(meetingId, proposal.version_hash, decision, words), `Your decision is recorded: ${decisionName(decision)}.`)
        },
      },
      errors.element,
      mine ? h('p', { class: 'govuk-body', 'data-testid': 'my-decision' }, `You recorded: ${decisionName(mine.decision)}.`) : null,
      choice.group,
      comment.group,
      submit,
    )
  }

  function facilitatorControls(meeting: Meeting, proposal: Proposal | null): HTMLElement | null {
    if (!isFacilitator || meeting.stage === 'closed') return null
    if (meeting.stage !== 'agreement') {
      const move = button('Move on to agreeing the plan')
      move.addEventListener('click', () => void act(move, () => api.moveStage(meetingId, 'agreement'), 'The meeting is now agreeing the plan.'))
      return h('div', null, h('p', { class: 'govuk-inset-text' }, 'The plan can be proposed for agreement once the meeting is agreeing the plan.'), move)
    }
    if (!proposal || proposal.status === 'withdrawn') {
      const propose = button('Propose the plan for agreement')
      propose.addEventListener('click', () => void act(propose, () => api.propose(meetingId), 'The plan is proposed. Nobody can change it while people decide.'))
      return h(
        'div',
        null,
        h('p', { class: 'govuk-body' }, 'This saves the plan as it is now as a version. Nobody can change it while people decide.'),
        propose,
      )
    }
    if (proposal.status === 'open') {
      const close = button('Make the plan final')
      close.addEventListener('click', () => void act(close, () => api.closeProposal(meetingId), 'The plan is final. The meeting is closed.'))
      const withdraw = button('Withdraw the proposal', { kind: 'secondary' })
      withdraw.addEventListener('click', () => void act(withdraw, () => api.withdraw(meetingId), 'The proposal is withdrawn. The family can change the plan again.'))
      return h(
        'div',
        null,
        h('h2', { class: 'govuk-heading-m' }, 'When everyone has decided'),
        h('p', { class: 'govuk-body' }, "The plan becomes final when the referrer has agreed. Withdraw the proposal if the family wants to change the plan."),
        h('div', { class: 'govuk-button-group' }, close, withdraw),
      )
    }
    return null
  }

  async function drawDecisions(): Promise<void> {
    const proposal = await proposalOrNull(meetingId).catch(() => null)
    if (proposal && proposal.status !== 'withdrawn') replaceChildren(decisionsArea, decisionsTable(proposal))
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
          proposal ? 'The proposal was withdrawn so the family can change the plan. It has not been proposed again yet.' : 'The plan has not been proposed for agreement yet.',
        ),
      )
    } else if (proposal.status === 'open') {
      status.push(
        h('h2', { class: 'govuk-heading-m' }, `Version ${proposal.version_number} is proposed for agreement`),
        h(
          'p',
          { class: 'govuk-body' },
          `Proposed ${dateTime(proposal.proposed_at)}. Its fingerprint is `,
          h('code', { class: 'kp-hash' }, shortHash(proposal.version_hash)),
          '. Decisions count for this exact version.',
        ),
      )
    } else {
      status.push(
        h(
          'div',
          { class: 'govuk-panel govuk-panel--confirmation', 'data-testid': 'final-plan' },
          h('h2', { class: 'govuk-panel__title' }, 'The plan is final'),
          h('div', { class: 'govuk-panel__body' }, `Version ${proposal.version_number}, fingerprint `, h('code', { class: 'kp-hash' }, shortHash(proposal.version_hash))),
        ),
        h('h2', { class: 'govuk-heading-m' }, 'Download the final plan'),
        exportLinks(meetingId, proposal.version_hash, 'the final plan'),
      )
    }
    status.push(facilitatorControls(meeting, proposal))
    replaceChildren(statusArea, status)
    replaceChildren(reviewArea, proposal?.status === 'final' && meeting.stage === 'closed' ? reviewSection(context, meeting) : null)
    replaceChildren(formArea, proposal?.status === 'open' && canDecide && meeting.stage === 'agreement' ? decisionForm(proposal) : null)
    if (proposal && proposal.status !== 'withdrawn') replaceChildren(decisionsArea, decisionsTable(proposal))
    else replaceChildren(decisionsArea)
    replaceChildren(
      planArea,
      version
        ? [h('h2', { class: 'govuk-heading-m' }, proposal?.status === 'final' ? 'The final plan' : 'The plan being decided on'), planView(version.plan, context.people)]
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
