// "Saved" that means saved: near what a person writes, "Saving…" until the server has stored
// their latest edit, "Saved" once it has (the server's stored state vector holds it), and, when
// the connection is cut, that what they write is kept on the device and sent when they are back.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ApiClient,
  checkAccessibility,
  editor,
  joinWithLink,
  newPerson,
  screenshot,
  serverAndBrowserForThisFile,
  setUpMeeting,
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

test('a person sees Saving…, Saved, and offline as each is true', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for T', [{ display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' }])
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })
  const rose = await newPerson(browser, server.base, 'phone')
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await waitEditable(rose.page, 'worries')
  // Every state the page shows, in order, as it shows it.
  await rose.page.evaluate(() => {
    window.kpSeen = []
    new MutationObserver(() => {
      for (const element of document.querySelectorAll('[data-testid="save-state"]')) {
        const text = element.hidden ? '' : element.textContent
        if (text && window.kpSeen[window.kpSeen.length - 1] !== text) window.kpSeen.push(text)
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
  })
  const worries = rose.page.locator('[data-section="worries"]')
  const state = worries.getByTestId('save-state')

  await typeInto(rose.page, 'worries', 'T misses school on Mondays.')
  await waitForText(state, 'Saved', 10000)
  assert.deepEqual(await rose.page.evaluate(() => window.kpSeen), ['Saving…', 'Saved'], 'Saving… first, then Saved')
  // Saved means the server has it: the facilitator reads it back from the server.
  const stored = await api.call('GET', `/api/meetings/${meeting.id}/documents/plan/saved`)
  assert.ok(stored.state_vector.length > 0)
  await checkAccessibility(rose.page, 'plan with Saved')

  // The connection is cut: what she writes waits on the device, and the page says so.
  await rose.context.setOffline(true)
  await typeInto(rose.page, 'worries', ' Gran can help.')
  await waitForText(state, 'You are offline. What you write is kept on this device and sent when you are back.', 5000)
  await screenshot(rose.page, 'saved-offline')
  // From the top of the page, as it is read: "Exit this page" stays in view as the page scrolls,
  // over whatever passes under it.
  await rose.page.evaluate(() => window.scrollTo(0, 0))
  await checkAccessibility(rose.page, 'plan while offline')

  // Back online: it is sent, and only then Saved.
  await rose.page.evaluate(() => { window.kpSeen = [] })
  await rose.context.setOffline(false)
  await waitForText(state, 'Saved', 20000)
  const seen = await rose.page.evaluate(() => window.kpSeen)
  assert.equal(seen[seen.length - 1], 'Saved', JSON.stringify(seen))
  assert.ok(!seen.includes('Saved') || seen.indexOf('Saving…') < seen.indexOf('Saved'), `Saving… before Saved: ${JSON.stringify(seen)}`)
  const fay = await newPerson(browser, server.base)
  await fay.page.goto('/sign-in')
  await fay.page.getByLabel('Email address').fill('f@council.example')
  await fay.page.getByLabel('Password').fill('a long password')
  await fay.page.getByRole('button', { name: 'Sign in' }).click()
  await fay.page.waitForURL(/dashboard|meetings/)
  await fay.page.goto(`/meetings/${meeting.id}`)
  await waitForText(editor(fay.page, 'worries'), 'Gran can help.', 10000)
  await screenshot(rose.page, 'saved-back-online')
  for (const person of [rose, fay]) await person.context.close()
})
