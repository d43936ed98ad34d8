// Welsh, and a language that is not turned on. Welsh's words are not reviewed yet, so at first the
// server does not offer it: a family member whose language is Welsh, on a phone set to Welsh, gets
// English pages and the app never fetches (nor is given) Welsh's messages. Once a manager turns
// Welsh on, her pages are in Welsh with <html lang="cy" dir="ltr">: she consents, writes Welsh in
// the plan, downloads the plan as a PDF, and the switcher's choice lasts after a reload. The
// facilitator shows the family's parts of the shared screen in Welsh, which makes Welsh the
// meeting's language: a child joining next reads the join page (from her phone's language) and
// then the privacy notice's page (from the meeting's) in Welsh. Every page is checked with
// axe-core; screenshots land in tests/screenshots/i18n-cy-*.png.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiClient, editor, joinUrl, newPerson, serverAndBrowserForThisFile, setUpMeeting, signIn, typeInto, waitEditable, waitForText } from './harness.mjs'
import { checkAndShoot, documentLanguage, downloadPdf, plain, turnOnLanguage, waitForLanguage, watchMessageFiles, words } from './language-steps.mjs'

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

const cy = (id, args) => words('cy', id, args)
const HOPE = 'Rydym eisiau i Gwen fynd i’r ysgol bob dydd.'

test('Welsh is never shown until a manager turns it on; then the family has every page in Welsh', { timeout: 170000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, people, links } = await setUpMeeting(api, 'Cynllun Gwen', [
    { display_name: 'Gwen', relationship: 'The child', kind: 'child' },
    { display_name: 'Nain', relationship: 'Grandmother', kind: 'family', language: 'cy', link: 'plain' },
  ])

  // The server lists Welsh as not reviewed and not on, and will not give its messages.
  const listed = await api.call('GET', '/api/languages')
  const welsh = listed.languages.find((language) => language.code === 'cy')
  assert.equal(welsh.reviewed, false)
  assert.equal(welsh.enabled, false)
  assert.equal((await fetch(`${server.base}/api/languages/cy/web.ftl`)).status, 404)

  // Nain's phone is set to Welsh, and Welsh is her language: still, everything is English.
  const nain = await newPerson(browser, server.base, 'phone', { locale: 'cy' })
  const fetched = watchMessageFiles(nain.context)
  const { page } = nain
  await page.goto(joinUrl(server.base, links.Nain.url))
  await page.getByRole('heading', { level: 1, name: 'Are you Nain?' }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' })
  assert.equal(await page.locator('.kp-language-switcher').count(), 0, 'no other language is offered')
  await page.getByRole('button', { name: /Yes, this is me/ }).click()
  await page.getByRole('heading', { level: 1, name: 'Before you join the meeting' }).waitFor()
  await page.getByLabel('I agree to take part in this meeting').check()
  await page.getByLabel('I agree to how my information is shared, as above').check()
  await page.getByRole('button', { name: 'Agree and continue' }).click()
  await page.locator('.kp-stage-bar').waitFor()
  await page.getByRole('heading', { level: 2, name: 'What we are worried about' }).waitFor()
  const session = await page.evaluate(async () => (await fetch('/api/session')).json())
  assert.equal(session.language, 'en', 'her pages are English while Welsh is off')
  assert.deepEqual(fetched, [], 'the app never asked for Welsh')
  assert.equal(await page.evaluate(async () => (await fetch('/api/languages/cy/web.ftl')).status), 404, 'nor would it be given it')
  fetched.length = 0
  // Choosing Welsh for herself is refused while it is off (the server says why: 400).
  const refused = await page.evaluate(async () => {
    const response = await fetch('/api/session/language', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'cy' }) })
    return response.status
  })
  assert.ok(refused === 400 || refused === 422, `choosing a language that is off is refused, not ${refused}`)

  // A manager turns Welsh on: from her next page, Nain reads Welsh.
  await turnOnLanguage(browser, newPerson, server.base, 'm@council.example', 'Welsh', 'cy')
  await page.reload()
  await waitForLanguage(page, 'cy', 'ltr')
  await page.getByRole('heading', { level: 2, name: cy('plan-section-worries-title') }).waitFor()
  await waitForText(page.getByTestId('current-stage'), cy('stage-preparation'), 5000)
  assert.deepEqual(fetched.map((file) => `${file.code} ${file.status}`), ['cy 200'])

  // She writes in Welsh.
  await waitEditable(page, 'child_dreams')
  await typeInto(page, 'child_dreams', HOPE)
  await waitForText(editor(page, 'child_dreams'), HOPE, 3000)
  await checkAndShoot(page, 'the meeting room in Welsh', 'i18n-cy-room')

  // Every other page of hers, in Welsh.
  for (const [path, heading] of [
    ['network', 'network-title'],
    ['agreement', 'agreement-title'],
    ['history', 'history-title'],
    ['map', 'map-title'],
  ]) {
    await page.goto(`/meetings/${meeting.id}/${path}`)
    await page.getByRole('heading', { level: 1, name: cy(heading) }).waitFor()
    assert.deepEqual(await documentLanguage(page), { lang: 'cy', dir: 'ltr' })
    await checkAndShoot(page, `the ${path} page in Welsh`, `i18n-cy-${path}`)
  }
  // On the People page, her own stop-taking-part warning is in Welsh.
  await page.goto(`/meetings/${meeting.id}/network`)
  await waitForText(page.locator('.govuk-warning-text'), cy('stop-warning'), 5000)

  // She saves the plan as a version and downloads it as a PDF.
  await page.goto(`/meetings/${meeting.id}/history`)
  await page.getByRole('button', { name: cy('history-save') }).click()
  await waitForText(page.locator('.govuk-notification-banner'), cy('history-saved', { number: 1 }), 5000)
  await page.getByRole('link', { name: cy('download-link', { which: cy('download-which-version', { number: 1 }), format: cy('download-format-pdf') }) }).waitFor()
  await downloadPdf(page)
  await checkAndShoot(page, 'the history page in Welsh with a version', 'i18n-cy-history-version')

  // The switcher: English, lasting after a reload; then Cymraeg again.
  const switcher = page.getByRole('navigation', { name: cy('language-switcher-label') })
  assert.equal(await switcher.locator('[lang="cy"]').getAttribute('aria-current'), 'true')
  assert.equal(await switcher.locator('[lang="ar"]').count(), 0, 'Arabic is not offered: it is not turned on')
  await switcher.getByRole('button', { name: 'English' }).click()
  await waitForLanguage(page, 'en', 'ltr')
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Versions of the plan' }).waitFor()
  await page.getByRole('navigation', { name: 'Language' }).getByRole('button', { name: 'Cymraeg' }).click()
  await waitForLanguage(page, 'cy', 'ltr')
  await page.reload()
  await page.getByRole('heading', { level: 1, name: cy('history-title') }).waitFor()

  // The shared screen: the facilitator shows the family's parts in Welsh.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}`)
  await fay.page.locator('.kp-stage-bar').waitFor()
  await fay.page.getByLabel("Language of the family's parts of this screen").selectOption('cy')
  await fay.page.locator('.kp-room[lang="cy"]').waitFor()
  await waitForText(fay.page.getByTestId('current-stage'), cy('stage-preparation'), 5000)
  await fay.page.getByRole('heading', { level: 2, name: cy('plan-section-child-dreams-title') }).waitFor()
  assert.equal(plain(await fay.page.getByRole('navigation', { name: 'Menu' }).innerText()).includes('Sign out'), true, 'her own menu stays English')
  await checkAndShoot(fay.page, 'the shared screen with the family parts in Welsh', 'i18n-cy-shared-screen')

  // A new visitor whose phone is in Welsh gets a Welsh join page now; once she is in, her pages
  // are in the meeting's language, which the facilitator made Welsh.
  const link = await api.call('POST', `/api/meetings/${meeting.id}/participants/${people.Gwen.id}/links`, { access_code: true })
  const gwen = await newPerson(browser, server.base, 'phone', { locale: 'cy-GB' })
  await gwen.page.goto(joinUrl(server.base, link.url))
  await waitForLanguage(gwen.page, 'cy', 'ltr')
  await gwen.page.getByRole('heading', { level: 1, name: cy('join-heading') }).waitFor()
  await gwen.page.getByLabel(cy('join-access-code')).fill('12')
  await gwen.page.getByRole('button', { name: cy('join-button') }).click()
  await waitForText(gwen.page.locator('.govuk-error-summary'), cy('join-error-code-six-numbers'), 5000)
  await checkAndShoot(gwen.page, 'the join page in Welsh, with an error', 'i18n-cy-join')
  await gwen.page.getByLabel(cy('join-access-code')).fill(link.access_code)
  await gwen.page.getByRole('button', { name: cy('join-button') }).click()
  await gwen.page.getByRole('heading', { level: 1, name: cy('consent-title') }).waitFor()
  await gwen.page.getByLabel(cy('consent-supporter')).waitFor()
  await checkAndShoot(gwen.page, 'the privacy notice in Welsh', 'i18n-cy-consent')
  await gwen.page.getByLabel(cy('consent-takes-part')).check()
  await gwen.page.getByLabel(cy('consent-shares-information')).check()
  await gwen.page.getByRole('button', { name: cy('consent-agree') }).click()
  await gwen.page.locator('.kp-stage-bar').waitFor()
  assert.deepEqual(await documentLanguage(gwen.page), { lang: 'cy', dir: 'ltr' })

  // Gwen stops taking part, from her own entry on the People page: the page after it is Welsh.
  await gwen.page.getByRole('link', { name: cy('meeting-nav-people'), exact: true }).click()
  await gwen.page.getByRole('button', { name: cy('stop-button') }).click()
  await gwen.page.getByRole('button', { name: cy('stop-yes') }).click()
  await gwen.page.getByRole('heading', { level: 1, name: cy('stopped-title') }).waitFor()
  assert.deepEqual(await documentLanguage(gwen.page), { lang: 'cy', dir: 'ltr' })
  await checkAndShoot(gwen.page, 'the page after stopping, in Welsh', 'i18n-cy-stopped')

  for (const person of [nain, gwen, fay]) await person.context.close()
})
