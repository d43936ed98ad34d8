// The interpreter in the browser: says on joining that they have no connection to the family
// (nothing of the meeting before), reads the plan and writes nothing in it, keeps a glossary of
// their own, leaves private time unless the family asks them to stay, then reads the family's
// notes; the facilitator sees who needs an interpreter, and in which language.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  agreeToNotice,
  ApiClient,
  checkAccessibility,
  declareNoConnection,
  joinWithLink,
  newPerson,
  screenshot,
  serverAndBrowserForThisFile,
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

test('an interpreter declares no connection, reads the plan, keeps a glossary and stays in private time only when asked', { timeout: 150000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for Kai', [
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', link: 'plain' },
    { display_name: 'Ana', relationship: 'Interpreter', kind: 'interpreter', link: 'plain' },
    { display_name: 'Gran', relationship: 'Grandmother', kind: 'family', needs_interpreter: 'Arabic' },
  ])
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })

  // Ana is asked about her connection before anything of the meeting; she must say it.
  const ana = await newPerson(browser, server.base)
  await joinWithLink(ana.page, server.base, links.Ana.url, undefined, { agree: false })
  await agreeToNotice(ana.page)
  await ana.page.getByRole('heading', { level: 1, name: 'Before you start: your connection to the family' }).waitFor()
  const before = await ana.page.locator('main').textContent()
  assert.ok(!before.includes('Plan for Kai'), `nothing of the meeting before the declaration: ${before}`)
  await checkAccessibility(ana.page, 'interpreter declaration')
  await screenshot(ana.page, 'interpreter-declaration')
  await ana.page.getByRole('button', { name: 'Continue' }).click()
  await ana.page.locator('.govuk-error-summary').getByText('Confirm that you have no connection to this family').waitFor()
  await checkAccessibility(ana.page, 'interpreter declaration with an error')
  await declareNoConnection(ana.page)

  // She reads the plan, writes nothing in it, and keeps her own glossary.
  await ana.page.locator('.kp-editor[data-field="worries"] .ProseMirror[contenteditable="false"]').waitFor({ timeout: 10000 })
  const glossary = ana.page.getByTestId('glossary').locator('.ProseMirror')
  await ana.page.getByTestId('glossary').locator('.ProseMirror[contenteditable="true"]').waitFor({ timeout: 10000 })
  await glossary.click()
  await ana.page.keyboard.type('kafala: guardianship', { delay: 5 })
  await ana.page.getByTestId('family-space').waitFor({ state: 'hidden' })
  await checkAccessibility(ana.page, 'interpreter room')
  await screenshot(ana.page, 'interpreter-room')

  // Mum sees Ana, who will leave in private time unless asked to stay.
  const mum = await newPerson(browser, server.base, 'phone')
  await joinWithLink(mum.page, server.base, links.Mum.url)
  const interpreters = mum.page.getByTestId('interpreters')
  await waitForText(interpreters, 'Ana: leaves in private time', 8000)
  assert.equal(await mum.page.getByTestId('glossary').count(), 0, 'the glossary is the interpreter\'s alone')
  assert.ok(!(await mum.page.locator('main').textContent()).includes('kafala'))

  // Private time: Ana has nothing of the family's until Mum asks her to stay.
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'private-family-time' })
  await ana.page.getByTestId('private-time').waitFor({ timeout: 10000 })
  await waitEditable(mum.page, 'notes')
  await typeInto(mum.page, 'notes', 'Kai stays with Gran on Fridays.')
  await mum.page.getByRole('button', { name: 'Ask Ana to stay for private time' }).click()
  await mum.page.getByText('Ana will stay with your family in private time.').waitFor()
  await waitForText(interpreters, 'Ana: stays with you in private time', 3000)
  await checkAccessibility(mum.page, 'room with an interpreter asked to stay')
  await screenshot(mum.page, 'interpreter-asked-to-stay')
  // Her page opens the family's notes, read-only, and the plan again, without a reload.
  const familyNotes = ana.page.locator('[data-testid="family-space"] .kp-editor[data-field="notes"] .ProseMirror[contenteditable="false"]')
  await familyNotes.waitFor({ timeout: 10000 })
  await waitForText(familyNotes, 'Kai stays with Gran on Fridays.', 10000)
  await ana.page.getByTestId('private-time').waitFor({ state: 'hidden', timeout: 10000 })
  assert.ok((await glossary.textContent()).includes('kafala'), 'her glossary is still hers')

  // Asked to leave: the family's notes go from her page.
  await mum.page.getByRole('button', { name: 'Ask Ana to leave private time' }).click()
  await ana.page.getByTestId('private-time').waitFor({ timeout: 10000 })
  await ana.page.getByTestId('family-space').waitFor({ state: 'hidden', timeout: 10000 })

  // The facilitator sees who needs an interpreter, and records another.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/network`)
  const granRow = fay.page.locator('tr[data-person="Gran"]')
  await waitForText(granRow.getByTestId('needs-interpreter'), 'Arabic', 5000)
  const anaRow = fay.page.locator('tr[data-person="Ana"]')
  await waitForText(anaRow, 'Interpreter', 2000)
  await checkAccessibility(fay.page, 'network with who needs an interpreter')
  for (const person of [ana, mum, fay]) await person.context.close()
})
