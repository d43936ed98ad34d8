// The service's figures, for managers: over a range of days (the last 12 months unless chosen),
// for the whole service, one team or one facilitator. Each chart (Chart.js, loaded only on this
// page) stands beside a table of the same numbers with a caption, so that nothing is carried by
// the picture alone; the reasons given for declining and for not offering are counted lists;
// waits are the median and 90th percentile in days; the same figures download as CSV. The server
// refuses everyone but a manager, and the page then says so and shows nothing else.

import type { Chart as ChartInstance } from 'chart.js'
import { ApiError, api, type Figures, type FiguresQuery, type ReasonCount, type Session, type StaffUser } from '../api'
import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { dateOnly, pounds, todayIso } from '../format'
import { frame } from '../layout'
import { ErrorSummary, button, dateInput, problem, select, textInput, type DateField, type FieldError } from '../components/forms'
import type { Cleanup } from '../router'
import { failurePage, requireSession } from './common'
import { summaryList } from './case-view'

const TITLE = 'The service’s figures'

/** GOV.UK's colours: blue for the main series, purple beside it. */
const COLOURS = ['#1d70b8', '#4c2c92']

type ChartModule = typeof import('chart.js')

/** One series of numbers: its name (for a legend and a table's column) and a value per row. */
interface Series {
  name: string
  values: (number | null)[]
}

/** A chart and its table: the same rows, one column per series. */
interface Block {
  key: string
  title: string
  /** Says what the numbers count, under the title. */
  about?: string
  rows: string[]
  series: Series[]
  /** A column shown in the table only (such as amounts of money), after the charted ones. */
  extra?: { name: string; values: string[] }
  /** How a value reads in the table and the chart's name. */
  unit?: (value: number) => string
}

/** The same day a year before `day` (YYYY-MM-DD); 29 February becomes the 28th. */
function yearBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  const last = new Date(Date.UTC(year - 1, month, 0)).getUTCDate()
  return `${year - 1}-${String(month).padStart(2, '0')}-${String(Math.min(date, last)).padStart(2, '0')}`
}

/** The query the page opened with, or the last 12 months for the whole service. */
function initialQuery(): FiguresQuery {
  const search = new URLSearchParams(window.location.search)
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null)
  const to = day(search.get('to')) ?? todayIso()
  const from = day(search.get('from')) ?? yearBefore(to)
  return { from, to, team: search.get('team') ?? '', facilitator: search.get('facilitator') ?? '' }
}

function refusalPage(session: Session): void {
  const main = frame({ title: TITLE, session, family: session.kind === 'participant' })
  main.append(
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    problem('Only a manager can see the service’s figures.'),
    h('p', { class: 'govuk-body' }, 'The figures count the work of the whole service, so only its managers see them. If you need them, ask a manager in your service.'),
  )
  if (session.kind === 'staff') main.append(h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/dashboard' }, 'Go to your dashboard')))
  main.querySelector<HTMLElement>('.govuk-error-summary')?.focus()
}

const count = (value: number) => String(value)
const days = (value: number) => `${value} ${value === 1 ? 'day' : 'days'}`

function blocks(figures: Figures): Block[] {
  const { offers, support, care_applications: care } = figures
  return [
    {
      key: 'offers',
      title: 'Offers of a meeting and their answers',
      about: 'Offers made on these days, one for each person with parental responsibility, and their answers as they stand now; decisions not to offer approved, and those still awaiting approval.',
      rows: ['Offers made', 'Accepted', 'Declined', 'Awaiting an answer', 'Not offered (approved)', 'Not offered (awaiting approval)'],
      series: [{ name: 'Number', values: [offers.made, offers.accepted, offers.declined, offers.awaiting, offers.not_offered, offers.not_offered_awaiting_approval] }],
    },
    {
      key: 'meetings',
      title: 'Meetings, plans and reviews',
      about: 'Meetings held on these days (reviews included), cases whose first meeting was held, how many of those agreed a plan, and reviews held, by the day they were due or not.',
      rows: ['Meetings held', 'First meetings held', 'Plans agreed at the first meeting', 'Reviews held', 'Reviews held on time'],
      series: [{ name: 'Number', values: [figures.meetings_held, figures.first_meetings_held, figures.plans_agreed_at_first_meeting, figures.reviews_held, figures.reviews_held_on_time] }],
    },
    {
      key: 'waits',
      title: 'How long families waited',
      about: 'For cases referred on these days: days from the referral to the first offer, and to the first meeting held. Half the families waited no longer than the median; 9 in 10 no longer than the 90th percentile.',
      rows: ['Referral to the first offer', 'Referral to the first meeting'],
      series: [
        { name: 'Median', values: [figures.referral_to_offer.median_days, figures.referral_to_first_meeting.median_days] },
        { name: '90th percentile', values: [figures.referral_to_offer.p90_days, figures.referral_to_first_meeting.p90_days] },
      ],
      extra: { name: 'Cases', values: [count(figures.referral_to_offer.cases), count(figures.referral_to_first_meeting.cases)] },
      unit: days,
    },
    {
      key: 'support',
      title: 'Family Network Support Packages',
      about: 'Requests made on these days, and requests approved or declined on these days, with what they come to.',
      rows: ['Requested', 'Approved', 'Declined'],
      series: [{ name: 'Requests', values: [support.requested, support.approved, support.declined] }],
      extra: { name: 'Amount', values: [pounds(support.requested_pence), pounds(support.approved_pence), 'Not counted'] },
    },
    {
      key: 'care-applications',
      title: 'Care or supervision applications after an offer was accepted',
      about: 'Applications made on these days on cases where a parent accepted the offer of a meeting: whether the meeting was held before the application.',
      rows: ['Meeting held before the application', 'Meeting not held before the application'],
      series: [{ name: 'Applications', values: [care.meeting_held_before, care.meeting_not_held_before] }],
    },
  ]
}

function figureTable(block: Block, captionId: string): HTMLElement {
  const unit = block.unit ?? count
  const numericHeader = 'govuk-table__header govuk-table__header--numeric'
  return h(
    'table',
    { class: 'govuk-table kp-figure-table', 'data-testid': `table-${block.key}` },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s', id: captionId }, `${block.title}: the numbers`),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        h('th', { scope: 'col', class: 'govuk-table__header' }, h('span', { class: 'govuk-visually-hidden' }, 'Figure')),
        block.series.map((series) => h('th', { scope: 'col', class: numericHeader }, series.name)),
        block.extra ? h('th', { scope: 'col', class: numericHeader }, block.extra.name) : null,
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      block.rows.map((row, index) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          h('th', { scope: 'row', class: 'govuk-table__header' }, row),
          block.series.map((series) => {
            const value = series.values[index]
            return h('td', { class: 'govuk-table__cell govuk-table__cell--numeric', 'data-series': series.name }, value === null ? 'None yet' : unit(value))
          }),
          block.extra ? h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, block.extra.values[index]) : null,
        ),
      ),
    ),
  )
}

/** The chart's accessible name: what it shows, and every number in it. */
function chartName(block: Block): string {
  const unit = block.unit ?? count
  const parts = block.rows.map((row, index) => {
    const values = block.series.map((series) => {
      const value = series.values[index]
      const said = value === null ? 'none yet' : unit(value)
      return block.series.length > 1 ? `${series.name.toLowerCase()} ${said}` : said
    })
    return `${row}: ${values.join(', ')}`
  })
  return `Bar chart of ${block.title.toLowerCase()}. ${parts.join('; ')}.`
}

/** The box a chart fills: taller for more bars, so that each label has room. */
function chartBox(block: Block, canvas: HTMLCanvasElement): HTMLElement {
  const box = h('div', { class: 'kp-chart__canvas' }, canvas)
  box.style.height = `${Math.max(12, block.rows.length * block.series.length * 2.5 + 4)}rem`
  return box
}

/** A chart and, beside it, its table: one block of the page. Gives back the canvas to draw on. */
function blockElement(block: Block): { element: HTMLElement; canvas: HTMLCanvasElement } {
  const headingId = uniqueId(`figure-${block.key}`)
  const canvas = h('canvas', { role: 'img', 'aria-label': chartName(block), 'data-testid': `chart-${block.key}` })
  const element = h(
    'section',
    { class: 'kp-figure-block', 'aria-labelledby': headingId, 'data-block': block.key },
    h('h3', { class: 'govuk-heading-m', id: headingId }, block.title),
    block.about ? h('p', { class: 'govuk-body' }, block.about) : null,
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-one-half' },
        h(
          'figure',
          { class: 'kp-chart' },
          chartBox(block, canvas),
          h('figcaption', { class: 'govuk-body-s kp-chart__caption' }, `${block.title}. The same numbers are in the table beside the chart.`),
        ),
      ),
      h('div', { class: 'govuk-grid-column-one-half' }, figureTable(block, uniqueId(`table-${block.key}`))),
    ),
  )
  return { element, canvas }
}

function drawChart(module: ChartModule, canvas: HTMLCanvasElement, block: Block): ChartInstance {
  const font = { family: 'arial, sans-serif', size: 16 }
  const ink = '#0b0c0c'
  return new module.Chart(canvas, {
    type: 'bar',
    data: {
      labels: block.rows,
      datasets: block.series.map((series, index) => ({
        label: series.name,
        data: series.values,
        backgroundColor: COLOURS[index % COLOURS.length],
        borderColor: COLOURS[index % COLOURS.length],
        borderWidth: 1,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: 'y',
      plugins: {
        legend: { display: block.series.length > 1, labels: { color: ink, font } },
        tooltip: { enabled: true },
      },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0, color: ink, font }, grid: { color: '#b1b4b6' } },
        y: { ticks: { color: ink, font }, grid: { display: false } },
      },
    },
  })
}

function reasonsList(title: string, reasons: ReasonCount[], empty: string, testId: string): HTMLElement {
  return h(
    'section',
    { class: 'kp-figure-block', 'data-testid': testId },
    h('h3', { class: 'govuk-heading-m' }, title),
    reasons.length === 0
      ? h('p', { class: 'govuk-body' }, empty)
      : h(
          'ol',
          { class: 'govuk-list govuk-list--number kp-reasons' },
          reasons.map((reason) => h('li', null, h('span', { class: 'kp-reason' }, reason.reason), h('span', { class: 'kp-reason-count' }, ` (${reason.count} ${reason.count === 1 ? 'time' : 'times'})`))),
        ),
  )
}

/** Whose work the figures cover, in words. */
function scopeWords(query: FiguresQuery, staff: StaffUser[]): string {
  if (query.facilitator) {
    const who = staff.find((user) => user.id === query.facilitator || user.email === query.facilitator)
    return `Cases held by ${who?.name ?? query.facilitator}`
  }
  if (query.team) return `Team: ${query.team}`
  return 'The whole service'
}

export async function figuresPage(): Promise<Cleanup | void> {
  const session = await requireSession()
  if (!session) return
  let query = initialQuery()
  let staff: StaffUser[]
  let figures: Figures
  try {
    ;[staff, figures] = await Promise.all([api.users(), api.figures(query)])
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) refusalPage(session)
    else failurePage(session, TITLE, (error as Error).message)
    return
  }
  const charts: ChartInstance[] = []
  let chartModule: ChartModule | null = null

  const main = frame({ title: TITLE, session, wide: true })
  const errors = new ErrorSummary()
  const from = dateInput({ legend: 'From', legendSize: 's', hint: 'For example, 1 4 2025.', name: 'figures-from' })
  const to = dateInput({ legend: 'To', legendSize: 's', hint: 'For example, 31 3 2026.', name: 'figures-to' })
  const teams = [...new Set(staff.map((user) => user.team.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b))
  const team = select({
    label: 'Team',
    name: 'figures-team',
    options: [{ value: '', label: 'All teams' }, ...teams.map((name) => ({ value: name, label: name }))],
  })
  const facilitators = staff.filter((user) => user.role === 'facilitator').sort((a, b) => a.name.localeCompare(b.name))
  const facilitator = select({
    label: 'Facilitator',
    name: 'figures-facilitator',
    options: [{ value: '', label: 'All facilitators' }, ...facilitators.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))],
  })
  const fill = (current: FiguresQuery) => {
    from.set(current.from)
    to.set(current.to)
    team.control.value = current.team ?? ''
    facilitator.control.value = current.facilitator ?? ''
  }
  fill(query)
  const show = button('Show the figures', { type: 'submit' })
  const results = h('div', { 'data-testid': 'figures' })

  const dayOf = (field: DateField, name: string, problems: FieldError[]): string | null => {
    const value = field.value()
    if (value === null) problems.push({ control: field.day, message: `Enter the ${name} day` })
    else if (value === 'invalid') problems.push({ control: field.day, message: `The ${name} day must be a real date` })
    else return value
    return null
  }

  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-figures-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        const first = dayOf(from, 'first', problems)
        const last = dayOf(to, 'last', problems)
        if (first && last && last < first) problems.push({ control: to.day, message: 'The last day must be the same as or after the first day' })
        if (problems.length > 0 || !first || !last) {
          errors.show(problems)
          return
        }
        errors.clear()
        const next: FiguresQuery = { from: first, to: last, team: team.control.value, facilitator: facilitator.control.value }
        try {
          figures = await api.figures(next)
        } catch (error) {
          errors.show([{ control: from.day, message: (error as Error).message }])
          return
        }
        query = next
        window.history.replaceState(null, '', `/figures?${new URLSearchParams(Object.entries(query).filter(([, value]) => value) as [string, string][]).toString()}`)
        await draw()
        results.querySelector<HTMLElement>('h2')?.focus()
      },
    },
    h('div', { class: 'kp-figures-range' }, from.group, to.group),
    h('div', { class: 'kp-figures-scope' }, team.group, facilitator.group),
    show,
  )

  async function draw(): Promise<void> {
    for (const chart of charts.splice(0)) chart.destroy()
    const parts = blocks(figures)
    const drawn = parts.map((block) => ({ block, ...blockElement(block) }))
    const headline: [string, Child][] = [
      ['Referrals received', count(figures.referrals)],
      ['Offers made', count(figures.offers.made)],
      ['First meetings held', count(figures.first_meetings_held)],
      ['Plans agreed at the first meeting', count(figures.plans_agreed_at_first_meeting)],
      ['Reviews held on time', `${figures.reviews_held_on_time} of ${figures.reviews_held}`],
      ['Support approved', pounds(figures.support.approved_pence)],
    ]
    replaceChildren(
      results,
      h('h2', { class: 'govuk-heading-l', tabindex: '-1' }, h('span', { class: 'govuk-caption-m' }, scopeWords(query, staff)), `From ${dateOnly(figures.from)} to ${dateOnly(figures.to)}`),
      h(
        'p',
        { class: 'govuk-body' },
        h('a', { class: 'govuk-link', href: api.figuresCsvUrl(query), download: '', 'data-testid': 'figures-csv' }, 'Download CSV', h('span', { class: 'govuk-visually-hidden' }, ' of these figures')),
        ' (the same figures, for a spreadsheet)',
      ),
      summaryList(headline, 'headline'),
      drawn.map(({ element }) => element),
      reasonsList('Why offers were declined', figures.offers.declined_reasons, 'No offer made on these days was declined.', 'declined-reasons'),
      reasonsList('Why meetings were not offered', figures.offers.not_offered_reasons, 'No decision not to offer was approved on these days.', 'not-offered-reasons'),
    )
    chartModule ??= await loadCharts()
    if (!chartModule) return
    for (const { block, canvas } of drawn) charts.push(drawChart(chartModule, canvas, block))
  }

  /** Chart.js, fetched the first time the figures are drawn; the tables stand alone without it. */
  async function loadCharts(): Promise<ChartModule | null> {
    try {
      const module = await import('chart.js')
      module.Chart.register(module.BarController, module.BarElement, module.CategoryScale, module.LinearScale, module.Legend, module.Tooltip)
      return module
    } catch {
      results.querySelector('h2')?.after(problem('The charts could not be loaded. The tables beside them hold every figure.'))
      return null
    }
  }

  /** The team select's choices, from the staff's teams as they are now. */
  const refreshTeams = () => {
    const names = [...new Set(staff.map((user) => user.team.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b))
    const chosen = team.control.value
    team.control.replaceChildren(
      h('option', { value: '' }, 'All teams'),
      ...names.map((name) => h('option', { value: name }, name)),
    )
    team.control.value = names.includes(chosen) ? chosen : ''
  }

  main.append(
    errors.element,
    h('span', { class: 'govuk-caption-l' }, 'Service manager'),
    h('h1', { class: 'govuk-heading-l' }, TITLE),
    h('p', { class: 'govuk-body' }, 'Referrals, the statutory offer and its answers, how long families wait, plans agreed, reviews on time and support packages.'),
    form,
    results,
    teamsSection(facilitators, refreshTeams),
  )
  await draw()
  return () => {
    for (const chart of charts.splice(0)) chart.destroy()
  }
}

/** Who is in which team: a manager puts each facilitator in a team (or none), for the figures. */
function teamsSection(facilitators: StaffUser[], changed: () => void): HTMLElement {
  const said = h('div', { class: 'govuk-body', role: 'status', 'data-testid': 'team-saved' })
  const rows = facilitators.map((user) => {
    const field = textInput({ label: `Team of ${user.name}`, value: user.team, width: '20', name: `team-${user.id}` })
    field.group.querySelector('label')?.classList.add('govuk-visually-hidden')
    const save = button('Save', { type: 'submit', kind: 'secondary' })
    save.append(h('span', { class: 'govuk-visually-hidden' }, ` ${user.name}’s team`))
    const form = h(
      'form',
      {
        novalidate: true,
        class: 'kp-team-form',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          try {
            const saved = await api.setTeam(user.id, field.control.value.trim())
            user.team = saved.team
            field.control.value = saved.team
            replaceChildren(said, saved.team ? `${user.name} is in the team ${saved.team}.` : `${user.name} is in no team.`)
            changed()
          } catch (error) {
            replaceChildren(said, problem((error as Error).message))
          }
        },
      },
      field.group,
      save,
    )
    return h('tr', { class: 'govuk-table__row' }, h('th', { class: 'govuk-table__header', scope: 'row' }, user.name, h('br'), h('span', { class: 'kp-muted' }, user.email)), h('td', { class: 'govuk-table__cell' }, form))
  })
  return h(
    'details',
    { class: 'govuk-details', 'data-testid': 'teams' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, 'Facilitators’ teams')),
    h(
      'div',
      { class: 'govuk-details__text' },
      h('p', { class: 'govuk-body' }, 'The figures for a team count the cases its facilitators hold. Leave a team empty to take someone out of every team.'),
      said,
      facilitators.length === 0
        ? h('p', { class: 'govuk-body' }, 'There are no facilitators yet.')
        : h(
            'table',
            { class: 'govuk-table' },
            h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Each facilitator’s team'),
            h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, h('th', { class: 'govuk-table__header', scope: 'col' }, 'Facilitator'), h('th', { class: 'govuk-table__header', scope: 'col' }, 'Team'))),
            h('tbody', { class: 'govuk-table__body' }, rows),
          ),
    ),
  )
}
