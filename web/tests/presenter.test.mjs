// The presenter view: the facilitator opens it from the meeting room on a 1920×1080 screen. Its
// text is large enough to read from across the room, the stage and its timer are in view, and a
// family member's words reach the section in focus live, with the section marked as being written
// and then written. The keys move between sections and, for the facilitator, move the stage on and
// back (the server confirms each move, and the screen says it). In private family time the screen
// shows a calm panel and nothing the family writes. Contact details, safety notes, comments, join
// links and codes exist for the meeting but never reach the screen. A family member who opens the
// presenter's address gets the room. A meeting in Arabic shows its parts in Arabic, right to left.
// Every state is checked with axe-core; screenshots land in tests/screenshots/presenter-*.png.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ApiClient,
  checkAccessibility,
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
import { plain, words } from './language-steps.mjs'

let server
let browser

serverAndBrowserForThisFile(
  [
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 'm@council.example', name: 'Meg', role: 'manager' },
  ],
  (started, launched) => {
    server = started
    browser = launched
  },
)

const SCREEN = { width: 1920, height: 1080 }

/** What the room may never see on the presenter's screen, though the meeting holds it. */
const PRIVATE = {
  address: '14 Quarry Lane, Hebden Bridge',
  phone: '07700 900456',
  email: 'rose.private@example.org',
  note: 'Dad was violent at the last handover',
  comment: 'School attendance has dropped to 62 percent',
}

/** The title of the section in focus. */
const focusTitle = (page) => page.locator('.kp-present-focus__title')

/** A section's state on the list (empty, writing or written); only in `state` when given. */
const stateOf = (page, section, state) =>
  page.locator(`.kp-present-sections__button[data-section="${section}"] .kp-present-state${state ? `[data-state="${state}"]` : ''}`)

/** Presses `key` and waits for the section in focus to be `title`. */
async function pressFor(page, key, title) {
  await page.keyboard.press(key)
  await waitForText(focusTitle(page), title, 3000)
  const current = await page.locator('.kp-present-sections__button[aria-current="true"] .kp-present-sections__title').innerText()
  assert.equal(current, title, `after ${key} the list marks the section in focus`)
}

/** The computed font size, in pixels, of the first element `selector` finds. */
async function fontSize(page, selector) {
  return page.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize))
}

/** The meeting's stage as the server has it. */
async function serverStage(api, meetingId) {
  return (await api.call('GET', `/api/meetings/${meetingId}`)).stage
}

/** Fails if any of the words of `secrets` is anywhere in the page, shown or not. */
async function assertNoneOf(page, secrets, when) {
  const html = await page.content()
  const text = await page.locator('body').innerText()
  for (const secret of secrets) {
    assert.ok(!html.includes(secret) && !text.includes(secret), `${when}: the presenter view does not hold "${secret}"`)
  }
}

test('the presenter view: large, live, keys for sections and stages, nothing private, private time', { timeout: 180000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, people, links } = await setUpMeeting(api, 'Plan for K', [
    { display_name: 'K', relationship: 'The child', kind: 'child' },
    { display_name: 'Rose', relationship: 'Aunt', kind: 'family', link: 'plain' },
    { display_name: 'Dad', relationship: 'Father', kind: 'family', link: 'code' },
  ])
  const base = `/api/meetings/${meeting.id}`
  // Details the network may see on its own pages, and a safety note only staff read.
  await api.call('PUT', `${base}/participants/${people.Rose.id}/contact`, {
    address: PRIVATE.address,
    phones: [PRIVATE.phone],
    email: PRIVATE.email,
    visibility: 'network',
  })
  await api.call('POST', `${base}/safety-notes`, { category: 'risk', body: PRIVATE.note, participant_id: people.Dad.id })
  const never = [...Object.values(PRIVATE), links.Rose.url, new URL(links.Rose.url).hash, links.Dad.url, links.Dad.access_code]
  assert.ok(links.Dad.access_code, 'Dad has an access code')

  const fay = await newPerson(browser, server.base)
  const rose = await newPerson(browser, server.base, 'phone')
  await fay.page.setViewportSize(SCREEN)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}`)
  await joinWithLink(rose.page, server.base, links.Rose.url)
  assert.equal(await rose.page.getByRole('link', { name: 'Open the presenter view' }).count(), 0, 'the family has no presenter link')

  // A practitioner's comment on the plan, written in the room.
  await fay.page.getByLabel('Your comment').fill(PRIVATE.comment)
  await fay.page.getByRole('button', { name: 'Add comment' }).click()
  await waitForText(fay.page.locator('.kp-comment__text'), PRIVATE.comment, 5000)

  // The facilitator opens the presenter view from the room.
  await fay.page.getByRole('link', { name: 'Open the presenter view' }).click()
  await fay.page.waitForURL(`**/meetings/${meeting.id}/present`)
  const presenter = fay.page
  await presenter.getByTestId('present-focus').waitFor()
  await waitForText(presenter.getByTestId('presence'), 'Rose', 10000)
  assert.equal(await presenter.locator('header.govuk-generic-header, .govuk-service-navigation, footer').count(), 0, 'no service header, menu or footer')
  assert.equal(await presenter.getByRole('link', { name: 'Back to the meeting room' }).getAttribute('href'), `/meetings/${meeting.id}`)

  // Readable from four metres: body text at least 28 px at 1920 wide, headings larger.
  const sizes = {
    main: await fontSize(presenter, 'main'),
    sectionList: await fontSize(presenter, '.kp-present-sections__title'),
    empty: await fontSize(presenter, '.kp-present-focus__empty'),
    hint: await fontSize(presenter, '.kp-present-focus__hint'),
    presence: await fontSize(presenter, '.kp-presence__name'),
    stage: await fontSize(presenter, '.kp-stage-now'),
    heading: await fontSize(presenter, '.kp-present-focus__title'),
  }
  for (const [part, size] of Object.entries(sizes)) assert.ok(size >= 28, `${part} text is ${size}px, at least 28px`)
  assert.ok(sizes.heading > sizes.empty * 1.3, `the section's heading (${sizes.heading}px) is larger than its text (${sizes.empty}px)`)

  // The stage and its timer, in view without scrolling.
  assert.equal(await presenter.getByTestId('current-stage').innerText(), 'Preparation')
  const timer = presenter.getByTestId('stage-timer')
  assert.match(await timer.innerText(), /^\d+:\d{2}/)
  for (const part of [presenter.getByTestId('current-stage'), timer, presenter.getByTestId('presence'), presenter.getByTestId('present-focus')]) {
    const box = await part.boundingBox()
    assert.ok(box && box.y >= 0 && box.y + Math.min(box.height, 40) <= SCREEN.height, 'in view on a 1920×1080 screen')
  }

  // The sections, each with its state; the first in focus.
  assert.equal(await presenter.locator('.kp-present-sections__button').count(), 10)
  await waitForText(focusTitle(presenter), 'What we are worried about', 3000)
  assert.equal(await stateOf(presenter, 'strengths').getAttribute('data-state'), 'empty')

  // A family member writes: the section is marked as being written, and the words arrive live.
  await waitEditable(rose.page, 'strengths')
  await typeInto(rose.page, 'strengths', 'Rose collects K from school every day.')
  await stateOf(presenter, 'strengths', 'writing').waitFor({ timeout: 5000 })
  await pressFor(presenter, 'ArrowDown', 'Bottom lines: what must happen for the child to be safe')
  await pressFor(presenter, 'j', 'What is working well')
  await waitForText(presenter.getByTestId('present-text'), 'Rose collects K from school every day.', 5000)
  await typeInto(rose.page, 'strengths', ' Grandad cooks on Sundays.')
  await waitForText(presenter.getByTestId('present-text'), 'Grandad cooks on Sundays.', 5000)
  const textSize = await fontSize(presenter, '[data-testid="present-text"] p')
  assert.ok(textSize >= 28, `the plan's text is ${textSize}px, at least 28px`)
  assert.equal(await presenter.locator('[data-testid="present-text"] [contenteditable], [data-testid="present-text"] textarea, [data-testid="present-text"] input').count(), 0, 'nothing to edit on the presenter view')
  assert.equal(await presenter.locator('.kp-present-focus .kp-present-state').getAttribute('data-state'), 'writing')
  // She stops writing and leaves the section: a few seconds later it counts as written.
  await rose.page.locator('h1').click()
  await stateOf(presenter, 'strengths', 'written').waitFor({ timeout: 12000 })
  assert.equal(await stateOf(presenter, 'worries').getAttribute('data-state'), 'empty')

  // The other keys between sections.
  await pressFor(presenter, 'ArrowUp', 'Bottom lines: what must happen for the child to be safe')
  await pressFor(presenter, 'k', 'What we are worried about')
  await pressFor(presenter, 'End', 'How we will know the plan is working')
  await pressFor(presenter, 'Home', 'What we are worried about')
  await pressFor(presenter, 'ArrowRight', 'Bottom lines: what must happen for the child to be safe')
  await pressFor(presenter, 'PageDown', 'What is working well')

  // The keys, on demand.
  const keys = presenter.getByTestId('present-keys')
  assert.equal(await keys.isVisible(), false)
  await presenter.keyboard.press('?')
  await keys.waitFor({ state: 'visible' })
  await waitForText(keys, 'Move the meeting on to the next stage', 1000)
  await checkAccessibility(presenter, 'the presenter view with its keys')
  await screenshot(presenter, 'presenter-keys-1920')
  await presenter.keyboard.press('Escape')
  await keys.waitFor({ state: 'hidden' })

  // Nothing the room may not see.
  await assertNoneOf(presenter, never, 'in the meeting')
  assert.ok(!(await presenter.locator('body').innerText()).includes('Comments from practitioners'), 'no comments at all')
  const hrefs = await presenter.locator('a[href]').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))
  assert.deepEqual(hrefs.sort(), ['#main-content', `/meetings/${meeting.id}`].sort(), 'the only links: skip to the content, and back to the room')
  await checkAccessibility(presenter, 'the presenter view')
  console.log(`screenshot: ${await screenshot(presenter, 'presenter-1920')}`)

  // The facilitator's stage keys: on, and back, each confirmed by the server and announced.
  await presenter.keyboard.press('Shift+ArrowRight')
  await waitForText(presenter.getByTestId('present-announcement'), 'The meeting has moved on to: Information sharing', 5000)
  assert.equal(await serverStage(api, meeting.id), 'information')
  assert.equal(await presenter.getByTestId('present-announcement').getAttribute('role'), 'status')
  await waitForText(rose.page.getByTestId('current-stage'), 'Information sharing', 5000)
  await presenter.keyboard.press('Shift+ArrowLeft')
  await waitForText(presenter.getByTestId('present-announcement'), 'The meeting has gone back to: Preparation', 5000)
  assert.equal(await serverStage(api, meeting.id), 'preparation')
  await presenter.keyboard.press('Shift+ArrowRight')
  await waitForText(presenter.getByTestId('current-stage'), 'Information sharing', 5000)
  await presenter.keyboard.press('Shift+ArrowRight')
  await waitForText(presenter.getByTestId('present-announcement'), 'The meeting has moved on to: Private family time', 5000)
  assert.equal(await serverStage(api, meeting.id), 'private-family-time')

  // Private family time: a calm panel, the stage and its timer, and nothing of the family's.
  const panel = presenter.getByTestId('present-private-time')
  await panel.waitFor({ state: 'visible', timeout: 5000 })
  await waitForText(panel, 'The family is in private time', 1000)
  assert.equal(await presenter.getByTestId('present-work').isVisible(), false)
  assert.ok(await presenter.getByTestId('stage-timer').isVisible(), 'the timer stays in view')
  await waitForText(rose.page.getByTestId('current-stage'), 'Private family time', 5000)
  await rose.page.getByTestId('family-space').waitFor()
  await waitEditable(rose.page, 'notes')
  await typeInto(rose.page, 'notes', 'Only for us: the new flat is near the park.')
  await waitEditable(rose.page, 'worries')
  await typeInto(rose.page, 'worries', 'We worry K is alone after school.')
  await presenter.waitForTimeout(1500)
  await presenter.keyboard.press('ArrowDown')
  await assertNoneOf(
    presenter,
    [...never, 'Only for us', 'the new flat', 'We worry K is alone', 'Rose collects K from school', 'Grandad cooks'],
    'in private family time',
  )
  await checkAccessibility(presenter, 'the presenter view in private family time')
  console.log(`screenshot: ${await screenshot(presenter, 'presenter-private-time-1920')}`)

  // Agreeing the plan: the plan comes back with what the family wrote, never their notes.
  await presenter.keyboard.press('Shift+ArrowRight')
  await waitForText(presenter.getByTestId('present-announcement'), 'The meeting has moved on to: Agreeing the plan', 5000)
  assert.equal(await serverStage(api, meeting.id), 'agreement')
  await presenter.getByTestId('present-work').waitFor({ state: 'visible' })
  await pressFor(presenter, 'Home', 'What we are worried about')
  await waitForText(presenter.getByTestId('present-text'), 'We worry K is alone after school.', 10000)
  await assertNoneOf(presenter, [...never, 'Only for us', 'the new flat'], 'after private family time')
  // The presenter view moves the meeting no further: closing it belongs to the agreement page.
  await presenter.keyboard.press('Shift+ArrowRight')
  await presenter.getByRole('alert').filter({ hasText: 'no further than agreeing the plan' }).waitFor({ timeout: 3000 })
  assert.equal(await serverStage(api, meeting.id), 'agreement')
  await checkAccessibility(presenter, 'the presenter view while the plan is agreed')

  // A family member who opens the presenter's address gets the room.
  await rose.page.goto(`/meetings/${meeting.id}/present`)
  await rose.page.waitForURL(`**/meetings/${meeting.id}`)
  await rose.page.locator('.kp-stage-bar').waitFor()
  assert.equal(await rose.page.locator('.kp-present').count(), 0)

  // Back to the room.
  await presenter.getByRole('link', { name: 'Back to the meeting room' }).click()
  await presenter.waitForURL(`**/meetings/${meeting.id}`)
  await presenter.locator('.kp-room').waitFor()
  await fay.context.close()
  await rose.context.close()
})

test('the presenter view of a meeting held in Arabic reads right to left', { timeout: 120000 }, async () => {
  const manager = await ApiClient.signedIn(server.base, 'm@council.example')
  await manager.call('PUT', '/api/languages/ar', { enabled: true })
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting } = await setUpMeeting(api, 'خطة ليلى', [{ display_name: 'Lily', relationship: 'The child', kind: 'child' }])
  await api.call('PUT', `/api/meetings/${meeting.id}/language`, { language: 'ar' })

  const fay = await newPerson(browser, server.base)
  const page = fay.page
  await page.setViewportSize(SCREEN)
  await signIn(page, 'f@council.example')
  await page.goto(`/meetings/${meeting.id}/present`)
  const work = page.getByTestId('present-work')
  await work.waitFor()
  assert.equal(await work.getAttribute('lang'), 'ar')
  assert.equal(await work.getAttribute('dir'), 'rtl')
  await waitForText(page.getByTestId('present-sections'), words('ar', 'present-sections-heading'), 5000)
  assert.equal(plain(await page.getByTestId('current-stage').innerText()), words('ar', 'stage-preparation'))
  // The facilitator's own controls stay in English.
  await page.getByRole('link', { name: 'Back to the meeting room' }).waitFor()

  // Mirrored: the sections on the right, the section in focus to their left.
  const sections = await page.getByTestId('present-sections').boundingBox()
  const focus = await page.getByTestId('present-focus').boundingBox()
  assert.ok(sections && focus && sections.x > focus.x, 'the sections are right of the section in focus')
  const first = plain(await page.locator('.kp-present-focus__title').innerText())
  assert.equal(first, words('ar', 'plan-section-worries-title'))
  // Forward is to the left in a right-to-left meeting.
  await page.keyboard.press('ArrowLeft')
  await waitForText(page.locator('.kp-present-focus__title'), words('ar', 'plan-section-bottom-lines-title'), 3000)
  assert.equal(plain(await page.locator('.kp-present-focus__position').innerText()), plain(words('ar', 'present-section-position', { number: 2, total: 10 })))
  await page.keyboard.press('ArrowRight')
  await waitForText(page.locator('.kp-present-focus__title'), first, 3000)
  await checkAccessibility(page, 'the presenter view in Arabic')
  console.log(`screenshot: ${await screenshot(page, 'presenter-ar-1920')}`)
  await fay.context.close()
})
