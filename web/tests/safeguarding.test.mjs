// Contact details and separations, as people see them in the browser: the facilitator keeps Mum's
// address to staff, shares her phone with the network and her email with the aunt, and records
// that Dad must not see Mum's details; Dad's pages never hold any of them, the aunt's show the
// phone and the email but not the address, Mum corrects her own address (without choosing who sees it), a practitioner
// reads all of it without forms, and the separation form says what is missing.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, checkAccessibility, joinWithLink, newPerson, screenshot, serverAndBrowserForThisFile, setUpMeeting, signIn, waitForText } from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile(
  [
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 's@council.example', name: 'Sam', role: 'practitioner' },
  ],
  (started, launched) => {
    server = started
    browser = launched
  },
)

const ADDRESS = '14 Hollin Lane, Leeds LS6 2AB'
const NEW_ADDRESS = '3 Larch Court, Leeds LS7 1QT'
const PHONE = '07700 900123'
const EMAIL = 'mum.lily@example.org'
const REASON = 'Mum has a non-molestation order against Dad.'

/** The contact card of `name` on the network page. */
const cardOf = (page, name) => page.locator(`[data-contact="${name}"]`)

async function openPeople(page) {
  await page.getByRole('link', { name: 'People', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'People in the network' }).waitFor()
  await page.getByRole('heading', { level: 2, name: 'Contact details' }).waitFor()
}

test('contact details reach only who may see them, a separation overrides, and people correct their own', { timeout: 150000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for Lily', [
    { display_name: 'Lily', relationship: 'The child', kind: 'child' },
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', link: 'plain' },
    { display_name: 'Dad', relationship: 'Father', kind: 'family', link: 'plain' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
    { display_name: 'Sam', relationship: 'Social worker', kind: 'practitioner', staff_email: 's@council.example' },
  ])

  // The facilitator keeps Mum's address to staff and shares her phone with the network.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/network`)
  await fay.page.getByRole('heading', { level: 2, name: 'Contact details' }).waitFor()
  const mumCard = cardOf(fay.page, 'Mum')
  await mumCard.getByText("Change Mum's contact details").click()
  await mumCard.getByLabel('Address', { exact: true }).fill(ADDRESS)
  await mumCard.getByLabel('Phone number', { exact: true }).fill(PHONE)
  const addressWho = mumCard.getByRole('group', { name: 'Who can see the address' })
  assert.equal(await addressWho.getByLabel('Staff only').isChecked(), true, 'a detail is staff only unless the facilitator says otherwise')
  await mumCard.getByRole('group', { name: 'Who can see the phone numbers' }).getByLabel('Everyone in the network').check()
  // Choosing "Staff and people I choose" shows the people to choose from, Mum not among them.
  await addressWho.getByLabel('Staff and people I choose').check()
  const chooseFor = mumCard.getByRole('group', { name: 'Who else can see the address' })
  await chooseFor.getByLabel('Rose (Aunt)').waitFor()
  assert.equal(await chooseFor.getByLabel(/^Mum/).count(), 0, 'nobody is offered their own details')
  await checkAccessibility(fay.page, 'network page with the contact form open')
  await addressWho.getByLabel('Staff only').check()
  assert.equal(await chooseFor.isVisible(), false, 'the people to choose hide again')
  // The email goes to staff and the aunt only: three kinds, three visibilities, one save.
  await mumCard.getByLabel('Email address', { exact: true }).fill(EMAIL)
  await mumCard.getByRole('group', { name: 'Who can see the email address' }).getByLabel('Staff and people I choose').check()
  await mumCard.getByRole('group', { name: 'Who else can see the email address' }).getByLabel('Rose (Aunt)').check()
  await mumCard.getByRole('button', { name: 'Save contact details' }).click()
  await fay.page.getByRole('heading', { name: 'Saved' }).waitFor()
  await waitForText(cardOf(fay.page, 'Mum').locator('[data-kind="address"]'), 'Who can see it: Staff only', 5000)
  await waitForText(cardOf(fay.page, 'Mum').locator('[data-kind="phone"]'), 'Who can see it: Everyone in the network', 5000)
  await waitForText(cardOf(fay.page, 'Mum').locator('[data-kind="email"]'), 'Who can see it: Staff and: Rose', 5000)

  // The separation form says what is missing, in an error summary and beside the field.
  const separations = fay.page.locator('.kp-separations')
  await separations.getByLabel('First person').selectOption({ label: 'Mum' })
  await separations.getByLabel('Second person').selectOption({ label: 'Dad' })
  await separations.getByLabel(/Cannot see each other/).check()
  await separations.getByRole('button', { name: 'Record the separation' }).click()
  const summary = separations.locator('.govuk-error-summary')
  await waitForText(summary, 'There is a problem', 3000)
  await waitForText(summary, 'Enter the reason for the separation', 3000)
  assert.equal(await summary.getByText('Choose').count(), 0, `only the reason is missing: ${await summary.innerText()}`)
  await waitForText(separations.locator('.govuk-form-group--error'), 'Enter the reason for the separation', 3000)
  assert.equal(await fay.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'the summary takes focus')
  await checkAccessibility(fay.page, 'separation form with an error')
  await screenshot(fay.page, 'separation-error')
  await summary.getByRole('link', { name: 'Enter the reason for the separation' }).click()
  await fay.page.keyboard.type(REASON)
  await separations.getByRole('button', { name: 'Record the separation' }).click()
  await fay.page.getByRole('heading', { name: 'Separation recorded' }).waitFor()
  const recorded = fay.page.getByTestId('separations')
  await waitForText(recorded, 'Mum and Dad', 5000)
  await waitForText(recorded, 'Cannot see each other’s details', 5000)
  await waitForText(recorded, REASON, 5000)
  assert.equal(await fay.page.locator('.kp-separations .govuk-error-summary').count(), 0, 'the errors are gone')
  await waitForText(cardOf(fay.page, 'Mum').locator('[data-kind="phone"]'), 'never Dad (separation)', 5000)
  await checkAccessibility(fay.page, 'network page with a separation')
  await screenshot(fay.page, 'network-safeguarding-facilitator')

  // Dad, joined by link, never receives Mum's address or phone, nor the reason.
  const dad = await newPerson(browser, server.base, 'phone')
  await joinWithLink(dad.page, server.base, links.Dad.url)
  await openPeople(dad.page)
  await waitForText(dad.page.locator('.kp-contact'), 'Nobody’s contact details are shared with you.', 5000)
  const dadHtml = await dad.page.content()
  for (const secret of [ADDRESS, PHONE, EMAIL, REASON, 'Hollin', '900123', 'mum.lily']) assert.ok(!dadHtml.includes(secret), `Dad's page holds ${secret}`)
  const dadSeparations = await dad.page.evaluate(async (id) => (await fetch(`/api/meetings/${id}/separations`)).status, meeting.id)
  assert.equal(dadSeparations, 403, 'separations are for staff only')
  assert.equal(await dad.page.getByRole('heading', { name: 'Separations' }).count(), 0)
  await checkAccessibility(dad.page, "Dad's network page")
  await screenshot(dad.page, 'network-safeguarding-dad')

  // The aunt sees Mum's phone, shared with the network, and not the address; not who else sees it.
  const rose = await newPerson(browser, server.base, 'phone')
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await openPeople(rose.page)
  await waitForText(cardOf(rose.page, 'Mum'), PHONE, 5000)
  await waitForText(cardOf(rose.page, 'Mum'), EMAIL, 5000)
  const roseHtml = await rose.page.content()
  assert.ok(!roseHtml.includes(ADDRESS) && !roseHtml.includes('Hollin'), "the aunt's page holds no address")
  assert.ok(!roseHtml.includes(REASON), "the aunt's page holds no reason")
  assert.equal(await cardOf(rose.page, 'Mum').getByTestId('visibility').count(), 0, 'who else sees it is for staff and the owner')
  await checkAccessibility(rose.page, "the aunt's network page")

  // Mum sees her own details with who can see them, and corrects her address (values only).
  const mum = await newPerson(browser, server.base, 'phone')
  await joinWithLink(mum.page, server.base, links.Mum.url)
  await openPeople(mum.page)
  const own = cardOf(mum.page, 'Mum')
  await own.getByRole('heading', { name: 'Your contact details' }).waitFor()
  await waitForText(own.locator('[data-kind="address"]'), ADDRESS, 5000)
  await waitForText(own.locator('[data-kind="address"]'), 'Who can see it: Staff only', 5000)
  await waitForText(own.locator('[data-kind="phone"]'), 'Who can see it: Everyone in the network', 5000)
  assert.equal(await mum.page.locator('main input[type="radio"]').count(), 0, 'no visibility controls for the family')
  assert.ok(!(await mum.page.content()).includes(REASON), "Mum's page holds no reason")
  await checkAccessibility(mum.page, "Mum's network page")
  await own.getByLabel('Address', { exact: true }).fill(NEW_ADDRESS)
  await own.getByRole('button', { name: 'Save my details' }).click()
  await mum.page.getByRole('heading', { name: 'Saved' }).waitFor()
  await waitForText(cardOf(mum.page, 'Mum').locator('[data-kind="address"]'), NEW_ADDRESS, 5000)
  await waitForText(cardOf(mum.page, 'Mum').locator('[data-kind="address"]'), 'Who can see it: Staff only', 5000)
  await mum.page.reload()
  await waitForText(cardOf(mum.page, 'Mum').locator('[data-kind="address"]'), NEW_ADDRESS, 5000)
  await screenshot(mum.page, 'network-safeguarding-own-details')

  // Dad still receives neither, the corrected address included.
  await dad.page.reload()
  await dad.page.getByRole('heading', { level: 2, name: 'Contact details' }).waitFor()
  const dadAgain = await dad.page.content()
  for (const secret of [ADDRESS, NEW_ADDRESS, PHONE, EMAIL, 'Larch']) assert.ok(!dadAgain.includes(secret), `Dad's page holds ${secret}`)

  // A practitioner reads the details and the separation, and changes nothing.
  const sam = await newPerson(browser, server.base)
  await signIn(sam.page, 's@council.example')
  await sam.page.goto(`/meetings/${meeting.id}`)
  await openPeople(sam.page)
  await waitForText(cardOf(sam.page, 'Mum').locator('[data-kind="address"]'), NEW_ADDRESS, 5000)
  await waitForText(sam.page.getByTestId('separations'), REASON, 5000)
  assert.equal(await sam.page.locator('main form').count(), 0, 'practitioners read without forms')
  await checkAccessibility(sam.page, "a practitioner's network page")

  for (const person of [fay, dad, rose, mum, sam]) await person.context.close()
})
