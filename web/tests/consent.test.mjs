// Consent, asked once: a family member opening their link reads the privacy notice and must tick
// both agreements before entering the meeting, and is not asked again; a child names who helped
// them decide, which the facilitator sees; the facilitator sees who has given consent and who
// not yet; a notice changed while someone reads it is shown again; and a person who stops taking
// part sees a plain page, shows as withdrawn, and their old link no longer gets them in.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  agreeToNotice,
  ApiClient,
  checkAccessibility,
  joinUrl,
  joinWithLink,
  newPerson,
  screenshot,
  serverAndBrowserForThisFile,
  setUpMeeting,
  signIn,
  waitForText,
} from './harness.mjs'

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

const SUPPORTER = 'Priya, my advocate'

/** The person's card on the People page. */
const cardOf = (page, name) => page.locator(`[data-contact="${name}"]`)
const consentHeading = (page) => page.getByRole('heading', { level: 1, name: 'Before you join the meeting' })

test('people agree to the notice once, staff see where each stands, and stopping ends the link', { timeout: 170000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for Lily', [
    { display_name: 'Lily', relationship: 'The child', kind: 'child', link: 'plain' },
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', link: 'plain' },
    { display_name: 'Dad', relationship: 'Father', kind: 'family', link: 'plain' },
  ])
  const notice = await api.call('GET', '/api/privacy-notice')
  const firstLine = notice.body.split('\n').map((line) => line.trim()).find((line) => line.length > 0)
  assert.ok(firstLine, 'the notice has text')

  // Mum opens her link: the notice comes before anything of the meeting.
  const mum = await newPerson(browser, server.base, 'phone')
  await joinWithLink(mum.page, server.base, links.Mum.url, undefined, { agree: false })
  await mum.page.locator('.kp-privacy-notice').getByText(firstLine, { exact: true }).waitFor()
  assert.equal(await mum.page.locator('.kp-stage-bar').count(), 0, 'nothing of the meeting before agreeing')
  assert.equal(await mum.page.getByLabel('Who helped you decide? (optional)').count(), 0, 'only a child is asked who helped')
  await checkAccessibility(mum.page, 'the privacy notice')
  await screenshot(mum.page, 'consent-notice')

  // Agreeing without ticking says what is missing.
  await mum.page.getByRole('button', { name: 'Agree and continue' }).click()
  const summary = mum.page.locator('.govuk-error-summary')
  await waitForText(summary, 'There is a problem', 3000)
  await waitForText(summary, 'Tick the box to agree to take part in this meeting', 3000)
  await waitForText(summary, 'Tick the box to agree to how your information is shared', 3000)
  assert.equal(await mum.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'the summary takes focus')
  await checkAccessibility(mum.page, 'the privacy notice with errors')
  // One box is not enough.
  await mum.page.getByLabel('I agree to take part in this meeting').check()
  await mum.page.getByRole('button', { name: 'Agree and continue' }).click()
  await waitForText(summary, 'Tick the box to agree to how your information is shared', 3000)
  assert.equal(await summary.getByText('Tick the box to agree to take part').count(), 0)
  await agreeToNotice(mum.page)
  await mum.page.locator('.kp-stage-bar').waitFor()
  assert.equal(await consentHeading(mum.page).count(), 0)

  // Asked once: a reload goes straight into the meeting.
  await mum.page.reload()
  await mum.page.locator('.kp-stage-bar').waitFor()
  assert.equal(await consentHeading(mum.page).count(), 0, 'not asked again')

  // Lily, a child, is asked who helped her decide.
  const lily = await newPerson(browser, server.base, 'phone')
  await joinWithLink(lily.page, server.base, links.Lily.url, undefined, { agree: false })
  await lily.page.getByLabel('Who helped you decide? (optional)').waitFor()
  await checkAccessibility(lily.page, "a child's privacy notice")
  await agreeToNotice(lily.page, SUPPORTER)
  await lily.page.locator('.kp-stage-bar').waitFor()

  // The facilitator sees who has given consent, who helped Lily, and that Dad has not yet.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/network`)
  await fay.page.getByRole('heading', { level: 2, name: 'Contact details' }).waitFor()
  const version = notice.version
  await waitForText(cardOf(fay.page, 'Mum').getByTestId('consent'), `(notice version ${version})`, 5000)
  assert.match(await cardOf(fay.page, 'Mum').getByTestId('consent').innerText(), new RegExp(`^Consent: Given on \\d{1,2} \\w+ \\d{4} \\(notice version ${version}\\)$`))
  assert.match(await cardOf(fay.page, 'Lily').getByTestId('consent').innerText(), new RegExp(`^Consent: Given on .+, supported by ${SUPPORTER}$`))
  assert.equal(await cardOf(fay.page, 'Dad').getByTestId('consent').innerText(), 'Consent: Not yet')
  await checkAccessibility(fay.page, "the facilitator's People page with consent")
  await screenshot(fay.page, 'consent-facilitator')

  // Dad opens his link; while he reads, a manager publishes a new notice. Agreeing to the old
  // one is refused, and the page shows the new one to read.
  const dad = await newPerson(browser, server.base, 'phone')
  await joinWithLink(dad.page, server.base, links.Dad.url, undefined, { agree: false })
  const manager = await ApiClient.signedIn(server.base, 'm@council.example')
  const NEW_LINE = 'What changed: we now keep the plan for two more years.'
  const published = await manager.call('PUT', '/api/privacy-notice', { body: `${notice.body}\n\n${NEW_LINE}` })
  assert.ok(published.version > version)
  await agreeToNotice(dad.page)
  await waitForText(dad.page.locator('.govuk-error-summary'), 'The notice has changed since you opened it', 5000)
  await dad.page.locator('.kp-privacy-notice').getByText(NEW_LINE, { exact: true }).waitFor()
  await agreeToNotice(dad.page)
  await dad.page.locator('.kp-stage-bar').waitFor()

  // Mum stops taking part, from her own entry on the People page, after saying she is sure.
  await mum.page.getByRole('link', { name: 'People', exact: true }).click()
  const own = cardOf(mum.page, 'Mum')
  await own.getByRole('heading', { name: 'Stop taking part' }).waitFor()
  await waitForText(own.locator('.govuk-warning-text'), 'your link will stop working', 3000)
  await own.getByRole('button', { name: 'Stop taking part' }).click()
  const yes = own.getByRole('button', { name: 'Yes, stop taking part' })
  await yes.waitFor()
  await checkAccessibility(mum.page, 'the stop-taking-part confirmation')
  await screenshot(mum.page, 'consent-stop-confirm')
  await yes.click()
  await mum.page.getByRole('heading', { level: 1, name: 'You have stopped taking part' }).waitFor()
  await waitForText(mum.page.locator('main'), 'Your link no longer works.', 3000)
  await waitForText(mum.page.locator('main'), 'If this was a mistake, ask your coordinator to invite you again.', 3000)
  await checkAccessibility(mum.page, 'the page after stopping')
  assert.equal(await mum.page.evaluate(async () => (await fetch('/api/session')).status), 401, 'she is signed out')

  // The facilitator sees that she withdrew.
  await fay.page.reload()
  await waitForText(cardOf(fay.page, 'Mum').getByTestId('consent'), 'Consent: Withdrawn on', 5000)
  assert.match(await cardOf(fay.page, 'Mum').getByTestId('consent').innerText(), /^Consent: Withdrawn on \d{1,2} \w+ \d{4}$/)
  await waitForText(cardOf(fay.page, 'Dad').getByTestId('consent'), `(notice version ${published.version})`, 5000)

  // Her old link no longer gets her in.
  const again = await newPerson(browser, server.base, 'phone')
  await again.page.goto(joinUrl(server.base, links.Mum.url))
  await again.page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor()
  assert.equal(await again.page.locator('.kp-stage-bar').count(), 0)
  assert.equal(await again.page.evaluate(async () => (await fetch('/api/session')).status), 401)

  for (const person of [mum, lily, fay, dad, again]) await person.context.close()
})
