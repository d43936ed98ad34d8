// Offline editing: a family member loses the connection, keeps writing, and what they wrote
// reaches everyone when the connection returns; an edit made offline also survives closing the
// page (it is kept in IndexedDB) and is shared the next time the page opens online.

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

test('an edit made offline syncs after reconnecting, and survives closing the page', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for M', [{ display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' }])
  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}`)
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await waitEditable(rose.page, 'strengths')
  await waitEditable(fay.page, 'strengths')
  await waitForText(fay.page.getByTestId('presence'), 'Rose', 5000)

  // Rose loses her connection and keeps writing.
  await rose.context.setOffline(true)
  await waitForText(rose.page.getByTestId('presence'), 'You are offline', 3000)
  await typeInto(rose.page, 'strengths', 'Grandad Joe visits every Sunday.')
  await checkAccessibility(rose.page, 'meeting room offline')
  await screenshot(rose.page, 'offline')
  await fay.page.waitForTimeout(1500)
  assert.ok(!(await editor(fay.page, 'strengths').innerText()).includes('Grandad Joe'), 'nothing is shared while offline')

  // The connection returns: the edit reaches the facilitator.
  await rose.context.setOffline(false)
  const synced = await waitForText(editor(fay.page, 'strengths'), 'Grandad Joe visits every Sunday.', 8000)
  console.log(`offline edit shared ${synced} ms after reconnecting`)

  // Offline again: write, then close the page before the connection returns.
  await rose.context.setOffline(true)
  await waitForText(rose.page.getByTestId('presence'), 'You are offline', 3000)
  await typeInto(rose.page, 'strengths', ' Rose can lend her car.')
  await rose.page.waitForTimeout(500) // let IndexedDB store the edit
  await rose.page.close()
  await fay.page.waitForTimeout(1000)
  assert.ok(!(await editor(fay.page, 'strengths').innerText()).includes('lend her car'))

  // Later, online again, Rose opens the plan: her stored edit is shared.
  await rose.context.setOffline(false)
  const reopened = await rose.context.newPage()
  await reopened.goto(`/meetings/${meeting.id}`)
  await waitForText(editor(fay.page, 'strengths'), 'Rose can lend her car.', 8000)
  await waitEditable(reopened, 'strengths')
  await waitForText(editor(reopened, 'strengths'), 'Grandad Joe visits every Sunday. Rose can lend her car.', 5000)
  await fay.context.close()
  await rose.context.close()
})
