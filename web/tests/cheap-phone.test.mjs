// A cheap phone on a slow network: Chromium throttled to Slow 3G (2 s round trips, 50 KB/s each
// way, as its developer tools name it) and a CPU four times slower. Measures the time from opening
// a join link to being able to type in the plan, and prints it: a figure for docs/BENCHMARKS.md,
// not an assertion on time (the test asserts only that the page becomes usable at all, within a
// generous limit).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, joinUrl, newPerson, serverAndBrowserForThisFile, setUpMeeting } from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

/** Slow 3G as Chromium's developer tools define it. */
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 }

test('a family member on a cheap phone and a slow network can type in the plan', { timeout: 170000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for T', [{ display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' }])
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })

  const rose = await newPerson(browser, server.base, 'phone')
  rose.context.setDefaultTimeout(120000)
  const cdp = await rose.context.newCDPSession(rose.page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })

  const started = Date.now()
  await rose.page.goto(joinUrl(server.base, links.Rose.url), { timeout: 120000 })
  const joinShown = Date.now() - started
  await rose.page.getByRole('button', { name: /Yes, this is me/ }).click()
  await rose.page.getByLabel('I agree to take part in this meeting').check()
  await rose.page.getByLabel('I agree to how my information is shared, as above').check()
  await rose.page.getByRole('button', { name: 'Agree and continue' }).click()
  await rose.page.locator('.kp-editor[data-field="worries"] .ProseMirror[contenteditable="true"]').waitFor({ timeout: 120000 })
  const canType = Date.now() - started
  const transferred = await rose.page.evaluate(() =>
    performance.getEntriesByType('resource').reduce((sum, entry) => sum + (entry.transferSize || 0), 0),
  )
  console.log(`# cheap phone (Slow 3G, 4x CPU): join page shown after ${(joinShown / 1000).toFixed(1)} s; can type in the plan after ${(canType / 1000).toFixed(1)} s; ${Math.round(transferred / 1024)} KiB transferred`)
  assert.ok(canType > 0)
  await rose.context.close()
})
