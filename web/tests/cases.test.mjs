// Cases in the browser: a facilitator opens a case from a referral (a date of birth in the future
// is refused first, with the server's message at that child's date and everything typed kept),
// finds it on the cases page, changes the referral, offers a meeting to one parent and records their
// acceptance, sets the care application's day and sees the warning while no meeting has been held,
// sets up the case's first meeting and finds it linked; once the meeting is held the warning goes.
// On another case the facilitator decides not to offer: they see no Approve button and the server
// refuses them anyway; a manager refuses it with a reason (an empty one asked for), the facilitator
// decides again, and the manager approves that. Axe on each state.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, checkAccessibility, newPerson, openFromMenu, screenshot, serverAndBrowserForThisFile, signIn, waitForText } from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile(
  [
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 'm@council.example', name: 'Meg', role: 'manager' },
  ],
  (started, launched) => {
    server = started
    browser = launched
  },
)

const CASE = 'T and J'
const OTHER_CASE = 'R'
const WORRIES = 'Mum’s health\n<b>School</b> attendance'
const BEST_INTERESTS = 'Dad has a non-molestation order; a meeting would put Mum and R at risk.'
const REFUSAL = 'Kim has not been asked in person yet.'

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

const section = (page, key) => page.locator(`[data-section="${key}"]`)
/** The value beside `key` in a summary list. */
const valueOf = (list, key) => list.locator('.govuk-summary-list__row').filter({ has: list.page().locator('dt', { hasText: key }) }).locator('dd')
const caseRow = (page, title) => page.getByTestId('cases').locator('tbody tr').filter({ has: page.getByRole('link', { name: title, exact: true }) })

async function openCasesFromMenu(page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Cases', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor()
}

test('a facilitator opens a case from a referral, records the offer and its answer, and sets up its meeting', { timeout: 170000 }, async () => {
  const fayApi = await ApiClient.signedIn(server.base, 'f@council.example')
  const fay = await newPerson(browser, server.base)
  const page = fay.page
  await signIn(page, 'f@council.example')
  // The meetings page points to the cases.
  await openFromMenu(page, 'Meetings')
  await page.getByRole('main').getByRole('link', { name: 'See your cases' }).waitFor()
  await openCasesFromMenu(page)
  await waitForText(page.getByRole('main'), 'You have no cases yet.', 5000)
  await checkAccessibility(page, 'the cases page, empty')

  // The referral, with the first child's date of birth a year ahead.
  const future = dayFromToday(366)
  const received = dayFromToday(-3)
  await page.getByLabel('Name of the case').fill(CASE)
  const child1 = page.getByRole('group', { name: 'Child 1' })
  await child1.getByLabel('Name', { exact: true }).fill('Tom')
  await fillDate(child1.getByRole('group', { name: 'Date of birth' }), future)
  await child1.getByLabel('Case-system ID (optional)').fill('LCS-1001')
  await page.getByRole('button', { name: 'Add another child' }).click()
  const child2 = page.getByRole('group', { name: 'Child 2' })
  await child2.getByLabel('Name', { exact: true }).fill('Jay')
  await fillDate(child2.getByRole('group', { name: 'Date of birth' }), { day: '2', month: '9', year: '2019' })
  const person1 = page.getByRole('group', { name: 'Person 1' })
  await person1.getByLabel('Name', { exact: true }).fill('Lily Jones')
  await person1.getByLabel('Relationship to the children').fill('mother')
  await page.getByRole('button', { name: 'Add another person' }).click()
  const person2 = page.getByRole('group', { name: 'Person 2' })
  await person2.getByLabel('Name', { exact: true }).fill('Dan Jones')
  await person2.getByLabel('Relationship to the children').fill('father')
  await page.getByLabel('Who referred the family').fill('Sam Lee, social worker')
  await page.getByLabel('Family Help Lead Practitioner').fill('Priya Shah')
  await page.getByLabel('Reason for the referral').fill('Neglect concerns raised by school.')
  await page.getByLabel('Worries').fill(WORRIES)
  await page.getByLabel('Bottom lines').fill('Tom and Jay are at school every day.')
  await page.getByLabel('Questions for the family').fill('Who can take the children to school?')
  await fillDate(page.getByRole('group', { name: 'Day the referral was received' }), received)
  await page.getByRole('button', { name: 'Open the case' }).click()

  // The server refuses the date of birth: the summary links to the first child's date, the
  // message stands beside it, and nothing typed is lost.
  const summary = page.locator('.govuk-error-summary')
  await waitForText(summary, 'A date of birth cannot be in the future.', 5000)
  await waitForText(child1.locator('.govuk-error-message'), 'A date of birth cannot be in the future.', 3000)
  await summary.getByRole('link', { name: 'A date of birth cannot be in the future.' }).click()
  const dayBox = child1.getByRole('group', { name: 'Date of birth' }).getByLabel('Day', { exact: true })
  assert.equal(await dayBox.evaluate((element) => element === document.activeElement), true, 'the link goes to the child’s date')
  assert.equal(await page.getByLabel('Name of the case').inputValue(), CASE)
  assert.equal(await child2.getByLabel('Name', { exact: true }).inputValue(), 'Jay')
  assert.equal(await child1.getByLabel('Case-system ID (optional)').inputValue(), 'LCS-1001')
  assert.equal(await person2.getByLabel('Name', { exact: true }).inputValue(), 'Dan Jones')
  assert.equal(await page.getByLabel('Worries').inputValue(), WORRIES)
  assert.equal(await page.getByRole('group', { name: 'Day the referral was received' }).getByLabel('Year', { exact: true }).inputValue(), received.year)
  assert.equal(await child1.getByRole('group', { name: 'Date of birth' }).getByLabel('Year', { exact: true }).inputValue(), future.year)
  await checkAccessibility(page, 'the referral form refused')
  await screenshot(page, 'cases-referral-refused')

  // Corrected, the case opens on its own page.
  await child1.getByRole('group', { name: 'Date of birth' }).getByLabel('Year', { exact: true }).fill('2016')
  await page.getByRole('button', { name: 'Open the case' }).click()
  await page.getByRole('heading', { level: 1, name: CASE }).waitFor()
  await page.getByRole('heading', { name: 'Case opened' }).waitFor()
  const caseUrl = new URL(page.url()).pathname
  assert.match(caseUrl, /^\/cases\/[^/]+$/)
  const caseId = caseUrl.split('/')[2]
  const referral = page.getByTestId('referral')
  await waitForText(referral, 'Tom, born', 3000)
  await waitForText(referral, 'case-system ID LCS-1001', 3000)
  await waitForText(referral, 'Lily Jones (mother)', 3000)
  // What people wrote stays text: the worries keep their markup as words.
  await waitForText(referral, '<b>School</b> attendance', 3000)
  assert.equal(await referral.locator('b').count(), 0)
  await checkAccessibility(page, 'a case just opened')

  // It is listed, with its children, the day received, no meetings and no offer yet.
  await openCasesFromMenu(page)
  const row = caseRow(page, CASE)
  await waitForText(row, 'Tom, Jay', 5000)
  await waitForText(row.locator('.govuk-tag'), 'Not offered yet', 3000)
  assert.equal((await row.locator('td').nth(3).textContent()).trim(), '0')
  await checkAccessibility(page, 'the cases page with a case')
  await screenshot(page, 'cases-list')

  // The facilitator changes the referral: the new lead practitioner is shown.
  await page.getByRole('link', { name: CASE, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: CASE }).waitFor()
  await section(page, 'referral').getByRole('button', { name: 'Change the referral' }).click()
  const lead = section(page, 'referral').getByLabel('Family Help Lead Practitioner')
  assert.equal(await lead.inputValue(), 'Priya Shah', 'the form starts from the referral')
  await lead.fill('Priya Shah, Family Help')
  await checkAccessibility(page, 'changing the referral')
  await section(page, 'referral').getByRole('button', { name: 'Save the referral' }).click()
  await page.getByRole('heading', { name: 'Referral saved' }).waitFor()
  await waitForText(page.getByTestId('referral'), 'Priya Shah, Family Help', 3000)

  // A meeting is offered to Lily in the letter before proceedings, and she accepts.
  const lily = section(page, 'offer').locator('.kp-parent-offers').filter({ has: page.getByRole('heading', { name: 'Lily Jones' }) })
  const today = dayFromToday(0)
  await lily.locator('summary', { hasText: 'Record an offer' }).click()
  await fillDate(lily.getByRole('group', { name: 'Day of the offer' }), today)
  await lily.getByLabel('In the letter before proceedings').check()
  await lily.getByRole('button', { name: 'Record the offer' }).click()
  await page.getByRole('heading', { name: 'Offer recorded' }).waitFor()
  const lilyAgain = section(page, 'offer').locator('.kp-parent-offers').filter({ has: page.getByRole('heading', { name: 'Lily Jones' }) })
  const offerRow = lilyAgain.locator('tbody tr')
  await waitForText(offerRow.locator('td').nth(2), 'Awaiting an answer', 3000)
  await waitForText(offerRow.locator('td').nth(1), 'In the letter before proceedings', 3000)
  await checkAccessibility(page, 'a case with an offer awaiting an answer')
  await offerRow.locator('summary', { hasText: 'Record the answer' }).click()
  await offerRow.getByLabel('Accepted').check()
  await fillDate(offerRow.getByRole('group', { name: 'Day of the answer' }), today)
  await offerRow.getByRole('button', { name: 'Save the answer' }).click()
  await page.getByRole('heading', { name: 'Answer saved' }).waitFor()
  const answered = section(page, 'offer').locator('tbody tr').first()
  await waitForText(answered.locator('td').nth(2), 'Accepted', 3000)
  assert.equal((await answered.locator('td').nth(3).textContent()).trim(), new Date(`${today.iso}T12:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }))
  const dan = section(page, 'offer').locator('.kp-parent-offers').filter({ has: page.getByRole('heading', { name: 'Dan Jones' }) })
  await waitForText(dan, 'No offer recorded yet.', 3000)

  // The care application in a month: with an accepted offer and no meeting held, the warning shows.
  const inAMonth = dayFromToday(30)
  const care = section(page, 'care-application')
  await fillDate(care.getByRole('group', { name: 'Day of the care or supervision application' }), inAMonth)
  await care.getByRole('button', { name: 'Save the day' }).click()
  await page.getByRole('heading', { name: 'Application day saved' }).waitFor()
  const warning = page.getByTestId('offer-warning').locator('.govuk-warning-text')
  await waitForText(warning, 'the meeting must be held before the care application', 3000)
  const standing = page.getByTestId('offer-standing')
  assert.equal((await valueOf(standing, 'Held before the application').textContent()).trim(), 'Not yet')
  await checkAccessibility(page, 'a case with the warning')
  await screenshot(page, 'case-warning')

  // The case's first meeting: set up from the case, listed and linked there.
  await section(page, 'meetings').getByRole('button', { name: 'Set up the first meeting' }).click()
  await page.getByRole('heading', { name: 'Meeting set up' }).waitFor()
  const meetingLink = page.getByTestId('case-meetings').getByRole('link', { name: CASE, exact: true })
  const href = await meetingLink.getAttribute('href')
  assert.match(href, /^\/meetings\/[^/]+$/)
  const meetingId = href.split('/')[2]
  const meeting = await fayApi.call('GET', `/api/meetings/${meetingId}`)
  assert.equal(meeting.case_id, caseId, 'the meeting belongs to the case')
  // Set up is not held: the warning stays while the meeting is in preparation.
  await waitForText(page.getByTestId('offer-warning'), 'the meeting must be held', 3000)
  await checkAccessibility(page, 'a case with its first meeting')

  // Once the meeting has been held, the warning goes and the case says it was held in time.
  await fayApi.call('PUT', `/api/meetings/${meetingId}/stage`, { stage: 'information' })
  await page.reload()
  await page.getByRole('heading', { level: 1, name: CASE }).waitFor()
  assert.equal((await valueOf(page.getByTestId('offer-standing'), 'Held before the application').textContent()).trim(), 'Yes')
  assert.equal(await page.getByTestId('offer-warning').locator('.govuk-warning-text').count(), 0)
  await meetingLink.click()
  await page.waitForURL(`**/meetings/${meetingId}`)
  await openCasesFromMenu(page)
  await waitForText(caseRow(page, CASE).locator('.govuk-tag'), 'Held', 5000)
  assert.equal((await caseRow(page, CASE).locator('td').nth(3).textContent()).trim(), '1')

  await fay.context.close()
})

test('a decision not to offer waits for a manager, who alone approves it', { timeout: 120000 }, async () => {
  const fayApi = await ApiClient.signedIn(server.base, 'f@council.example')
  const other = await fayApi.call('POST', '/api/cases', {
    title: OTHER_CASE,
    children: [{ name: 'Rae', date_of_birth: '2014-05-05' }],
    parental_responsibility: [{ name: 'Kim', relationship: 'mother' }],
  })

  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/cases/${other.id}`)
  await fay.page.getByRole('heading', { level: 1, name: OTHER_CASE }).waitFor()
  const notOffering = section(fay.page, 'not-offering')
  await notOffering.locator('summary', { hasText: 'Decide not to offer a meeting' }).click()
  // An empty reason is asked for.
  await notOffering.getByRole('button', { name: 'Record the decision not to offer' }).click()
  await waitForText(notOffering.locator('.govuk-error-summary'), 'Enter why a meeting would not be in the child’s best interests', 3000)
  await notOffering.getByLabel('Why would offering a meeting not be in the child’s best interests?').fill(BEST_INTERESTS)
  await notOffering.getByRole('button', { name: 'Record the decision not to offer' }).click()
  await fay.page.getByRole('heading', { name: 'Decision recorded' }).waitFor()
  const decision = section(fay.page, 'not-offering').locator('[data-decision]')
  await waitForText(decision.locator('.govuk-tag'), 'Awaiting a manager’s approval', 3000)
  await waitForText(decision, BEST_INTERESTS, 3000)
  assert.equal(await fay.page.getByRole('button', { name: 'Approve the decision not to offer' }).count(), 0, 'a facilitator sees no Approve button')
  await checkAccessibility(fay.page, 'a decision not to offer awaiting approval')
  const decisionId = await decision.getAttribute('data-decision')
  await assert.rejects(fayApi.call('POST', `/api/cases/${other.id}/not-offering/${decisionId}/approve`), /403/, 'the server refuses a facilitator')
  await openCasesFromMenu(fay.page)
  await waitForText(caseRow(fay.page, OTHER_CASE).locator('.govuk-tag'), 'Awaiting approval', 5000)

  // The manager finds the case in the list, reads it without forms, and approves the decision.
  const meg = await newPerson(browser, server.base)
  const page = meg.page
  await signIn(page, 'm@council.example')
  await openCasesFromMenu(page)
  await waitForText(caseRow(page, OTHER_CASE).locator('.govuk-tag'), 'Awaiting approval', 5000)
  assert.equal(await page.getByRole('heading', { name: 'Open a case from a referral' }).count(), 0, 'a manager opens no cases')
  await checkAccessibility(page, 'the cases page for a manager')
  await page.getByRole('link', { name: OTHER_CASE, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: OTHER_CASE }).waitFor()
  assert.equal(await page.getByRole('button', { name: 'Change the referral' }).count(), 0)
  assert.equal(await page.locator('summary', { hasText: 'Record an offer' }).count(), 0)
  assert.equal(await page.getByRole('button', { name: 'Save the day' }).count(), 0)
  await checkAccessibility(page, 'a case for the manager')
  // The manager refuses the first decision, with the reason; the facilitator decides again.
  const managerSection = section(page, 'not-offering')
  await managerSection.locator('summary', { hasText: 'Refuse the decision' }).click()
  await managerSection.getByRole('button', { name: 'Refuse the decision not to offer' }).click()
  await waitForText(managerSection.locator('.govuk-error-summary'), 'Enter why you refuse the decision', 3000)
  await managerSection.getByLabel('Why do you refuse the decision?').fill(REFUSAL)
  await managerSection.getByRole('button', { name: 'Refuse the decision not to offer' }).click()
  await page.getByRole('heading', { name: 'Decision refused' }).waitFor()
  await waitForText(managerSection.locator(`[data-decision="${decisionId}"] .govuk-tag`), 'Refused', 3000)
  await waitForText(managerSection.locator(`[data-decision="${decisionId}"]`), REFUSAL, 3000)
  await checkAccessibility(page, 'a decision not to offer refused')
  await fayApi.call('POST', `/api/cases/${other.id}/not-offering`, { reason: BEST_INTERESTS })
  await page.reload()
  await page.getByRole('heading', { level: 1, name: OTHER_CASE }).waitFor()
  await page.getByRole('button', { name: 'Approve the decision not to offer' }).click()
  await page.getByRole('heading', { name: 'Decision approved' }).waitFor()
  await waitForText(section(page, 'not-offering').locator('[data-decision]').last().locator('.govuk-tag'), 'Approved', 3000)
  assert.equal(await page.getByRole('button', { name: 'Approve the decision not to offer' }).count(), 0)
  assert.equal((await valueOf(page.getByTestId('offer-standing'), 'Decision not to offer approved').textContent()).trim(), 'Yes')
  await checkAccessibility(page, 'a decision not to offer approved')
  await screenshot(page, 'case-not-offering-approved')
  await openCasesFromMenu(page)
  assert.equal((await caseRow(page, OTHER_CASE).locator('.govuk-tag').textContent()).trim(), 'Not offered')

  // The facilitator now sees it in force, and no form to decide again.
  await fay.page.goto(`/cases/${other.id}`)
  await waitForText(section(fay.page, 'not-offering').locator('[data-decision]').last().locator('.govuk-tag'), 'Approved', 5000)
  assert.equal(await fay.page.locator('summary', { hasText: 'Decide not to offer a meeting' }).count(), 0)

  for (const person of [fay, meg]) await person.context.close()
})
