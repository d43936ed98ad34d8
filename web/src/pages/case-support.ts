// Family Network Support Packages on the case page: the practical help a meeting's plan asks for
// under "Support we are asking for" becomes a request of items with their costs, which the
// facilitator who holds the case makes from that plan's lines; a manager approves or declines each
// request with a reason; the case shows what the approved requests come to.

import { api, type Meeting, type SupportRequest } from '../api'
import { t } from '../i18n'
import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { dateTime, pounds, readPence, type PenceReading } from '../format'
import { ErrorSummary, banner, button, problem, radios, textArea, textInput, whileBusy, type FieldError } from '../components/forms'
import { summaryList, type CasePageView } from './case-view'

const STATUS: Record<SupportRequest['status'], { word: string; colour: string }> = {
  requested: { word: t('staff-support-awaiting-manager-s-decision'), colour: 'yellow' },
  approved: { word: t('staff-support-approved'), colour: 'green' },
  declined: { word: t('staff-support-declined'), colour: 'red' },
}

/** What is wrong with a cost as typed, in GOV.UK's words for the item `which` ("item 2"). */
function costProblem(reading: PenceReading, which: string): string | null {
  if ('pence' in reading) return null
  switch (reading.problem) {
    case 'empty':
      return t('staff-support-enter-cost', { which })
    case 'negative':
      return t('staff-support-cost-must-0-more', { which })
    case 'too-precise':
      return t('staff-support-cost-must-have-no-more', { which })
    case 'too-large':
      return t('staff-support-cost-must-100-000-less', { which })
    default:
      return t('staff-support-cost-must-amount-pounds-pence', { which })
  }
}

function meetingTitle(view: CasePageView, meetingId: string): string {
  return (view.details.meetings ?? []).find((meeting) => meeting.id === meetingId)?.title ?? t('staff-support-meeting-no-longer-case')
}

function itemsTable(request: SupportRequest): HTMLElement {
  const numeric = 'govuk-table__cell govuk-table__cell--numeric'
  return h(
    'table',
    { class: 'govuk-table kp-support-items', 'data-testid': 'support-items' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, t('staff-support-what-asked')),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        h('th', { scope: 'col', class: 'govuk-table__header' }, t('staff-support-item')),
        h('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, t('staff-support-cost')),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      request.items.map((item) =>
        h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell kp-reason' }, item.description), h('td', { class: numeric }, pounds(item.cost_pence))),
      ),
      h(
        'tr',
        { class: 'govuk-table__row kp-total-row' },
        h('th', { scope: 'row', class: 'govuk-table__header' }, t('staff-support-total')),
        h('td', { class: `${numeric} govuk-!-font-weight-bold`, 'data-testid': 'support-total' }, pounds(request.total_pence)),
      ),
    ),
  )
}

function decisionForm(view: CasePageView, request: SupportRequest): HTMLElement {
  const errors = new ErrorSummary()
  const decision = radios({
    legend: t('staff-support-your-decision'),
    legendSize: 's',
    name: `support-decision-${request.id}`,
    items: [
      { value: 'approve', label: t('staff-support-approve') },
      { value: 'decline', label: t('staff-support-decline') },
    ],
    small: true,
  })
  const reason = textArea({
    label: t('staff-support-reason-your-decision'),
    hint: t('staff-support-facilitator-reads-counts-service-s'),
    name: `support-reason-${request.id}`,
    rows: 3,
  })
  const record = button(t('staff-support-record-decision'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const chosen = decision.value() as 'approve' | 'decline' | ''
        const why = reason.control.value.trim()
        const problems: FieldError[] = []
        if (!chosen) problems.push({ control: decision.inputs[0], message: t('staff-support-choose-whether-approve-decline-request') })
        if (!why) problems.push({ control: reason.control, message: t('staff-support-enter-reason-your-decision') })
        if (problems.length > 0 || !chosen) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          const decided = await whileBusy(record, t('staff-support-recording'), null, () => api.decideSupport(view.details.id, request.id, chosen, why))
          await view.changed(
            'support',
            banner(
              chosen === 'approve' ? t('staff-support-support-approved') : t('staff-support-support-declined'),
              [h('p', { class: 'govuk-body' }, t(chosen === 'approve' ? 'staff-support-approved-for' : 'staff-support-declined-for', { total: pounds(decided.total_pence), summary: decided.summary }))],
              true,
            ),
          )
        } catch (error) {
          errors.show([{ control: reason.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    decision.group,
    reason.group,
    record,
  )
}

function requestCard(view: CasePageView, request: SupportRequest): HTMLElement {
  const { word, colour } = STATUS[request.status]
  const rows: [string, Child][] = [
    [t('staff-support-from-plan'), h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(request.meeting_id)}/agreement` }, meetingTitle(view, request.meeting_id))],
    [t('staff-support-asked'), dateTime(request.requested_at)],
  ]
  if (request.decided_at) rows.push([request.status === 'approved' ? t('staff-support-approved') : t('staff-support-declined'), dateTime(request.decided_at)])
  if (request.decision_reason) rows.push([t('staff-support-reason'), h('span', { class: 'kp-reason' }, request.decision_reason)])
  const titleId = uniqueId('support-title')
  return h(
    'section',
    { class: 'govuk-summary-card', 'data-support': request.id, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'govuk-summary-card__title-wrapper' },
      h('h4', { class: 'govuk-summary-card__title kp-reason', id: titleId }, request.summary),
      h('strong', { class: `govuk-tag govuk-tag--${colour}`, 'data-testid': 'support-status' }, word),
    ),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      itemsTable(request),
      summaryList(rows),
      view.isManager && request.status === 'requested' ? decisionForm(view, request) : null,
    ),
  )
}

interface ItemRow {
  element: HTMLElement
  legend: HTMLElement
  description: HTMLInputElement
  cost: HTMLInputElement
  remove: HTMLButtonElement
}

/** The form asking for support from the plan of `meeting`, its items one for each of `lines`. */
function requestForm(view: CasePageView, meeting: Meeting, lines: string[], unread: string | null, done: () => void): HTMLElement {
  const errors = new ErrorSummary()
  const summary = textInput({
    label: t('staff-support-what-support'),
    hint: t('staff-support-sentence-manager-who-decides-example'),
    name: `support-summary-${meeting.id}`,
  })
  const itemsArea = h('div', { class: 'kp-repeat' })
  const rows: ItemRow[] = []
  const totalLine = h('p', { class: 'govuk-body', 'aria-live': 'polite', 'data-testid': 'support-total-preview' })

  function renumber(): void {
    rows.forEach((row, index) => {
      replaceChildren(row.legend, t('staff-support-item-numbered', { number: index + 1 }))
      replaceChildren(row.remove, t('staff-support-remove'), h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-support-which-item', { number: index + 1 })))
      row.remove.hidden = rows.length === 1
    })
    drawTotal()
  }

  function drawTotal(): void {
    const readings = rows.map((row) => readPence(row.cost.value))
    const known = readings.filter((reading): reading is { pence: number } => 'pence' in reading)
    const total = known.reduce((sum, reading) => sum + reading.pence, 0)
    replaceChildren(
      totalLine,
      known.length === rows.length ? t('staff-support-total-is', { total: pounds(total) }) : t('staff-support-total-so-far', { total: pounds(total), missing: rows.length - known.length, count: rows.length }),
    )
  }

  function addRow(description: string): ItemRow {
    const what = textInput({ label: t('staff-support-what-needed'), name: uniqueId('support-item'), value: description })
    const cost = textInput({
      label: t('staff-support-cost-pounds-pence'),
      hint: t('staff-support-example-149-99'),
      name: uniqueId('support-cost'),
      prefix: '£',
      inputmode: 'decimal',
      spellcheck: false,
      width: '10',
    })
    cost.control.addEventListener('input', drawTotal)
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' })
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-small-button' })
    const element = h('div', { class: 'kp-repeat-item' }, h('fieldset', { class: 'govuk-fieldset' }, legend, what.group, cost.group), remove)
    const row: ItemRow = { element, legend, description: what.control, cost: cost.control, remove }
    remove.addEventListener('click', () => {
      const index = rows.indexOf(row)
      if (index < 0 || rows.length === 1) return
      errors.clear()
      rows.splice(index, 1)
      element.remove()
      renumber()
      ;(rows[Math.min(index, rows.length - 1)]?.description ?? summary.control).focus()
    })
    rows.push(row)
    itemsArea.append(element)
    return row
  }

  for (const line of lines.length > 0 ? lines : ['']) addRow(line)
  renumber()

  const addAnother = button(t('staff-support-add-another-item'), {
    kind: 'secondary',
    onClick: () => {
      const row = addRow('')
      renumber()
      row.description.focus()
    },
  })
  const submit = button(t('staff-support-ask-support'), { type: 'submit' })
  const cancel = button(t('staff-support-cancel'), { kind: 'secondary', onClick: done })
  const introduction: Child = unread
    ? [h('p', { class: 'govuk-body' }, t('staff-support-plan-s-lines-could-not')), problem(unread)]
    : lines.length > 0
      ? h('p', { class: 'govuk-body' }, t('staff-support-each-line-support-we-asking'))
      : h('p', { class: 'govuk-body' }, t('staff-support-plan-asks-nothing-under-support'))

  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-case-form kp-support-form',
      'data-meeting': meeting.id,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        if (!summary.control.value.trim()) problems.push({ control: summary.control, message: t('staff-support-enter-what-support') })
        const items = rows.map((row, index) => {
          const which = t('staff-support-which-item', { number: index + 1 })
          if (!row.description.value.trim()) problems.push({ control: row.description, message: t('staff-support-enter-what', { which }) })
          const reading = readPence(row.cost.value)
          const wrong = costProblem(reading, which)
          if (wrong) problems.push({ control: row.cost, message: wrong })
          return { description: row.description.value.trim(), cost_pence: 'pence' in reading ? reading.pence : 0 }
        })
        if (problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        try {
          const made = await whileBusy(submit, t('staff-support-asking'), null, () => api.requestSupport(view.details.id, meeting.id, summary.control.value.trim(), items))
          await view.changed(
            'support',
            banner(t('staff-support-support-asked'), [h('p', { class: 'govuk-body' }, t('staff-support-asked-text', { count: made.items.length, total: pounds(made.total_pence) }))], true),
          )
        } catch (error) {
          errors.show([{ control: summary.control, message: (error as Error).message }])
        }
      },
    },
    errors.element,
    h('h3', { class: 'govuk-heading-m' }, h('span', { class: 'govuk-caption-m' }, meeting.title), t('staff-support-ask-support')),
    introduction,
    summary.group,
    itemsArea,
    addAnother,
    totalLine,
    h('div', { class: 'govuk-button-group' }, submit, cancel),
  )
}

/** For each of the case's meetings, a button that opens the request form filled from its plan. */
function askArea(view: CasePageView): HTMLElement {
  const meetings = view.details.meetings ?? []
  const area = h('div', { 'data-testid': 'ask-for-support' })
  function draw(): void {
    if (meetings.length === 0) {
      replaceChildren(area, h('p', { class: 'govuk-body' }, t('staff-support-support-asked-from-meeting-s')))
      return
    }
    replaceChildren(
      area,
      h('h3', { class: 'govuk-heading-m' }, t('staff-support-ask-support')),
      h('p', { class: 'govuk-body' }, t('staff-support-start-from-plan-meeting-asks')),
      h(
        'ul',
        { class: 'govuk-list' },
        meetings.map((meeting) => {
          const open = button(t('staff-support-ask-support'), { kind: 'secondary', inline: true })
          open.append(h('span', { class: 'govuk-visually-hidden' }, ' ', t('staff-support-from-plan-of', { title: meeting.title })))
          open.addEventListener('click', () => void openForm(meeting, open))
          return h('li', { class: 'kp-ask-line' }, open, h('span', { class: 'govuk-body' }, meeting.title))
        }),
      ),
    )
  }
  async function openForm(meeting: Meeting, trigger: HTMLButtonElement): Promise<void> {
    let lines: string[] = []
    let unread: string | null = null
    try {
      lines = await whileBusy(trigger, t('staff-support-reading-plan'), null, () => api.supportAsked(view.details.id, meeting.id))
    } catch (error) {
      unread = (error as Error).message
    }
    const form = requestForm(view, meeting, lines, unread, () => {
      draw()
      area.querySelector<HTMLButtonElement>(`button`)?.focus()
    })
    replaceChildren(area, form)
    form.querySelector<HTMLInputElement>('input')?.focus()
  }
  draw()
  return area
}

export function supportSection(view: CasePageView): HTMLElement[] {
  const requests = view.details.support ?? []
  const waiting = requests.filter((request) => request.status === 'requested')
  const parts: HTMLElement[] = [
    h(
      'p',
      { class: 'govuk-body' },
      t('staff-support-family-network-support-packages-pay'),
    ),
    summaryList(
      [
        [t('staff-support-approved-case'), h('strong', { 'data-testid': 'approved-total' }, pounds(view.details.approved_support_pence ?? 0))],
        [
          t('staff-support-awaiting-decision'),
          waiting.length === 0
            ? t('staff-support-nothing')
            : t('staff-support-waiting', { count: waiting.length, total: pounds(waiting.reduce((sum, request) => sum + request.total_pence, 0)) }),
        ],
      ],
      'support-totals',
    ),
  ]
  if (requests.length === 0) parts.push(h('p', { class: 'govuk-body' }, t('staff-support-no-support-has-been-asked')))
  else parts.push(h('h3', { class: 'govuk-heading-m' }, t('staff-support-requests')), ...requests.map((request) => requestCard(view, request)))
  if (view.holds) parts.push(askArea(view))
  return parts
}
