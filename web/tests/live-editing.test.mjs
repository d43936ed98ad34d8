// A facilitator (shared screen) and a family member (phone, joined by link with an access code)
// write in the same plan section and see each other's words and presence within a second; the
// set-up pages along the way (sign-in, dashboard, network, join) pass axe and are photographed.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  agreeToNotice,
  checkAccessibility,
  editor,
  editorText,
  joinUrl,
  newPerson,
  openFromMenu,
  screenshot,
  serverAndBrowserForThisFile,
  showActions,
  signIn,
  typeInto,
  waitEditable,
  waitForText,
  waitForValue,
} from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

test('facilitator and family member edit the same section live', { timeout: 120000 }, async () => {
  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')

  // Sign in and set up the meeting through the pages.
  await fay.page.goto('/sign-in')
  await checkAccessibility(fay.page, 'sign-in')
  await screenshot(fay.page, 'sign-in')
  await signIn(fay.page, 'f@council.example')
  await checkAccessibility(fay.page, 'dashboard (empty)')
  await openFromMenu(fay.page, 'Meetings')
  await checkAccessibility(fay.page, 'meetings (none)')
  await fay.page.getByLabel('Name of the meeting').fill('Plan for T')
  await fay.page.getByRole('button', { name: 'Set up the meeting' }).click()
  await fay.page.getByRole('heading', { level: 1, name: 'People and links' }).waitFor()
  await checkAccessibility(fay.page, 'network (empty)')

  const addPerson = async (name, relationship, kind, language = '', needs = '') => {
    await fay.page.getByLabel('Name', { exact: true }).fill(name)
    await fay.page.getByLabel('Relationship to the child').fill(relationship)
    await fay.page.getByLabel('Taking part as').selectOption(kind)
    // The languages the service offers are in the list; any other is typed.
    if (language === '' || language === 'en') await fay.page.getByLabel('Language', { exact: true }).selectOption(language)
    else {
      await fay.page.getByLabel('Language', { exact: true }).selectOption('other')
      await fay.page.getByLabel('Name of the language').fill(language)
    }
    await fay.page.getByLabel('Access needs').fill(needs)
    await fay.page.getByRole('button', { name: 'Add to the network' }).click()
    await fay.page.locator(`tr[data-person="${name}"]`).waitFor()
  }
  await addPerson('T', 'The child', 'child')
  await addPerson('Rose', 'Aunt', 'family', 'en', 'Large print')
  await addPerson('Joe', 'Grandad', 'family', 'Polish', 'Needs breaks')

  await fay.page.getByRole('button', { name: 'Make a join link for Rose' }).click()
  const link = await fay.page.getByTestId('join-link').inputValue()
  const code = (await fay.page.getByTestId('access-code').textContent()).trim()
  assert.match(link, /\/join#.{20,}/)
  assert.match(code, /^\d{6}$/)
  await checkAccessibility(fay.page, 'network with a new link')
  await screenshot(fay.page, 'network')

  // Rose opens her link on her phone and enters the code.
  await rose.page.goto(joinUrl(server.base, link))
  // Her link has a code, so nothing of the meeting shows before she gives it, not even her name.
  await rose.page.getByRole('heading', { name: 'Join the family meeting' }).waitFor()
  assert.ok(!(await rose.page.locator('main').textContent()).includes('Rose'), 'no name before the code')
  assert.equal(new URL(rose.page.url()).hash, '', 'the secret leaves the address bar')
  await checkAccessibility(rose.page, 'join')
  await screenshot(rose.page, 'join')
  await rose.page.getByLabel('Access code').fill('000000')
  await rose.page.getByRole('button', { name: 'Join the meeting' }).click()
  await rose.page.getByText(/that code is not right/i).first().waitFor()
  await checkAccessibility(rose.page, 'join with a wrong code')
  await rose.page.getByLabel('Access code').fill(code)
  await rose.page.getByRole('button', { name: 'Join the meeting' }).click()
  // The first time in, she agrees to the privacy notice.
  await agreeToNotice(rose.page)
  await rose.page.locator('.kp-stage-bar').waitFor()
  await rose.page.locator('.govuk-exit-this-page').waitFor()

  // Fay opens the meeting room on the shared screen.
  await fay.page.getByRole('link', { name: 'Meeting room' }).click()
  await waitEditable(fay.page, 'worries')
  await waitEditable(rose.page, 'worries')

  // Presence: each sees the other within a second of both being connected.
  await waitForText(rose.page.getByTestId('presence'), 'Fay', 5000)
  const presenceMs = await waitForText(fay.page.getByTestId('presence'), 'Rose', 1000)

  // Fay writes; Rose sees it within a second.
  await typeInto(fay.page, 'worries', 'T has missed school often.')
  const toRose = await waitForText(editor(rose.page, 'worries'), 'T has missed school often.', 1000)

  // Rose writes in the same section; Fay sees it within a second, with Rose's caret.
  await typeInto(rose.page, 'worries', ' We will take T to school every day.')
  const toFay = await waitForText(editor(fay.page, 'worries'), 'We will take T to school every day.', 1000)
  await waitForText(fay.page.locator('.kp-editor[data-field="worries"] .kp-caret__label'), 'Rose', 1000)
  const fayText = await editorText(fay.page, 'worries')
  const roseText = await editorText(rose.page, 'worries')
  assert.equal(fayText, roseText, 'both see the same words')
  assert.equal(fayText, 'T has missed school often. We will take T to school every day.')

  // Rose adds an action with herself as the owner, chosen from the network.
  await showActions(rose.page)
  await rose.page.getByRole('button', { name: 'Add an action' }).click()
  await rose.page.getByLabel('What will happen, action 1').fill('Take T to school')
  await rose.page.getByLabel('Who, action 1').selectOption({ label: 'Rose (Aunt)' })
  // By when: the GOV.UK date input (day, month, year), never the browser's picker.
  const roseBy = rose.page.getByRole('group', { name: 'By when, action 1' })
  await roseBy.getByLabel('Day').fill('1')
  await roseBy.getByLabel('Month').fill('12')
  await roseBy.getByLabel('Year').fill('2026')
  assert.equal(await rose.page.locator('input[type="date"]').count(), 0)
  await waitForValue(fay.page.getByLabel('What will happen, action 1'), 'Take T to school', 2000)
  const fayBy = fay.page.getByRole('group', { name: 'By when, action 1' })
  await waitForValue(fayBy.getByLabel('Day'), '1', 2000)
  assert.equal(await fayBy.getByLabel('Month').inputValue(), '12')
  assert.equal(await fayBy.getByLabel('Year').inputValue(), '2026')
  assert.equal(await fay.page.getByLabel('Who, action 1').inputValue(), (await rose.page.getByLabel('Who, action 1').inputValue()))

  await checkAccessibility(fay.page, 'meeting room (facilitator)')
  await checkAccessibility(rose.page, 'meeting room (family, phone)')
  await screenshot(fay.page, 'meeting-room')
  await screenshot(rose.page, 'family-phone')

  // The dashboard lists the meeting.
  await fay.page.getByRole('link', { name: 'Meetings' }).click()
  await fay.page.getByRole('link', { name: 'Plan for T', exact: true }).waitFor()
  await checkAccessibility(fay.page, 'dashboard')
  await screenshot(fay.page, 'dashboard')

  console.log(`presence ${presenceMs} ms, Fay to Rose ${toRose} ms, Rose to Fay ${toFay} ms`)
  await fay.context.close()
  await rose.context.close()
})
