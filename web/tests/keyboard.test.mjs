// Keyboard only: the family's whole journey (join with an access code, agree to the notice, write
// in two sections, add an action, agree to the plan) and the facilitator's (sign in, move the
// stages, propose, make the plan final) with Tab, Shift+Tab, Enter, Space and typing alone. At
// every step focus is on something (never lost to the page itself) and can be seen.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, checkAccessibility, joinUrl, newPerson, serverAndBrowserForThisFile, setUpMeeting, waitForText } from './harness.mjs'

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

/** What has focus now: its name as a person hears it, and whether its focus can be seen. */
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element || element === document.body || element === document.documentElement) return { lost: true }
    const style = getComputedStyle(element)
    const seen =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
      style.boxShadow !== 'none' ||
      // GOV.UK links show focus with a yellow background and a black underline.
      style.backgroundColor === 'rgb(255, 221, 0)'
    const label = element.labels?.[0]?.textContent ?? ''
    const name = (element.getAttribute('aria-label') || label || element.textContent || '').replace(/\s+/g, ' ').trim()
    return { lost: false, seen, name, tag: element.tagName.toLowerCase(), editable: element.isContentEditable }
  })
}

/** Waits (a moment at most) for focus to land after the page is drawn again, then says where. */
async function settledFocus(page) {
  await page
    .waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, { timeout: 3000 })
    .catch(() => {})
  return focused(page)
}

/**
 * Presses Tab (or Shift+Tab) until focus is on something whose name matches `wanted`, checking at
 * every stop that focus is neither lost nor invisible; fails after `most` presses.
 */
async function tabTo(page, wanted, { back = false, most = 120 } = {}) {
  for (let presses = 0; presses < most; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const now = await focused(page)
    assert.ok(!now.lost, `focus was lost after ${presses + 1} presses looking for ${wanted}`)
    assert.ok(now.seen, `focus on ${now.tag} "${now.name.slice(0, 60)}" cannot be seen`)
    if (typeof wanted === 'string' ? now.name.includes(wanted) : wanted(now)) return now
  }
  assert.fail(`${wanted} was not reached with ${most} presses of Tab`)
}

test('the family and the facilitator each go through the meeting with the keyboard alone', { timeout: 170000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for K', [
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'code' },
    { display_name: 'Sam', relationship: 'Social worker', kind: 'practitioner', staff_email: 's@council.example', is_referrer: true },
  ])

  // The facilitator signs in and moves the meeting on, by keyboard.
  const fay = await newPerson(browser, server.base)
  await fay.page.goto('/sign-in')
  await fay.page.getByLabel('Email address').waitFor()
  await tabTo(fay.page, 'Email address')
  await fay.page.keyboard.type('f@council.example')
  await tabTo(fay.page, 'Password')
  await fay.page.keyboard.type('a long password')
  await fay.page.keyboard.press('Enter')
  await fay.page.waitForURL(/dashboard/)
  await fay.page.goto(`/meetings/${meeting.id}`)
  await fay.page.getByRole('button', { name: 'Move on to information sharing' }).waitFor()
  await tabTo(fay.page, 'Move on to information sharing')
  await fay.page.keyboard.press('Enter')
  await waitForText(fay.page.locator('.kp-stage-bar'), 'Information sharing', 5000)

  // Rose joins with her code, agrees to the notice and writes, by keyboard.
  const rose = await newPerson(browser, server.base)
  await rose.page.goto(joinUrl(server.base, links.Rose.url))
  await rose.page.getByLabel('Access code').waitFor()
  await tabTo(rose.page, 'Access code')
  await rose.page.keyboard.type(links.Rose.access_code)
  await rose.page.keyboard.press('Enter')
  await rose.page.getByLabel('I agree to take part in this meeting').waitFor()
  await tabTo(rose.page, 'I agree to take part in this meeting')
  await rose.page.keyboard.press('Space')
  await tabTo(rose.page, 'I agree to how my information is shared')
  await rose.page.keyboard.press('Space')
  await tabTo(rose.page, 'Agree and continue')
  await rose.page.keyboard.press('Enter')
  await rose.page.locator('.kp-editor[data-field="worries"] .ProseMirror[contenteditable="true"]').waitFor()
  await tabTo(rose.page, (now) => now.editable)
  await rose.page.keyboard.type('K misses school on Mondays.')
  // Out of the editor and into the next one.
  await tabTo(rose.page, (now) => now.editable && now.name === '')
  await rose.page.keyboard.type('Gran lives next door.')
  await tabTo(rose.page, 'Add an action')
  await rose.page.keyboard.press('Enter')
  // The new action's first box takes focus.
  const inNewAction = await focused(rose.page)
  assert.ok(!inNewAction.lost && inNewAction.seen && inNewAction.name.includes('action 1'), JSON.stringify(inNewAction))
  await rose.page.keyboard.type('Walk K to school')
  await waitForText(fay.page.locator('.kp-editor[data-field="worries"]'), 'K misses school on Mondays.', 5000)
  await checkAccessibility(rose.page, 'room after writing by keyboard')

  // The facilitator moves on to agreement and proposes the plan.
  for (const stage of ['Move on to private family time', 'Move on to agreeing the plan']) {
    await fay.page.locator('main').focus()
    await tabTo(fay.page, stage)
    await fay.page.keyboard.press('Enter')
  }
  await waitForText(fay.page.locator('.kp-stage-bar'), 'Agreeing the plan', 5000)
  await fay.page.goto(`/meetings/${meeting.id}/agreement`)
  await fay.page.getByText('The plan has not been proposed for agreement yet.').waitFor()
  await fay.page.getByRole('button', { name: 'Propose the plan for agreement' }).waitFor()
  await tabTo(fay.page, 'Propose the plan for agreement')
  await fay.page.keyboard.press('Enter')
  await fay.page.getByRole('heading', { name: 'Version 1 is proposed for agreement' }).waitFor()
  assert.ok(!(await settledFocus(fay.page)).lost, 'focus is kept after proposing')

  // Rose agrees, by keyboard.
  await rose.page.goto(`/meetings/${meeting.id}/agreement`)
  await rose.page.getByRole('heading', { name: 'The plan being decided on' }).waitFor()
  await rose.page.getByLabel('I agree with the plan').waitFor()
  await tabTo(rose.page, 'I agree with the plan')
  await rose.page.keyboard.press('Space')
  await tabTo(rose.page, 'Record my decision')
  await rose.page.keyboard.press('Enter')
  await rose.page.getByText('Your decision is recorded: Agree.').waitFor()
  assert.ok(!(await settledFocus(rose.page)).lost, 'focus is kept after deciding')

  // The referrer agrees (through the API), and the facilitator makes the plan final by keyboard.
  const sam = await ApiClient.signedIn(server.base, 's@council.example')
  const proposal = await sam.call('GET', `/api/meetings/${meeting.id}/proposal`)
  await sam.call('POST', `/api/meetings/${meeting.id}/proposal/decisions`, { version_hash: proposal.version_hash, decision: 'agreed' })
  await fay.page.reload()
  await fay.page.getByRole('heading', { name: 'Version 1 is proposed for agreement' }).waitFor()
  await fay.page.getByRole('button', { name: 'Make the plan final' }).waitFor()
  await tabTo(fay.page, 'Make the plan final')
  await fay.page.keyboard.press('Enter')
  await fay.page.getByTestId('final-plan').waitFor()
  assert.ok(!(await settledFocus(fay.page)).lost, 'focus is kept after making the plan final')
  for (const person of [fay, rose]) await person.context.close()
})
