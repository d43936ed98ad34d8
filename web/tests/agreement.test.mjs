// The whole agreement flow: the facilitator proposes the plan, the family member and the referrer
// (a practitioner with a staff account) record their decisions on that exact version, the
// facilitator sees who has decided, makes the plan final, and downloads it as a PDF.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
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

serverAndBrowserForThisFile([
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 's@council.example', name: 'Sam', role: 'practitioner' },
  ], (started, launched) => {
  server = started
  browser = launched
})

test('agreement ends with a final plan and a PDF download', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for J', [
    { display_name: 'J', relationship: 'The child', kind: 'child' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
    { display_name: 'Sam', relationship: 'Social worker', kind: 'practitioner', staff_email: 's@council.example', is_referrer: true },
  ])
  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')
  const sam = await newPerson(browser, server.base)

  // The family writes the plan; the meeting reaches agreement.
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await waitEditable(rose.page, 'family_answers')
  await typeInto(rose.page, 'family_answers', 'J will live with Rose during the week.')
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'agreement' })

  // The facilitator proposes the plan.
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/agreement`)
  await fay.page.getByText('The plan has not been proposed for agreement yet.').waitFor()
  await checkAccessibility(fay.page, 'agreement before proposal')
  await fay.page.getByRole('button', { name: 'Propose the plan for agreement' }).click()
  await fay.page.getByRole('heading', { name: 'Version 1 is proposed for agreement' }).waitFor()
  await waitForText(fay.page.getByTestId('waiting-for'), 'Rose', 2000)

  // The plan is now read-only in the room for the family.
  await rose.page.locator('.kp-editor[data-field="family_answers"] .ProseMirror[contenteditable="false"]').waitFor({ timeout: 5000 })
  await waitForText(rose.page.getByTestId('access-note'), 'proposed for agreement', 3000)

  // Rose reads the proposed version and agrees.
  await rose.page.getByRole('link', { name: 'Agreeing the plan' }).click()
  await rose.page.getByRole('heading', { name: 'The plan being decided on' }).waitFor()
  await rose.page.getByText('J will live with Rose during the week.').waitFor()
  await checkAccessibility(rose.page, 'agreement (family)')
  await rose.page.getByRole('button', { name: 'Record my decision' }).click()
  await rose.page.getByText('Choose what you think of the plan').first().waitFor()
  await checkAccessibility(rose.page, 'agreement (family) with an error')
  await rose.page.getByLabel('I agree with the plan').check()
  await rose.page.getByRole('button', { name: 'Record my decision' }).click()
  await rose.page.getByText('Your decision is recorded: Agree.').waitFor()
  await screenshot(rose.page, 'agreement-family')

  // The facilitator sees Rose's decision arrive; the referrer has yet to decide.
  await waitForText(fay.page.getByTestId('decisions'), 'Rose', 3000)
  await waitForText(fay.page.getByTestId('waiting-for'), 'Sam', 1000)
  // Making the plan final before the referrer agrees is refused, in plain words.
  await fay.page.getByRole('button', { name: 'Make the plan final' }).click()
  await fay.page.getByText('The referrer has not recorded a decision yet.').waitFor()

  // The referrer signs in and records theirs.
  await signIn(sam.page, 's@council.example')
  await sam.page.goto(`/meetings/${meeting.id}/agreement`)
  await sam.page.getByText('You are the referrer.').waitFor()
  await checkAccessibility(sam.page, 'agreement (referrer)')
  await sam.page.getByLabel('Agreed', { exact: true }).check()
  await sam.page.getByRole('button', { name: 'Record my decision' }).click()
  await sam.page.getByText('Your decision is recorded: Agreed.').waitFor()

  // The facilitator sees who has decided, and makes the plan final. J, the child, has not come
  // and was not named, so nobody waits for J.
  await waitForText(fay.page.getByTestId('referrer-decision'), 'Agreed', 3000)
  await waitForText(fay.page.getByTestId('decisions'), 'Sam', 1000)
  assert.equal((await fay.page.getByTestId('waiting-for').innerText()).trim(), 'Everyone has decided')
  await waitForText(fay.page.getByTestId('not-expected'), 'J', 1000)
  // The facilitator may still name J as expected to decide: then J is waited for.
  await fay.page.getByRole('button', { name: 'Expect J to decide' }).click()
  await waitForText(fay.page.getByTestId('waiting-for'), 'J', 3000)
  assert.equal(await fay.page.getByTestId('not-expected').count(), 0)
  await checkAccessibility(fay.page, 'agreement with decisions')
  await screenshot(fay.page, 'agreement-facilitator')
  await fay.page.getByRole('button', { name: 'Make the plan final' }).click()
  await fay.page.getByTestId('final-plan').waitFor()
  await fay.page.getByRole('heading', { name: 'The plan is final' }).waitFor()
  await checkAccessibility(fay.page, 'final plan')
  await screenshot(fay.page, 'agreement-final')

  // Everyone else sees that the plan is final too.
  await rose.page.getByRole('heading', { name: 'The plan is final' }).waitFor({ timeout: 5000 })

  // Download the final plan as a PDF.
  const [download] = await Promise.all([
    fay.page.waitForEvent('download'),
    fay.page.getByRole('link', { name: 'Download the final plan as PDF' }).click(),
  ])
  assert.match(download.suggestedFilename(), /\.pdf$/)
  const bytes = await readFile(await download.path())
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF')
  assert.ok(bytes.length > 1000, 'the PDF has content')

  await fay.context.close()
  await rose.context.close()
  await sam.context.close()
})
