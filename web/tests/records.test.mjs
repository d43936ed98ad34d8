// The manager's records page, in the browser: a manager changes a retention rule (a period the
// server cannot read is refused, with the reason beside what was typed); a check a year ahead lists
// a closed meeting as due and a held one as kept, and deleting after the confirmation removes the
// first from the meetings; erasing the held meeting is refused with the hold's message, and after
// lifting the hold it is erased and its tombstone listed; erasing one person says what was kept;
// a subject access request saves the server's archive, with the third party ticked as consented
// named and the other left out; a facilitator sees no link to the page and a plain refusal when
// opening it. Axe on each state.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { ApiClient, checkAccessibility, newPerson, screenshot, serverAndBrowserForThisFile, setUpMeeting, signIn, waitForText } from './harness.mjs'

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

const HOLD_REASON = 'Court proceedings: keep everything until the judgment.'
const LIFT_REASON = 'The judgment was given and the appeal time is over.'
const ERASE_REASON = 'Entered in the wrong family’s meeting.'
const PERSON_REASON = 'A successful erasure request from Mum.'

const AUNT = 'Aunt Sue'
const AUNT_PHONE = '07700 900777'

const section = (page, key) => page.locator(`[data-section="${key}"]`)

/** The day a year from now, as the date input's three boxes take it. */
function aYearAhead() {
  const later = new Date(Date.now() + 366 * 24 * 60 * 60 * 1000)
  return { day: String(later.getUTCDate()), month: String(later.getUTCMonth() + 1), year: String(later.getUTCFullYear()) }
}

/** The files in a ZIP archive by name (stored or deflated), read from its central directory. */
function readZip(bytes) {
  let end = bytes.length - 22
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end -= 1
  assert.ok(end >= 0, 'a ZIP archive')
  const files = new Map()
  let at = bytes.readUInt32LE(end + 16)
  for (let index = 0; index < bytes.readUInt16LE(end + 10); index += 1) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50)
    const method = bytes.readUInt16LE(at + 10)
    const size = bytes.readUInt32LE(at + 20)
    const nameLength = bytes.readUInt16LE(at + 28)
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const local = bytes.readUInt32LE(at + 42)
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    const data = bytes.subarray(start, start + size)
    files.set(name, method === 8 ? inflateRawSync(data) : data)
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  return files
}

async function optionLabels(select) {
  return select.evaluate((element) => [...element.options].map((option) => option.textContent))
}

test('a manager sets a rule, applies the rules, holds, lifts and erases; nobody else may', { timeout: 170000 }, async () => {
  const fayApi = await ApiClient.signedIn(server.base, 'f@council.example')
  const ava = await setUpMeeting(fayApi, 'Plan for Ava', [
    { display_name: 'Ava', relationship: 'The child', kind: 'child' },
    { display_name: 'Gran', relationship: 'Grandmother', kind: 'family' },
  ])
  const ben = await setUpMeeting(fayApi, 'Plan for Ben', [{ display_name: 'Ben', relationship: 'The child', kind: 'child' }])
  const cara = await setUpMeeting(fayApi, 'Plan for Cara', [
    { display_name: 'Cara', relationship: 'The child', kind: 'child' },
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', link: 'plain' },
    { display_name: 'Uncle Joe', relationship: 'Uncle', kind: 'family' },
    { display_name: AUNT, relationship: 'Aunt', kind: 'family' },
  ])
  await fayApi.call('PUT', `/api/meetings/${cara.meeting.id}/participants/${cara.people[AUNT].id}/contact`, { phones: [AUNT_PHONE], visibility: 'network' })
  for (const { meeting } of [ava, ben]) await fayApi.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'closed' })

  // Mum saves a version of Cara's plan, so erasing her data keeps that signed record.
  const mumApi = new ApiClient(server.base)
  await mumApi.call('POST', '/api/join', { secret: new URL(cara.links.Mum.url).hash.slice(1) })
  const notice = await mumApi.call('GET', `/api/meetings/${cara.meeting.id}/consent`)
  await mumApi.call('POST', `/api/meetings/${cara.meeting.id}/consent`, {
    notice_version: notice.notice.version,
    takes_part: true,
    shares_information: true,
    supported_by: null,
  })
  await mumApi.call('POST', `/api/meetings/${cara.meeting.id}/versions`, { label: 'Our first draft' })

  // The manager finds the page from the navigation.
  const meg = await newPerson(browser, server.base)
  const page = meg.page
  await signIn(page, 'm@council.example')
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Records', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Records and data protection' }).waitFor()
  const meetingRule = page.locator('[data-record-type="meeting"]')
  await waitForText(meetingRule.getByTestId('rule'), '25 years from the meeting', 5000)
  await checkAccessibility(page, 'the records page')
  await screenshot(page, 'records-page')

  // A period the server cannot read is refused, with its reason, and what was typed stays.
  await meetingRule.locator('summary').click()
  const keep = meetingRule.getByLabel('Keep for')
  assert.equal(await keep.inputValue(), '25y')
  await keep.fill('3w')
  await meetingRule.getByRole('button', { name: 'Save the rule' }).click()
  const ruleErrors = meetingRule.locator('.govuk-error-summary')
  await waitForText(ruleErrors, 'is not a period: give a whole number and d, m or y', 5000)
  await waitForText(meetingRule.locator('.govuk-error-message'), 'is not a period', 3000)
  assert.equal(await keep.inputValue(), '3w', 'the input keeps what was typed')
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'the summary takes focus')
  await checkAccessibility(page, 'a refused rule')

  // Meetings are now kept 30 days from their closure.
  await keep.fill('30d')
  await meetingRule.getByLabel('Counted from').selectOption({ label: 'The meeting’s closure' })
  await meetingRule.getByRole('button', { name: 'Save the rule' }).click()
  await section(page, 'rules').getByRole('heading', { name: 'Rule saved' }).waitFor()
  await waitForText(page.locator('[data-record-type="meeting"]').getByTestId('rule'), "30 days from the meeting's closure", 5000)
  await waitForText(page.locator('[data-record-type="meeting"]'), 'Meg (you)', 3000)

  // A hold on Ben's meeting; the reason is required.
  const holds = section(page, 'holds')
  await holds.getByLabel('Meeting', { exact: true }).selectOption({ label: 'Plan for Ben' })
  assert.equal(await holds.getByLabel('The whole meeting').isChecked(), true)
  await holds.getByRole('button', { name: 'Place the hold' }).click()
  await waitForText(holds.locator('.govuk-error-summary'), 'Enter the reason for the hold', 3000)
  await holds.getByLabel('Reason for the hold').fill(HOLD_REASON)
  await holds.getByRole('button', { name: 'Place the hold' }).click()
  await holds.getByRole('heading', { name: 'Hold placed' }).waitFor()
  const inForce = holds.getByTestId('holds-in-force')
  await waitForText(inForce, 'Plan for Ben', 3000)
  await waitForText(inForce, HOLD_REASON, 3000)
  await checkAccessibility(page, 'a hold placed')

  // A check a year ahead: Ava's meeting is due, Ben's kept by the hold. The button shows it is busy.
  const run = section(page, 'run')
  const ahead = aYearAhead()
  await run.getByLabel('Day').fill(ahead.day)
  await run.getByLabel('Month').fill(ahead.month)
  await run.getByLabel('Year').fill(ahead.year)
  let releaseRun
  const held = new Promise((resolve) => (releaseRun = resolve))
  await page.route('**/api/retention/run', async (route) => {
    await held
    await route.continue()
  })
  await run.getByRole('button', { name: 'Check what would be deleted' }).click()
  const busy = run.getByRole('button', { name: 'Checking…' })
  await busy.waitFor()
  assert.equal(await busy.isDisabled(), true)
  await waitForText(run.getByRole('status'), 'Checking…', 3000)
  releaseRun()
  await run.getByRole('heading', { name: /^What would be deleted as of / }).waitFor()
  await page.unroute('**/api/retention/run')
  const due = run.getByTestId('due')
  await waitForText(due, 'Plan for Ava', 3000)
  await waitForText(due, 'Meetings, with their plans and versions', 3000)
  assert.equal(await due.getByText('Plan for Ben').count(), 0, 'a held meeting is not listed as going')
  assert.equal(await due.getByText('Plan for Cara').count(), 0, 'an open meeting is not due')
  const keptRow = run.getByTestId('held').locator('tr', { hasText: 'Plan for Ben' })
  await waitForText(keptRow, `Kept on hold: ${HOLD_REASON}`, 3000)
  await checkAccessibility(page, 'a check of what would be deleted')
  await screenshot(page, 'records-dry-run')

  // Deleting asks first, then lists what went.
  await run.getByRole('button', { name: 'Delete these now' }).click()
  await run.getByRole('heading', { name: 'Are you sure?' }).waitFor()
  await waitForText(run.locator('.govuk-warning-text'), 'It cannot be undone.', 3000)
  await checkAccessibility(page, 'the confirmation before deleting')
  await run.getByRole('button', { name: 'Yes, delete them now' }).click()
  await run.getByRole('heading', { name: 'Deleted' }).waitFor()
  await waitForText(run.getByTestId('deleted'), 'Plan for Ava', 3000)
  await waitForText(run.getByTestId('held'), 'Plan for Ben', 3000)
  await checkAccessibility(page, 'what was deleted')
  assert.ok(!(await optionLabels(holds.getByLabel('Meeting', { exact: true }))).includes('Plan for Ava'), 'a deleted meeting is no longer offered')
  await waitForText(section(page, 'erasure').getByTestId('erasures'), "Retention rule: 30 days from the meeting's closure", 3000)

  // Erasing Ben's meeting is refused while the hold is in force, with the server's reason.
  const erasure = section(page, 'erasure')
  await erasure.getByLabel('Meeting', { exact: true }).selectOption({ label: 'Plan for Ben' })
  await erasure.getByLabel('Reason for the erasure').fill(ERASE_REASON)
  await erasure.getByRole('button', { name: 'Continue' }).click()
  await erasure.getByRole('heading', { name: 'Check before you erase' }).waitFor()
  await waitForText(erasure.locator('.kp-erase-check'), 'Erasing cannot be undone.', 3000)
  await waitForText(erasure.locator('.kp-erase-check'), 'A legal hold stops an erasure', 3000)
  await waitForText(erasure.locator('.kp-erase-check'), 'The whole meeting “Plan for Ben”', 3000)
  await checkAccessibility(page, 'the check before erasing')
  await screenshot(page, 'records-erase-check')
  await erasure.getByRole('button', { name: 'Yes, erase the meeting' }).click()
  await waitForText(erasure.locator('.govuk-error-summary'), 'under a legal hold', 5000)
  await waitForText(erasure.locator('.govuk-error-summary'), 'lift the hold before erasing it', 3000)
  assert.equal(await erasure.getByLabel('Reason for the erasure').inputValue(), ERASE_REASON, 'the form keeps what was given')
  await checkAccessibility(page, 'a refused erasure')

  // Lifting the hold needs a reason; then it is listed as lifted.
  const benHold = holds.getByTestId('holds-in-force').locator('tr', { hasText: 'Plan for Ben' })
  await benHold.locator('summary').click()
  await benHold.getByRole('button', { name: 'Lift the hold' }).click()
  await waitForText(benHold.locator('.govuk-error-summary'), 'Enter why the hold is lifted', 3000)
  await benHold.getByLabel('Why is the hold lifted?').fill(LIFT_REASON)
  await benHold.getByRole('button', { name: 'Lift the hold' }).click()
  await holds.getByRole('heading', { name: 'Hold lifted' }).waitFor()
  await holds.getByTestId('no-holds').waitFor()
  await waitForText(holds.getByTestId('holds-lifted'), `Why: ${LIFT_REASON}`, 3000)
  await checkAccessibility(page, 'a hold lifted')

  // Now the meeting is erased, and its tombstone listed.
  await erasure.getByLabel('Meeting', { exact: true }).selectOption({ label: 'Plan for Ben' })
  await erasure.getByLabel('Reason for the erasure').fill(ERASE_REASON)
  await erasure.getByRole('button', { name: 'Continue' }).click()
  await erasure.getByRole('button', { name: 'Yes, erase the meeting' }).click()
  await erasure.getByRole('heading', { name: 'Erased' }).waitFor()
  await waitForText(erasure.locator('.kp-erase-done'), 'The meeting “Plan for Ben” was erased.', 3000)
  const tombstone = erasure.getByTestId('erasures').locator('tr', { hasText: ERASE_REASON })
  await waitForText(tombstone, 'A whole meeting', 3000)
  await waitForText(tombstone, 'Meg (you)', 3000)
  assert.ok(!(await optionLabels(erasure.getByLabel('Meeting', { exact: true }))).includes('Plan for Ben'))
  await checkAccessibility(page, 'a meeting erased')
  await screenshot(page, 'records-erased')

  // Erasing one person says what was kept: the version she saved.
  await erasure.getByLabel('Meeting', { exact: true }).selectOption({ label: 'Plan for Cara' })
  await erasure.getByLabel('One person in it').check()
  const person = erasure.getByLabel('Person', { exact: true })
  await person.locator('option', { hasText: 'Mum (Mother)' }).waitFor({ state: 'attached' })
  await person.selectOption({ label: 'Mum (Mother)' })
  await erasure.getByLabel('Reason for the erasure').fill(PERSON_REASON)
  await erasure.getByRole('button', { name: 'Continue' }).click()
  await waitForText(erasure.locator('.kp-erase-check'), 'Versions of the plan they saved are kept whole', 3000)
  await erasure.getByRole('button', { name: 'Yes, erase their data' }).click()
  await erasure.getByRole('heading', { name: 'Erased' }).waitFor()
  await waitForText(erasure.locator('.kp-erase-done'), 'The data of Mum (Mother), in “Plan for Cara”, was erased.', 3000)
  await waitForText(erasure.getByTestId('kept'), '1 saved version(s) of the plan name them as their author', 3000)
  await waitForText(erasure.getByTestId('erasures').locator('tr', { hasText: PERSON_REASON }), 'One person’s data', 3000)
  await checkAccessibility(page, 'a person erased')

  // A subject access request for Cara, with her uncle's name allowed to stay: the browser saves
  // the server's archive, whose README names him as kept, and which holds nothing of her aunt.
  const sar = section(page, 'subject-access')
  await sar.getByRole('button', { name: 'Download the archive' }).click()
  await waitForText(sar.locator('.govuk-error-summary'), 'Choose who the request is from', 3000)
  await sar.getByLabel('Someone in a meeting’s network').check()
  await sar.getByLabel('Meeting', { exact: true }).selectOption({ label: 'Plan for Cara' })
  const asking = sar.getByLabel('The person asking')
  await asking.locator('option', { hasText: 'Cara (The child)' }).waitFor({ state: 'attached' })
  await asking.selectOption({ label: 'Cara (The child)' })
  const others = sar.getByRole('group', { name: 'People who agreed that their names may stay' })
  await others.getByLabel('Uncle Joe (Uncle)').check()
  assert.equal(await others.getByLabel(/^Cara/).count(), 0, 'the person asking is not offered as a third party')
  await checkAccessibility(page, 'a subject access request')
  const saved = page.waitForEvent('download')
  await sar.getByRole('button', { name: 'Download the archive' }).click()
  const download = await saved
  assert.match(download.suggestedFilename(), /\.zip$/)
  const archive = readZip(readFileSync(await download.path()))
  assert.deepEqual([...archive.keys()].sort(), ['README.txt', 'subject-access.json', 'subject-access.pdf'])
  const readme = archive.get('README.txt').toString('utf8')
  const json = archive.get('subject-access.json').toString('utf8')
  assert.ok(readme.includes('kept as consented: Uncle Joe (Uncle)'), readme)
  assert.ok(json.includes('Cara'), 'the archive holds the person asking')
  for (const text of [readme, json]) {
    assert.ok(!text.includes(AUNT) && !text.includes(AUNT_PHONE), 'nothing of a third party who did not agree')
  }
  await sar.getByRole('heading', { name: 'Archive ready' }).waitFor()
  assert.equal(await sar.getByTestId('archive-link').getAttribute('download'), download.suggestedFilename())
  await checkAccessibility(page, 'a subject access archive ready')

  // A staff member's request, by email; an unknown email is refused with the server's words.
  await sar.getByLabel('A staff member').check()
  await sar.getByLabel('Their email address').fill('nobody@council.example')
  await sar.getByRole('button', { name: 'Download the archive' }).click()
  await waitForText(sar.locator('.govuk-error-summary'), 'not found', 5000)
  await sar.getByLabel('Their email address').fill('f@council.example')
  const staffSaved = page.waitForEvent('download')
  await sar.getByRole('button', { name: 'Download the archive' }).click()
  const staffArchive = readZip(readFileSync(await (await staffSaved).path()))
  assert.ok(staffArchive.get('subject-access.json').toString('utf8').includes('Fay'))

  // The meetings page no longer lists what went.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Meetings', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Meetings' }).waitFor()
  await page.getByRole('link', { name: 'Plan for Cara', exact: true }).waitFor()
  assert.equal(await page.getByRole('link', { name: 'Plan for Ava', exact: true }).count(), 0)
  assert.equal(await page.getByRole('link', { name: 'Plan for Ben', exact: true }).count(), 0)

  // A facilitator has no link to the page, and opening it says plainly that it is a manager's.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  assert.equal(await fay.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Records' }).count(), 0)
  await fay.page.goto('/records')
  await fay.page.getByRole('heading', { level: 1, name: 'Records and data protection' }).waitFor()
  await waitForText(fay.page.locator('.govuk-error-summary'), 'Only a manager can use this page.', 5000)
  assert.equal(await fay.page.locator('[data-section]').count(), 0, 'nothing of the page is drawn')
  await checkAccessibility(fay.page, 'the records page refused')
  await screenshot(fay.page, 'records-refused')

  for (const person of [meg, fay]) await person.context.close()
})
