// The family's journey after the referral, in the browser. Set up through the API: a case whose
// offer was accepted, its meeting, where the aunt writes two lines under "Support we are asking
// for" and one action, taken to a final plan by the referrer's agreement; its review date put in
// the past; and a second case with no meeting yet, whose mother declined the offer, and a decision
// not to offer awaiting approval. Then: the facilitator lands on a dashboard with both cases and
// what is due, overdue first in red; asks for support from the plan's lines (a cost of 12.345
// refused first); the manager's dashboard shows both approvals waiting and the review overdue, the
// manager approves the support with a reason and the case shows the approved total; the
// facilitator moves the review date from the dashboard's link, sets up the review meeting, records
// the agreed action as done with a note, changes the review's plan and sees what changed since the
// agreed plan; the manager's figures page draws its charts beside tables that hold the same numbers
// as /api/figures (waits as median and 90th percentile, the declined reason counted), for the whole
// service, one team and one facilitator, and its CSV link downloads text/csv; a facilitator opening
// /figures is refused plainly. Axe on every page it checks.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import {
  ApiClient,
  checkAccessibility,
  joinWithLink,
  newPerson,
  openFromMenu,
  screenshot,
  serverAndBrowserForThisFile,
  showActions,
  signIn,
  typeInto,
  waitEditable,
  waitForText,
} from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile(
  [
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 'm@council.example', name: 'Meg', role: 'manager' },
    { email: 's@council.example', name: 'Sam', role: 'practitioner' },
  ],
  (started, launched) => {
    server = started
    browser = launched
  },
)

const CASE = 'Family of J'
const OTHER_CASE = 'Family of K'
const MEETING = 'Plan for J'
const BED = 'A bed for J'
const CAR_SEAT = 'A car seat for J'
const ACTION = 'Walk J to school'
const SUMMARY = 'A bed and a car seat so that J can stay with Rose'
const APPROVAL_REASON = 'Both keep J safe at his aunt’s home.'
const REVIEW_NOTE = 'Rose walked J to school every day.'
const REVIEW_WORDS = 'J is settled at school now.'
const DECLINED_REASON = 'We can manage on our own.'

/** A day `days` from today (UTC), as the date input's three boxes take it and as YYYY-MM-DD. */
function dayFromToday(days) {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000)
  return {
    day: String(date.getUTCDate()),
    month: String(date.getUTCMonth() + 1),
    year: String(date.getUTCFullYear()),
    iso: date.toISOString().slice(0, 10),
  }
}

async function fillDate(group, { day, month, year }) {
  await group.getByLabel('Day', { exact: true }).fill(day)
  await group.getByLabel('Month', { exact: true }).fill(month)
  await group.getByLabel('Year', { exact: true }).fill(year)
}

/** Waits until `check()` gives something truthy, asking again every 100 ms. */
async function eventually(check, what, timeout = 10000) {
  const started = Date.now()
  while (true) {
    const value = await check()
    if (value) return value
    if (Date.now() - started > timeout) throw new Error(`still waiting after ${timeout} ms for ${what}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

const section = (page, key) => page.locator(`[data-section="${key}"]`)
/** The cell of `series` in the row `row` of a figures table. */
const figureCell = (page, block, row, series) =>
  page.getByTestId(`table-${block}`).locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${row}$`) }) }).locator(`td[data-series="${series}"]`)

// What the tests share, set up by the first.
const journey = {}

test('the facilitator asks for support from the plan, and the manager approves it', { timeout: 170000 }, async () => {
  const fayApi = await ApiClient.signedIn(server.base, 'f@council.example')
  const samApi = await ApiClient.signedIn(server.base, 's@council.example')

  // The case, its offer accepted, and its meeting with the aunt and the referrer.
  const opened = await fayApi.call('POST', '/api/cases', {
    title: CASE,
    children: [{ name: 'J', date_of_birth: '2018-04-02' }],
    parental_responsibility: [{ name: 'Lily', relationship: 'mother' }],
    referrer: 'Sam, social worker',
    received_on: dayFromToday(-30).iso,
  })
  const offer = await fayApi.call('POST', `/api/cases/${opened.id}/offers`, {
    parent_id: opened.parental_responsibility[0].id,
    offered_on: dayFromToday(-25).iso,
    method: 'in-person',
  })
  await fayApi.call('PUT', `/api/cases/${opened.id}/offers/${offer.id}`, { answer: 'accepted', answered_on: dayFromToday(-24).iso })
  const meeting = await fayApi.call('POST', '/api/meetings', { title: MEETING, case_id: opened.id })
  const rose = await fayApi.call('POST', `/api/meetings/${meeting.id}/participants`, { display_name: 'Rose', relationship: 'Aunt', kind: 'family' })
  await fayApi.call('POST', `/api/meetings/${meeting.id}/participants`, {
    display_name: 'Sam',
    relationship: 'Social worker',
    kind: 'practitioner',
    staff_email: 's@council.example',
    is_referrer: true,
  })
  const link = await fayApi.call('POST', `/api/meetings/${meeting.id}/participants/${rose.id}/links`, { access_code: false })

  // Rose writes an action and two lines of support into the plan from her phone.
  const rosePhone = await newPerson(browser, server.base, 'phone')
  await joinWithLink(rosePhone.page, server.base, link.url)
  await waitEditable(rosePhone.page, 'support_requested')
  await showActions(rosePhone.page)
  await rosePhone.page.getByRole('button', { name: 'Add an action' }).click()
  await rosePhone.page.getByLabel('What will happen, action 1').fill(ACTION)
  await rosePhone.page.getByLabel('Who, action 1').selectOption({ label: 'Rose (Aunt)' })
  await typeInto(rosePhone.page, 'support_requested', BED)
  await rosePhone.page.keyboard.press('Enter')
  await rosePhone.page.keyboard.type(CAR_SEAT, { delay: 5 })
  // Her edits travel in order on one connection: once the last line is stored, so is the action.
  const asked = await eventually(async () => {
    const lines = await fayApi.call('GET', `/api/cases/${opened.id}/support/asked?meeting_id=${meeting.id}`)
    return lines.length === 2 && lines[1] === CAR_SEAT ? lines : null
  }, 'both lines of support in the stored plan')
  assert.deepEqual(asked, [BED, CAR_SEAT])
  await rosePhone.context.close()

  // The plan is proposed, the referrer agrees, and it is final.
  await fayApi.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'agreement' })
  const proposal = await fayApi.call('POST', `/api/meetings/${meeting.id}/proposal`)
  await samApi.call('POST', `/api/meetings/${meeting.id}/proposal/decisions`, { version_hash: proposal.version_hash, decision: 'agreed', comment: '' })
  await fayApi.call('POST', `/api/meetings/${meeting.id}/proposal/close`)
  // The review was due yesterday; the other case has no meeting ten days after its referral.
  await fayApi.call('PUT', `/api/meetings/${meeting.id}/review-date`, { on: dayFromToday(-1).iso })
  // The other case's mother declined the offer, and the facilitator decided not to offer it again.
  const other = await fayApi.call('POST', '/api/cases', {
    title: OTHER_CASE,
    children: [{ name: 'K' }],
    parental_responsibility: [{ name: 'Kay', relationship: 'mother' }],
    received_on: dayFromToday(-10).iso,
  })
  const otherOffer = await fayApi.call('POST', `/api/cases/${other.id}/offers`, {
    parent_id: other.parental_responsibility[0].id,
    offered_on: dayFromToday(-8).iso,
    method: 'letter',
  })
  await fayApi.call('PUT', `/api/cases/${other.id}/offers/${otherOffer.id}`, { answer: 'declined', answered_on: dayFromToday(-7).iso, declined_reason: DECLINED_REASON })
  await fayApi.call('POST', `/api/cases/${other.id}/not-offering`, { reason: 'Kay has said no, and K is safe at home with her.' })
  Object.assign(journey, { caseId: opened.id, otherId: other.id, meetingId: meeting.id, fayApi })

  // The facilitator lands on her dashboard: both cases, and what is due, the most urgent first.
  const fay = await newPerson(browser, server.base)
  journey.fay = fay
  await signIn(fay.page, 'f@council.example')
  const cases = fay.page.getByTestId('dashboard-cases')
  await cases.getByRole('link', { name: CASE, exact: true }).waitFor()
  await cases.getByRole('link', { name: OTHER_CASE, exact: true }).waitFor()
  const due = fay.page.getByTestId('due').locator('tbody tr')
  await waitForText(due.first(), 'The review of', 5000)
  // The review was due yesterday; the other case's meeting is to be set within a fortnight of
  // its referral, four days from now: overdue first.
  assert.deepEqual(await due.evaluateAll((rows) => rows.map((row) => row.dataset.kind)), ['review-overdue', 'meeting-to-set'], 'the overdue review comes first')
  await waitForText(due.nth(0).locator('.govuk-tag--red'), 'Overdue', 1000)
  assert.equal(await due.nth(1).locator('.govuk-tag--red').count(), 0, 'a meeting to set in four days is not overdue')
  await waitForText(due.nth(1), 'No meeting is set up for this case yet', 1000)
  await due.nth(0).getByRole('link', { name: CASE, exact: true }).waitFor()
  await checkAccessibility(fay.page, 'the facilitator’s dashboard')
  await screenshot(fay.page, 'journey-dashboard-facilitator')

  // From the dashboard to the case, and its support section.
  await cases.getByRole('link', { name: CASE, exact: true }).click()
  await fay.page.getByRole('heading', { level: 1, name: CASE }).waitFor()
  const support = section(fay.page, 'support')
  await waitForText(support.getByTestId('approved-total'), '£0.00', 3000)
  await support.getByText('No support has been asked for yet.').waitFor()
  await support.getByRole('button', { name: `Ask for support from the plan of ${MEETING}` }).click()

  // The plan's two lines are the items; a cost with three decimal places is refused.
  const form = support.locator('form.kp-support-form')
  await form.getByRole('group', { name: 'Item 2' }).waitFor()
  const item1 = form.getByRole('group', { name: 'Item 1' })
  const item2 = form.getByRole('group', { name: 'Item 2' })
  assert.equal(await item1.getByLabel('What is needed').inputValue(), BED)
  assert.equal(await item2.getByLabel('What is needed').inputValue(), CAR_SEAT)
  await form.getByLabel('What is the support for?').fill(SUMMARY)
  await item1.getByLabel('Cost in pounds and pence').fill('12.345')
  await item2.getByLabel('Cost in pounds and pence').fill('60')
  await form.getByRole('button', { name: 'Ask for support', exact: true }).click()
  const tooPrecise = 'The cost of item 1 must have no more than 2 numbers after the decimal point, like 12.50'
  await waitForText(form.locator('.govuk-error-summary'), tooPrecise, 3000)
  await waitForText(item1.locator('.govuk-error-message'), tooPrecise, 1000)
  await checkAccessibility(fay.page, 'asking for support, refused')
  assert.equal((await fayApi.call('GET', `/api/cases/${opened.id}`)).support.length, 0, 'nothing was sent')

  // Corrected, the request is made in exact pence.
  await item1.getByLabel('Cost in pounds and pence').fill('149.99')
  await waitForText(form.getByTestId('support-total-preview'), 'Total: £209.99', 1000)
  await form.getByRole('button', { name: 'Ask for support', exact: true }).click()
  await support.getByRole('heading', { name: 'Support asked for' }).waitFor()
  const card = support.locator('[data-support]')
  await waitForText(card.getByTestId('support-status'), 'Awaiting a manager’s decision', 3000)
  await waitForText(card.getByTestId('support-total'), '£209.99', 1000)
  await card.getByText(BED).waitFor()
  const stored = (await fayApi.call('GET', `/api/cases/${opened.id}`)).support
  assert.deepEqual(stored[0].items.map((item) => [item.description, item.cost_pence]), [[BED, 14999], [CAR_SEAT, 6000]])
  assert.equal(stored[0].summary, SUMMARY)
  assert.equal(stored[0].meeting_id, meeting.id)
  // The facilitator holds the case but does not decide on it.
  assert.equal(await card.getByRole('button', { name: 'Record the decision' }).count(), 0)
  await checkAccessibility(fay.page, 'the case page with a support request')
  await screenshot(fay.page, 'journey-support-requested')

  // The manager's dashboard: the approval waiting, and the review overdue.
  const meg = await newPerson(browser, server.base)
  journey.meg = meg
  await signIn(meg.page, 'm@council.example')
  const approvals = meg.page.getByTestId('approvals')
  const supportWaiting = approvals.locator('tr[data-kind="support-approval"]')
  await waitForText(supportWaiting, '£209.99', 5000)
  await waitForText(supportWaiting, CASE, 1000)
  await waitForText(approvals.locator('tr[data-kind="not-offering-approval"]'), OTHER_CASE, 1000)
  await waitForText(meg.page.getByTestId('reviews-overdue'), CASE, 1000)
  await meg.page.getByRole('main').getByRole('link', { name: 'See the service’s figures' }).waitFor()
  await checkAccessibility(meg.page, 'the manager’s dashboard')
  await screenshot(meg.page, 'journey-dashboard-manager')

  // The approval's link opens the case at its support, where the manager approves with a reason.
  await supportWaiting.getByRole('link').first().click()
  await meg.page.getByRole('heading', { level: 1, name: CASE }).waitFor()
  const megSupport = section(meg.page, 'support')
  assert.equal(await meg.page.evaluate(() => window.location.hash), '#support')
  await megSupport.getByRole('button', { name: 'Record the decision' }).click()
  await waitForText(megSupport.locator('.govuk-error-summary'), 'Choose whether to approve or decline the request', 3000)
  await megSupport.getByLabel('Approve', { exact: true }).check()
  await megSupport.getByLabel('Reason for your decision').fill(APPROVAL_REASON)
  await megSupport.getByRole('button', { name: 'Record the decision' }).click()
  await megSupport.getByRole('heading', { name: 'Support approved' }).waitFor()
  await waitForText(megSupport.getByTestId('approved-total'), '£209.99', 3000)
  await waitForText(megSupport.getByTestId('support-status'), 'Approved', 1000)
  await megSupport.getByText(APPROVAL_REASON).waitFor()
  await checkAccessibility(meg.page, 'the case page with support approved')
  await screenshot(meg.page, 'journey-support-approved')
  await openFromMenu(meg.page, 'Dashboard')
  await meg.page.getByTestId('approvals').locator('tr[data-kind="not-offering-approval"]').waitFor()
  assert.equal(await meg.page.getByTestId('approvals').locator('tr[data-kind="support-approval"]').count(), 0, 'the decided request waits no more')

  // The facilitator sees the approved total on the case.
  await fay.page.reload()
  await waitForText(section(fay.page, 'support').getByTestId('approved-total'), '£209.99', 5000)
  await section(fay.page, 'support').getByText(APPROVAL_REASON).waitFor()
})

test('the facilitator moves the review date, and a review marks the agreed action done', { timeout: 150000 }, async () => {
  const { fay, fayApi, meetingId } = journey
  const page = fay.page

  // The overdue review on the dashboard links to the agreed plan's review date.
  await openFromMenu(page, 'Dashboard')
  const review = page.getByTestId('due').locator('tr[data-kind="review-overdue"]')
  await review.getByRole('link', { name: /The review of/ }).click()
  await page.getByRole('heading', { level: 1, name: 'Agreeing the plan' }).waitFor()
  const reviewSection = page.getByTestId('review-section')
  await waitForText(reviewSection.getByTestId('review-due'), dayFromToday(-1).year, 3000)
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'review', 'the link lands on the review part')
  const later = dayFromToday(20)
  await fillDate(reviewSection.getByRole('group', { name: 'Change the review date' }), later)
  await reviewSection.getByRole('button', { name: 'Save the review date' }).click()
  await reviewSection.getByRole('heading', { name: 'Review date saved' }).waitFor()
  assert.equal((await fayApi.call('GET', `/api/meetings/${meetingId}`)).review_due_on, later.iso)
  await checkAccessibility(page, 'the final plan with its review date')

  // On the dashboard the review is due now, no longer overdue.
  await openFromMenu(page, 'Dashboard')
  const dueSoon = page.getByTestId('due').locator('tr[data-kind="review-due"]')
  await dueSoon.waitFor()
  assert.equal(await dueSoon.locator('.govuk-tag--red').count(), 0)
  assert.equal(await page.getByTestId('due').locator('tr[data-kind="review-overdue"]').count(), 0)

  // The review meeting is set up from the agreed plan's page.
  await page.goBack()
  await page.getByRole('heading', { level: 1, name: 'Agreeing the plan' }).waitFor()
  await page.getByTestId('review-section').getByRole('button', { name: 'Set up the review meeting' }).click()
  await page.getByRole('heading', { level: 1, name: 'Review of the agreed plan' }).waitFor()
  const reviewId = /\/meetings\/([^/]+)\/review/.exec(page.url())[1]
  journey.reviewId = reviewId
  const action = page.locator('[data-action]')
  await action.getByRole('heading', { name: new RegExp(ACTION) }).waitFor()
  await waitForText(action, 'Rose', 1000)
  await waitForText(action.getByTestId('reviewed-status'), 'Not reviewed yet', 1000)
  await checkAccessibility(page, 'the review page')

  // The action is done, with a note.
  await action.getByRole('button', { name: /^Save/ }).click()
  await waitForText(action.locator('.govuk-error-message'), 'Choose how this action stands', 3000)
  await action.getByLabel('Done', { exact: true }).check()
  await action.getByLabel('Note (optional)').fill(REVIEW_NOTE)
  await action.getByRole('button', { name: /^Save/ }).click()
  await waitForText(action.getByRole('status'), 'Saved: Done.', 3000)
  await waitForText(action.getByTestId('reviewed-status'), 'Done', 1000)
  const recorded = await fayApi.call('GET', `/api/meetings/${reviewId}/review`)
  assert.equal(recorded.actions.length, 1)
  assert.equal(recorded.actions[0].action.what, ACTION)
  assert.deepEqual([recorded.actions[0].review.status, recorded.actions[0].review.note], ['done', REVIEW_NOTE])

  // Before anything changes, the review's plan is the agreed one.
  await page.getByRole('button', { name: 'What changed since the agreed plan' }).click()
  await waitForText(page.getByTestId('review-changes'), 'Nothing has changed since the agreed plan.', 5000)

  // The facilitator writes in the review's plan; the change shows against the agreed plan.
  await page.getByRole('navigation', { name: 'Meeting pages' }).getByRole('link', { name: 'Meeting room' }).click()
  await waitEditable(page, 'worries')
  await typeInto(page, 'worries', ` ${REVIEW_WORDS}`)
  await eventually(async () => {
    const diff = await fayApi.call('GET', `/api/meetings/${reviewId}/review/changes`)
    return diff.sections.some((changed) => changed.changes.some((change) => change.kind === 'insert' && change.text.includes('settled')))
  }, 'the change in the stored plan')
  await page.getByRole('navigation', { name: 'Meeting pages' }).getByRole('link', { name: 'Review of the agreed plan' }).click()
  await page.getByRole('heading', { level: 1, name: 'Review of the agreed plan' }).waitFor()
  await waitForText(page.locator('[data-action]').getByTestId('reviewed-status'), 'Done', 3000)
  await page.getByRole('button', { name: 'What changed since the agreed plan' }).click()
  await waitForText(page.getByTestId('review-changes').locator('ins'), 'settled at school', 5000)
  await checkAccessibility(page, 'the review page with what changed')
  await screenshot(page, 'journey-review')
})

test('the manager reads the figures as charts and tables, and downloads them', { timeout: 150000 }, async () => {
  const { meg, fay } = journey
  const megApi = await ApiClient.signedIn(server.base, 'm@council.example')
  const page = meg.page
  await openFromMenu(page, 'Figures', 'The service’s figures')
  // Meg puts Fay in the North team on the page.
  await page.getByTestId('teams').locator('summary').click()
  await page.getByLabel('Team of Fay').fill('North')
  await page.getByTestId('teams').getByRole('button', { name: 'Save' }).first().click()
  await waitForText(page.getByTestId('team-saved'), 'Fay is in the team North.', 5000)
  const staff = await megApi.call('GET', '/api/users')
  assert.equal(staff.find((user) => user.email === 'f@council.example').team, 'North')
  const charts = page.locator('canvas[role="img"]')
  await eventually(async () => (await charts.count()) === 5, 'five charts')
  // Each chart is drawn, named with its numbers, and has its table beside it.
  for (const chart of await charts.all()) {
    assert.match(await chart.getAttribute('aria-label'), /^Bar chart of [^.]+\. .+: \D*\d/)
    assert.ok(await chart.evaluate((canvas) => canvas.width > 0 && canvas.height > 0), 'the chart has a size')
  }
  assert.equal(await page.locator('table.kp-figure-table caption').count(), 5)

  // The tables hold the server's figures for the range the page shows: the last 12 months.
  const href = await page.getByTestId('figures-csv').getAttribute('href')
  const query = new URL(href, server.base).searchParams
  assert.equal(query.get('to'), dayFromToday(0).iso)
  const figures = await megApi.call('GET', `/api/figures?${query}`)
  assert.deepEqual([figures.offers.made, figures.offers.accepted, figures.offers.declined], [2, 1, 1])
  const expectations = [
    ['offers', 'Offers made', 'Number', figures.offers.made],
    ['offers', 'Accepted', 'Number', figures.offers.accepted],
    ['meetings', 'Meetings held', 'Number', figures.meetings_held],
    ['meetings', 'Plans agreed at the first meeting', 'Number', figures.plans_agreed_at_first_meeting],
    ['support', 'Requested', 'Requests', figures.support.requested],
    ['support', 'Approved', 'Requests', figures.support.approved],
  ]
  for (const [block, row, series, value] of expectations) {
    assert.equal((await figureCell(page, block, row, series).innerText()).trim(), String(value), `${row} in ${block}`)
  }
  // Offers came 5 and 2 days after their referrals: the median is 2 days, the 90th percentile 5.
  assert.deepEqual([figures.referral_to_offer.median_days, figures.referral_to_offer.p90_days], [2, 5])
  assert.equal((await figureCell(page, 'waits', 'Referral to the first offer', 'Median').innerText()).trim(), '2 days')
  assert.equal((await figureCell(page, 'waits', 'Referral to the first offer', '90th percentile').innerText()).trim(), '5 days')
  await waitForText(page.getByTestId('table-support'), '£209.99', 1000)
  assert.equal((await page.getByTestId('declined-reasons').locator('li').innerText()).trim(), `${DECLINED_REASON} (1 time)`)
  await page.getByTestId('not-offered-reasons').getByText('No decision not to offer was approved on these days.').waitFor()
  await checkAccessibility(page, 'the figures page')
  await screenshot(page, 'journey-figures')

  // The CSV link downloads the same figures as text/csv.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figures-csv').click()])
  assert.match(download.suggestedFilename(), /\.csv$/)
  const csv = await readFile(await download.path(), 'utf8')
  assert.match(csv, /^figure,detail,value\r?\n/)
  assert.match(csv, /\noffers_made,,2\r?\n/)
  assert.match(csv, new RegExp(`\\ndeclined_reason,${DECLINED_REASON},1\\r?\\n`))
  const answer = await page.request.get(new URL(href, server.base).toString())
  assert.equal(answer.status(), 200)
  assert.match(answer.headers()['content-type'], /^text\/csv/)

  // One team: the select lists it, and the figures and the CSV link follow.
  await page.getByLabel('Team', { exact: true }).selectOption('North')
  await page.getByRole('button', { name: 'Show the figures' }).click()
  await waitForText(page.getByTestId('figures').locator('h2').first(), 'Team: North', 5000)
  assert.equal(new URL(await page.getByTestId('figures-csv').getAttribute('href'), server.base).searchParams.get('team'), 'North')
  assert.equal((await figureCell(page, 'offers', 'Offers made', 'Number').innerText()).trim(), '2')
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'All teams' })
  await page.getByLabel('Facilitator').selectOption({ label: 'Fay (f@council.example)' })
  await page.getByRole('button', { name: 'Show the figures' }).click()
  await waitForText(page.getByTestId('figures').locator('h2').first(), 'Cases held by Fay', 5000)

  // A facilitator has no link to the figures, and opening them is refused plainly.
  assert.equal(await fay.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Figures' }).count(), 0)
  await fay.page.goto('/figures')
  await fay.page.getByRole('heading', { level: 1, name: 'The service’s figures' }).waitFor()
  await waitForText(fay.page.locator('.govuk-error-summary'), 'Only a manager can see the service’s figures.', 5000)
  assert.equal(await fay.page.locator('canvas').count(), 0, 'nothing of the figures is drawn')
  await checkAccessibility(fay.page, 'the figures page refused')

  for (const person of [meg, fay]) await person.context.close()
})
