// Versions, comments and the network map: saving versions, a readable difference between them,
// restoring an earlier one (everyone connected sees it), downloading a version, a practitioner's
// comment reaching the family, and the map with the child at the centre and who took on what.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import {
  ApiClient,
  checkAccessibility,
  editor,
  editorText,
  joinWithLink,
  newPerson,
  screenshot,
  serverAndBrowserForThisFile,
  setUpMeeting,
  showActions,
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

test('versions, diff, restore, download, comments and the network map', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for T', [
    { display_name: 'T', relationship: 'The child', kind: 'child' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
    { display_name: 'Joe', relationship: 'Grandad', kind: 'family' },
    { display_name: 'Priya', relationship: 'Health visitor', kind: 'practitioner' },
  ])
  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await waitEditable(rose.page, 'worries')
  await typeInto(rose.page, 'worries', 'First words.')
  await showActions(rose.page)
  await rose.page.getByRole('button', { name: 'Add an action' }).click()
  await rose.page.getByLabel('What will happen, action 1').fill('Walk T to school')
  await rose.page.getByLabel('Who, action 1').selectOption({ label: 'Rose (Aunt)' })

  // Save a first version from the history page.
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/history`)
  await fay.page.getByText('No versions have been saved yet.').waitFor()
  await checkAccessibility(fay.page, 'versions (none)')
  await fay.page.getByLabel('Name for this version (optional)').fill('First draft')
  await fay.page.getByRole('button', { name: 'Save the plan as a new version' }).click()
  await waitForText(fay.page.getByTestId('versions'), 'First draft', 3000)

  // The family writes more; a second version; the difference reads plainly.
  await typeInto(rose.page, 'worries', ' Second words.')
  await rose.page.waitForTimeout(300)
  await fay.page.getByLabel('Name for this version (optional)').fill('Second draft')
  await fay.page.getByRole('button', { name: 'Save the plan as a new version' }).click()
  await waitForText(fay.page.getByTestId('versions'), 'Second draft', 3000)
  await fay.page.getByRole('button', { name: 'Show what changed' }).click()
  const inserted = fay.page.getByTestId('diff').locator('ins')
  await waitForText(inserted, 'Second words.', 3000)
  await checkAccessibility(fay.page, 'versions with a difference')
  await screenshot(fay.page, 'history')

  // Download version 1 as Markdown.
  await fay.page.getByLabel('Version to download').selectOption({ label: 'Version 1: First draft' })
  const [download] = await Promise.all([
    fay.page.waitForEvent('download'),
    fay.page.getByRole('link', { name: 'Download version 1 as text (Markdown)' }).click(),
  ])
  const markdown = await readFile(await download.path(), 'utf8')
  assert.ok(markdown.includes('First words'), 'the download holds the version 1 words')
  assert.ok(!markdown.includes('Second words'), 'and not the later ones')

  // Restore version 1: the family sees the plan change.
  await fay.page.getByRole('button', { name: 'Restore version 1' }).click()
  await fay.page.getByRole('button', { name: 'Yes, restore version 1' }).click()
  await fay.page.getByText('The plan now has the words of version 1.').waitFor()
  const started = Date.now()
  while ((await editorText(rose.page, 'worries')) !== 'First words.') {
    assert.ok(Date.now() - started < 5000, `restored words did not reach the family: ${await editorText(rose.page, 'worries')}`)
    await rose.page.waitForTimeout(100)
  }

  // A comment from the facilitator reaches the family.
  await fay.page.getByRole('link', { name: 'Meeting room' }).click()
  await fay.page.getByLabel('Which part of the plan is it about?').selectOption({ label: 'What we are worried about' })
  await fay.page.getByLabel('Your comment').fill('Please say who collects T on Fridays.')
  await fay.page.getByRole('button', { name: 'Add comment' }).click()
  await waitForText(rose.page.locator('.kp-comments'), 'Please say who collects T on Fridays.', 2000)
  assert.equal(await rose.page.getByLabel('Your comment').isVisible(), false, 'the family reads comments but does not write them')

  // The network map: the child at the centre, Rose with her action.
  await fay.page.getByRole('link', { name: 'Network map' }).click()
  await fay.page.getByTestId('network-map').waitFor()
  await waitForText(fay.page.getByTestId('map-table').locator('tr', { hasText: 'Rose' }), 'Walk T to school', 3000)
  const description = await fay.page.getByTestId('network-map').locator('desc').textContent()
  assert.match(description, /At the centre: T\./)
  assert.match(description, /Rose, Aunt: 1 action\./)
  assert.match(description, /Joe, Grandad: 0 actions\./)
  await checkAccessibility(fay.page, 'network map')
  await screenshot(fay.page, 'network-map')
  await rose.page.getByRole('link', { name: 'Network map' }).click()
  await rose.page.getByTestId('network-map').waitFor()
  await checkAccessibility(rose.page, 'network map (phone)')

  // The facilitator turns Rose's link off: her plan closes at once and she is told why.
  await rose.page.getByRole('link', { name: 'Our plan' }).first().click()
  await waitEditable(rose.page, 'worries')
  await fay.page.getByRole('link', { name: 'People and links' }).click()
  await fay.page.getByRole('button', { name: 'Turn off links for Rose' }).click()
  await fay.page.getByText("Rose's links no longer work.").waitFor()
  await waitForText(fay.page.locator('tr[data-person="Rose"]'), 'Link turned off', 2000)
  await checkAccessibility(fay.page, 'network after turning a link off')
  await rose.page.getByText(/no longer in this meeting|link was turned off/i).first().waitFor({ timeout: 3000 })
  assert.equal(await rose.page.getByTestId('plan').isVisible(), false, 'the plan closes for a turned-off link')
  await checkAccessibility(rose.page, 'family after the link was turned off')
  await fay.context.close()
  await rose.context.close()
})
