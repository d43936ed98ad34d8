// Nobody sees what they should not, as people see it in the browser: a link with an access code
// shows nothing of its meeting before the code; in private family time the family sees, checked
// by the server, everyone who has its documents open, and the facilitator cannot add anyone;
// languages and access needs reach staff only; and the app runs under its Content-Security-Policy.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  agreeToNotice,
  ApiClient,
  checkAccessibility,
  declareNoConnection,
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

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

test('private time shows the family who has its plan open; coded links and the network show nothing they should not', { timeout: 150000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for Kai', [
    { display_name: 'Kai', relationship: 'The child', kind: 'child' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain', language: 'Polish', access_needs: 'Large print' },
    { display_name: 'Ana', relationship: 'Interpreter', kind: 'interpreter', link: 'plain' },
    { display_name: 'Gran', relationship: 'Grandmother', kind: 'family', link: 'code' },
  ])

  // The app runs under a policy that allows no inline script.
  const fay = await newPerson(browser, server.base)
  const answer = await fay.page.goto('/sign-in')
  const policy = answer.headers()['content-security-policy'] ?? ''
  assert.match(policy, /script-src 'self'(;|$)/, policy)
  await signIn(fay.page, 'f@council.example')

  // A link with a code: neither the child's name nor the holder's shows before the code.
  const gran = await newPerson(browser, server.base, 'phone')
  await gran.page.goto(joinUrl(server.base, links.Gran.url))
  await gran.page.getByTestId('join-heading').waitFor()
  const before = await gran.page.locator('main').textContent()
  assert.ok(!before.includes('Kai') && !before.includes('Gran'), `the join page shows nothing of the meeting: ${before}`)
  await checkAccessibility(gran.page, 'join page of a link with a code')
  await screenshot(gran.page, 'join-with-code')
  await gran.page.getByLabel('Access code').fill(links.Gran.access_code)
  await gran.page.getByRole('button', { name: 'Join the meeting' }).click()
  await agreeToNotice(gran.page)
  await gran.page.locator('.kp-stage-bar').waitFor()

  // Languages and access needs: the facilitator sees them; the family gets none from the server.
  await fay.page.goto(`/meetings/${meeting.id}/network`)
  await waitForText(fay.page.locator('.kp-network-table'), 'Polish', 5000)
  const familyView = await gran.page.evaluate(async (id) => (await fetch(`/api/meetings/${id}/participants`)).json(), meeting.id)
  assert.ok(familyView.every((person) => person.language === null && person.access_needs === null), JSON.stringify(familyView))

  // Private family time: nobody can be added or sent a link now.
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'private-family-time' })
  await assert.rejects(api.call('POST', `/api/meetings/${meeting.id}/participants`, { display_name: 'Me, as family', kind: 'family' }), /403/)

  // The family sees everyone who has its documents open, named by the server.
  const rose = await newPerson(browser, server.base)
  await joinWithLink(rose.page, server.base, links.Rose.url)
  const openers = rose.page.getByTestId('open-documents')
  await waitForText(openers, 'Rose (family)', 8000)
  await waitForText(openers, 'Gran (family)', 8000)
  // The interpreter says she has no connection to the family, and Rose asks her to stay.
  const ana = await newPerson(browser, server.base)
  await joinWithLink(ana.page, server.base, links.Ana.url, undefined, { agree: false })
  await agreeToNotice(ana.page)
  await declareNoConnection(ana.page)
  await rose.page.getByRole('button', { name: 'Ask Ana to stay for private time' }).click()
  await rose.page.getByText('Ana will stay with your family in private time.').waitFor()
  await waitForText(openers, 'Ana (interpreter)', 8000)
  await checkAccessibility(rose.page, 'room with who has the plan open')
  await screenshot(rose.page, 'who-has-the-plan-open')

  // "Leave and clear this device": Ana is no longer shown.
  await ana.page.getByRole('button', { name: 'Leave and clear this device' }).click()
  const deadline = Date.now() + 10000
  while ((await openers.textContent()).includes('Ana')) {
    assert.ok(Date.now() < deadline, 'Ana is still shown after leaving')
    await new Promise((done) => setTimeout(done, 250))
  }
  for (const person of [fay, gran, rose, ana]) await person.context.close()
})
