// The plan on a phone, at 320 and 390 pixels wide: a contents list of the parts with their state,
// one part at a time with "next" and "previous", the person's own actions first, touch targets of
// at least 44 by 44 pixels, "Who is here" reachable from the top, and "Exit this page" as on
// every family page.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ApiClient,
  checkAccessibility,
  joinWithLink,
  screenshot,
  serverAndBrowserForThisFile,
  setUpMeeting,
  openContents,
  showActions,
  typeInto,
  waitEditable,
} from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile([{ email: 'f@council.example', name: 'Fay', role: 'facilitator' }], (started, launched) => {
  server = started
  browser = launched
})

test('the plan reads one part at a time on a phone, with contents, the person\'s own actions first', { timeout: 150000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, people, links } = await setUpMeeting(api, 'Plan for T', [
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
    { display_name: 'Gran', relationship: 'Grandmother', kind: 'family', link: 'plain' },
  ])
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })

  for (const width of [320, 390]) {
    const context = await browser.newContext({ baseURL: server.base, viewport: { width, height: 700 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/London' })
    context.setDefaultTimeout(10000)
    const page = await context.newPage()
    await joinWithLink(page, server.base, links.Rose.url)
    const contents = page.getByTestId('plan-contents')
    await contents.waitFor()

    // One section shows; the contents list every part with its state.
    const shown = await page.locator('.kp-plan > .kp-section:visible').count()
    assert.equal(shown, 1, `one part at a time at ${width}px`)
    assert.ok((await contents.textContent()).includes('What we are worried about'))
    await openContents(page)
    if (width === 320) {
      await waitEditable(page, 'worries')
      await typeInto(page, 'worries', 'T misses school.')
      await contents.getByText('(written)').first().waitFor()
    }

    // "Who is here" is reachable from the top of the page, without scrolling to the end.
    const who = page.getByRole('link', { name: 'Who is here' })
    const box = await who.boundingBox()
    assert.ok(box && box.y < 700 * 2, `the link to who is here is near the top: ${JSON.stringify(box)}`)
    assert.equal(await page.getByRole('button', { name: /Exit this page/ }).count() > 0, true, 'Exit this page as today')

    // Next and previous move through the parts, one at a time.
    const next = page.getByTestId('next-part')
    await next.click()
    assert.ok(await page.locator('.kp-plan > .kp-section[data-section="bottom_lines"]').isVisible())
    assert.equal(await page.locator('.kp-plan > .kp-section:visible').count(), 1)
    await page.getByTestId('previous-part').click()
    assert.ok(await page.locator('.kp-plan > .kp-section[data-section="worries"]').isVisible())

    // Touch targets: every link of the contents, and the buttons, at least 44 by 44.
    for (const target of [...(await contents.locator('a').all()), next]) {
      if (!(await target.isVisible())) continue
      const size = await target.boundingBox()
      assert.ok(size.height >= 44 && size.width >= 44, `${await target.textContent()} is ${size.width}x${size.height} at ${width}px`)
    }
    await checkAccessibility(page, `the plan on a ${width}px phone`)
    await screenshot(page, `phone-plan-${width}`)
    await context.close()
  }

  // The person's own actions come first, whoever added them and in whatever order.
  const rose = await browser.newContext({ baseURL: server.base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' })
  const page = await rose.newPage()
  page.setDefaultTimeout(10000)
  await joinWithLink(page, server.base, links.Rose.url)
  await showActions(page)
  for (const [what, who] of [['Gran collects T', people.Gran.id], ['Rose walks T to school', people.Rose.id]]) {
    await page.getByRole('button', { name: 'Add an action' }).click()
    const count = await page.locator('.kp-actions tbody tr').count()
    await page.getByLabel(`What will happen, action ${count}`).fill(what)
    await page.getByLabel(`Who, action ${count}`).selectOption(who)
  }
  await page.waitForFunction(() => document.querySelector('.kp-actions tbody tr input')?.value === 'Rose walks T to school')
  await screenshot(page, 'phone-own-actions-first')
  await rose.close()
})
