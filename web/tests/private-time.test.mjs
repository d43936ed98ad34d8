// Private family time: when the facilitator moves the meeting into it, the facilitator's screen
// shows "The family is in private time" and nothing of the plan, while the family writes in the
// plan and in their own private notes; when it ends the plan comes back (with what the family
// wrote), and the family's notes never reach the facilitator.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ApiClient,
  checkAccessibility,
  editor,
  joinWithLink,
  serverAndBrowserForThisFile,
  newPerson,
  screenshot,
  setUpMeeting,
  signIn,
  typeInto,
  waitEditable,
  waitForText,
} from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

test('private family time hides the family space from the facilitator and shows the plan again after', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for K', [
    { display_name: 'K', relationship: 'The child', kind: 'child' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
  ])
  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}`)
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await waitEditable(fay.page, 'worries')
  await waitEditable(rose.page, 'worries')
  await typeInto(fay.page, 'worries', 'K is often alone at night.')
  await waitForText(editor(rose.page, 'worries'), 'K is often alone at night.', 2000)

  // Information sharing, then private family time, from the stage bar.
  await fay.page.getByRole('button', { name: 'Move on to information sharing' }).click()
  await waitForText(rose.page.getByTestId('current-stage'), 'Information sharing', 3000)
  await fay.page.getByRole('button', { name: 'Move on to private family time' }).click()
  await waitForText(fay.page.getByTestId('current-stage'), 'Private family time', 3000)
  await waitForText(rose.page.getByTestId('current-stage'), 'Private family time', 3000)

  // The facilitator sees only that the family is in private time.
  await fay.page.getByRole('heading', { name: 'The family is in private time' }).waitFor({ timeout: 3000 })
  assert.equal(await fay.page.getByTestId('plan').isVisible(), false, 'the plan is hidden from the facilitator')
  assert.equal(await fay.page.getByTestId('family-space').count(), 0, 'the facilitator has no family space')
  const familyTimeToken = await fay.page.evaluate(async (id) => (await fetch(`/api/meetings/${id}/documents/family-time/token`, { method: 'POST' })).status, meeting.id)
  assert.equal(familyTimeToken, 403, 'the server refuses the family space to the facilitator')
  const planToken = await fay.page.evaluate(async (id) => (await fetch(`/api/meetings/${id}/documents/plan/token`, { method: 'POST' })).status, meeting.id)
  assert.equal(planToken, 403, 'the server refuses the plan to the facilitator in private time')

  // The family writes in their private notes (shown first now) and in the plan.
  await rose.page.getByTestId('family-space').waitFor()
  await waitEditable(rose.page, 'notes')
  await typeInto(rose.page, 'notes', 'Only for us: Dad must not know the new address.')
  await typeInto(rose.page, 'worries', ' We will take turns staying over.')
  await rose.page.waitForTimeout(500)
  const fayWords = await fay.page.locator('body').innerText()
  assert.ok(!fayWords.includes('Only for us'), 'the family notes never reach the facilitator')
  assert.ok(!fayWords.includes('take turns staying over'), 'the plan stays hidden during private time')
  assert.ok(!fayWords.includes('K is often alone at night'), 'nothing of the plan shows during private time')

  await checkAccessibility(fay.page, 'private time (facilitator)')
  await checkAccessibility(rose.page, 'private time (family)')
  await screenshot(fay.page, 'private-time-facilitator')
  await screenshot(rose.page, 'private-time-family')

  // The family is ready: the facilitator moves the meeting on and sees the plan again.
  await fay.page.getByRole('button', { name: 'Move on to agreeing the plan' }).click()
  await waitForText(fay.page.getByTestId('current-stage'), 'Agreeing the plan', 3000)
  await fay.page.getByTestId('plan').waitFor({ state: 'visible', timeout: 5000 })
  await waitForText(editor(fay.page, 'worries'), 'We will take turns staying over.', 5000)
  assert.equal(await fay.page.getByTestId('private-time').isVisible(), false)
  const afterWords = await fay.page.locator('body').innerText()
  assert.ok(!afterWords.includes('Only for us'), 'the family notes stay private after private time')
  // The facilitator only reads the plan now: the family writes it.
  await fay.page.locator('.kp-editor[data-field="worries"] .ProseMirror[contenteditable="false"]').waitFor({ timeout: 5000 })
  await checkAccessibility(fay.page, 'meeting room after private time')
  await fay.context.close()
  await rose.context.close()
})
