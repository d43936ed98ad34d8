// Arabic, right to left. A manager turns Arabic on (its words are not reviewed yet); a family
// member whose language is Arabic opens her link on a phone set to Arabic and has every page in
// Arabic with <html lang="ar" dir="rtl">, the layout mirrored (the service's name right of centre,
// each checkbox's box right of its words), writes Arabic in the plan, which runs right to left,
// downloads the plan as a PDF, and switches to English and back, which lasts after a reload. The
// facilitator's shared screen shows the family's parts in Arabic, mirrored, with the staff's own
// controls in English. Every page is checked with axe-core; screenshots land in
// tests/screenshots/i18n-ar-*.png.

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

const ar = (id, args) => words('ar', id, args)
const WORRY = 'نحن قلقون لأن ليلى تغيب عن المدرسة كثيرًا.'

/** The middle of an element's box, across. */
async function middle(locator) {
  const box = await locator.boundingBox()
  assert.ok(box, 'the element is on the page')
  return box.x + box.width / 2
}

test('a family member reads and writes in Arabic, right to left, and switches language', { timeout: 170000 }, async () => {
  await turnOnLanguage(browser, newPerson, server.base, 'm@council.example', 'Arabic', 'ar')

  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, links } = await setUpMeeting(api, 'Plan for Lily', [
    { display_name: 'Lily', relationship: 'The child', kind: 'child' },
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', language: 'ar', link: 'plain' },
  ])

  // Mum's phone is set to Arabic: before she is known, the join page follows it.
  const mum = await newPerson(browser, server.base, 'phone', { locale: 'ar' })
  const fetched = watchMessageFiles(mum.context)
  const { page } = mum
  await page.goto(joinUrl(server.base, links.Mum.url))
  await waitForLanguage(page, 'ar', 'rtl')
  assert.equal(plain(await page.getByTestId('join-heading').innerText()), ar('join-are-you', { name: 'Mum' }))
  await checkAndShoot(page, 'the join page in Arabic', 'i18n-ar-join')
  await page.locator('main form button[type="submit"]').click()

  // The privacy notice's page, in Arabic; each checkbox's box is on the right of its words.
  await page.getByRole('heading', { level: 1, name: ar('consent-title') }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })
  await page.locator('main form button[type="submit"]').click()
  await waitForText(page.locator('.govuk-error-summary'), ar('consent-error-takes-part'), 5000)
  await checkAndShoot(page, 'the privacy notice in Arabic, with errors', 'i18n-ar-consent')
  for (const item of await page.locator('.govuk-checkboxes__item').all()) {
    const box = await item.locator('input').boundingBox()
    const words = await item.locator('label').boundingBox()
    assert.ok(box && words && box.x >= words.x + words.width - 1, `the box (x ${box?.x}) is right of its words (${words?.x}–${(words?.x ?? 0) + (words?.width ?? 0)})`)
    const drawn = await item.locator('label').evaluate((label) => {
      const style = getComputedStyle(label, '::before')
      return { left: style.left, right: style.right }
    })
    assert.notEqual(drawn.right, 'auto', 'the drawn box is placed from the right')
    await item.locator('input').check()
  }
  await page.locator('main form button[type="submit"]').click()

  // The room: Arabic, mirrored. The service's name sits right of centre.
  await page.locator('.kp-stage-bar').waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })
  const width = page.viewportSize().width
  assert.ok((await middle(page.locator('.govuk-generic-header__homepage-link'))) > width / 2, 'the service name is right of centre')
  await waitForText(page.getByTestId('current-stage'), ar('stage-preparation'), 5000)
  await page.getByRole('heading', { level: 2, name: ar('plan-section-worries-title') }).waitFor()

  // She writes in Arabic: the paragraph runs right to left by itself.
  await waitEditable(page, 'worries')
  await typeInto(page, 'worries', WORRY)
  await waitForText(editor(page, 'worries'), WORRY, 3000)
  const paragraph = editor(page, 'worries').locator('p').first()
  assert.equal(await paragraph.getAttribute('dir'), 'auto')
  assert.equal(await paragraph.evaluate((element) => getComputedStyle(element).direction), 'rtl')
  // English words in the same plan run left to right.
  await typeInto(page, 'strengths', 'Gran helps every day.')
  assert.equal(await editor(page, 'strengths').locator('p').first().evaluate((element) => getComputedStyle(element).direction), 'ltr')
  await checkAndShoot(page, 'the meeting room in Arabic', 'i18n-ar-room')

  // Every other page of hers, in Arabic.
  const pages = [
    ['network', 'network-title'],
    ['agreement', 'agreement-title'],
    ['history', 'history-title'],
    ['map', 'map-title'],
  ]
  for (const [path, heading] of pages) {
    await page.goto(`/meetings/${meeting.id}/${path}`)
    await page.getByRole('heading', { level: 1, name: ar(heading) }).waitFor()
    assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })
    await checkAndShoot(page, `the ${path} page in Arabic`, `i18n-ar-${path}`)
  }

  // She saves the plan as a version and downloads it as a PDF.
  await page.goto(`/meetings/${meeting.id}/history`)
  await page.getByRole('heading', { level: 1, name: ar('history-title') }).waitFor()
  await page.locator('main form button[type="submit"]').click()
  await waitForText(page.locator('.govuk-notification-banner'), ar('history-saved-title'), 5000)
  // Names and numbers inside an Arabic sentence are isolated (U+2068…U+2069): compare the words.
  const pdfLink = page.locator('.kp-downloads a[data-format="pdf"]')
  await pdfLink.waitFor()
  assert.equal(plain(await pdfLink.innerText()), ar('download-link', { which: ar('download-which-version', { number: 1 }), format: ar('download-format-pdf') }))
  const pdf = await downloadPdf(page)
  assert.match(pdf.fileName, /\.pdf$/)
  await checkAndShoot(page, 'the history page in Arabic with a version', 'i18n-ar-history-version')

  // The switcher: English at once, still English after a reload, then Arabic again.
  const switcher = page.getByRole('navigation', { name: ar('language-switcher-label') })
  assert.equal(await switcher.locator('[lang="en"]').count(), 1, 'English is offered in its own name')
  assert.equal(await switcher.locator('[lang="ar"]').getAttribute('aria-current'), 'true')
  await switcher.getByRole('button', { name: 'English' }).click()
  await waitForLanguage(page, 'en', 'ltr')
  await page.getByRole('heading', { level: 1, name: 'Versions of the plan' }).waitFor()
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Versions of the plan' }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' }, 'the choice lasts after a reload')
  await page.getByRole('navigation', { name: 'Language' }).getByRole('button', { name: 'العربية' }).click()
  await waitForLanguage(page, 'ar', 'rtl')
  await page.reload()
  await page.getByRole('heading', { level: 1, name: ar('history-title') }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })

  // An address that does not exist, in Arabic.
  await page.goto('/no-such-page')
  await page.getByRole('heading', { level: 1, name: ar('not-found-title') }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })
  await checkAndShoot(page, 'the not-found page in Arabic', 'i18n-ar-not-found')

  // Only the languages the server offers were ever fetched: Arabic, never Welsh.
  assert.ok(fetched.some((file) => file.code === 'ar' && file.status === 200), 'Arabic was fetched')
  assert.deepEqual(fetched.filter((file) => file.code !== 'ar'), [], 'no other language file was asked for')

  // The shared screen: the facilitator shows the family's parts in Arabic; her own controls stay English.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}`)
  await fay.page.locator('.kp-stage-bar').waitFor()
  await fay.page.getByLabel("Language of the family's parts of this screen").selectOption('ar')
  await fay.page.locator('.kp-room[dir="rtl"][lang="ar"]').waitFor()
  assert.deepEqual(await documentLanguage(fay.page), { lang: 'en', dir: 'ltr' }, 'the staff page itself stays English')
  await waitForText(fay.page.getByTestId('current-stage'), ar('stage-preparation'), 5000)
  await fay.page.getByRole('button', { name: 'Move on to information sharing' }).waitFor()
  const plan = await middle(fay.page.locator('.kp-room__main'))
  const side = await middle(fay.page.locator('.kp-room__side'))
  assert.ok(plan > side, 'the plan is on the right, who is here on the left')
  await waitForText(editor(fay.page, 'worries'), WORRY, 5000)
  await checkAndShoot(fay.page, 'the shared screen with the family parts in Arabic', 'i18n-ar-shared-screen')
  const shown = await api.call('GET', `/api/meetings/${meeting.id}`)
  assert.equal(shown.language, 'ar', 'the meeting keeps its language')

  // Mum leaves and clears her phone: the page after it is in Arabic too.
  await page.goto(`/meetings/${meeting.id}`)
  await page.locator('.kp-stage-bar').waitFor()
  // On a phone the menu is folded away behind its button.
  await page.getByRole('button', { name: ar('nav-menu') }).click()
  await page.getByRole('button', { name: ar('nav-leave') }).click()
  await page.getByRole('heading', { level: 1, name: ar('left-title') }).waitFor()
  assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' })
  await checkAndShoot(page, 'the page after leaving, in Arabic', 'i18n-ar-left')

  await mum.context.close()
  await fay.context.close()
})
