// The details GOV.UK users expect: an accessibility statement linked from every page's footer,
// signed-in pages inside GOV.UK's width container on a wide screen, no focus ring drawn around the
// main area when the app moves focus there, dates entered day, month and year (never the
// browser's picker), times in UK time, and a print style sheet that prints the plan's words
// without the page's controls.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, checkAccessibility, joinWithLink, newPerson, screenshot, serverAndBrowserForThisFile, setUpMeeting, signIn } from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

test('GOV.UK details: the accessibility statement, the width container, focus, dates and printing', { timeout: 120000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for T', [{ display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' }])
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })

  // A wide screen: every signed-in page keeps GOV.UK's 960px width container.
  const fay = await browser.newContext({ baseURL: server.base, viewport: { width: 1920, height: 1080 }, locale: 'en-GB', timezoneId: 'Europe/London' })
  const page = await fay.newPage()
  page.setDefaultTimeout(10000)
  await signIn(page, 'f@council.example')
  for (const path of ['/dashboard', `/meetings/${meeting.id}`, `/meetings/${meeting.id}/network`, `/meetings/${meeting.id}/agreement`]) {
    await page.goto(path)
    await page.locator('main h1').first().waitFor()
    const width = await page.locator('main').evaluate((main) => main.closest('.govuk-width-container').getBoundingClientRect().width)
    assert.ok(width <= 960, `${path} is ${width}px wide`)
    // The app moves focus to the main area; no ring is drawn around it.
    const outline = await page.locator('main').evaluate((main) => {
      main.focus()
      const style = getComputedStyle(main)
      return document.activeElement === main ? `${style.outlineStyle} ${style.outlineWidth}` : 'not focused'
    })
    assert.ok(outline.startsWith('none') || outline.endsWith(' 0px'), `${path}: the main area draws ${outline} when focused`)
  }

  // Dates are entered day, month and year: no browser date picker anywhere on these pages.
  await page.goto('/dashboard')
  await page.goto('/meetings')
  await page.locator('main h1').first().waitFor()
  assert.equal(await page.locator('input[type="date"], input[type="datetime-local"]').count(), 0)
  await page.getByRole('group', { name: /When is the meeting/ }).getByLabel('Day').waitFor()

  // The accessibility statement, linked from every page's footer, reachable without signing in.
  await page.getByRole('link', { name: 'Accessibility statement' }).click()
  await page.getByRole('heading', { level: 1, name: 'Accessibility statement for kinplan' }).waitFor()
  await page.getByText('Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018').waitFor()
  await checkAccessibility(page, 'the accessibility statement')
  const anyone = await newPerson(browser, server.base)
  await anyone.page.goto('/accessibility')
  await anyone.page.getByRole('heading', { level: 1, name: 'Accessibility statement for kinplan' }).waitFor()
  await anyone.context.close()

  // Printing the plan: its words, without the header, the menu, the buttons or "Exit this page".
  const rose = await newPerson(browser, server.base)
  await joinWithLink(rose.page, server.base, links.Rose.url)
  await rose.page.locator('.kp-editor[data-field="worries"] .ProseMirror[contenteditable="true"]').waitFor()
  await rose.page.emulateMedia({ media: 'print' })
  for (const selector of ['.kp-header', '.govuk-footer', '.govuk-exit-this-page', '.kp-room__side', '.kp-meeting-nav']) {
    const hidden = await rose.page.locator(selector).first().evaluate((element) => getComputedStyle(element).display === 'none')
    assert.ok(hidden, `${selector} is not printed`)
  }
  assert.ok(await rose.page.locator('[data-section="worries"] h2').isVisible(), 'the plan\'s sections are printed')
  await screenshot(rose.page, 'print-plan')
  await rose.context.close()
  await fay.close()
})
