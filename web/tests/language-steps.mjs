// Steps the language tests share: the words of a language from its message file, turning a
// language on as a manager, what the page says its language is, which message files a browser
// fetched, screenshots whose paths are printed, and downloading a version as a PDF.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FluentBundle, FluentResource } from '@fluent/bundle'
import { checkAccessibility, openFromMenu, repoDir, screenshot, signIn } from './harness.mjs'

const bundles = new Map()

/** The message `id` of language `code` as i18n/CODE/web.ftl has it (no isolation marks). */
export function words(code, id, args) {
  let bundle = bundles.get(code)
  if (!bundle) {
    bundle = new FluentBundle(code === 'en' ? 'en-GB' : code, { useIsolating: false })
    bundle.addResource(new FluentResource(readFileSync(join(repoDir, 'i18n', code, 'web.ftl'), 'utf8')))
    bundles.set(code, bundle)
  }
  const message = bundle.getMessage(id)
  assert.ok(message?.value, `${code}/web.ftl has ${id}`)
  return bundle.formatPattern(message.value, args ?? null)
}

/** Text as a person reads it: without the marks that keep names and numbers in their own direction. */
export function plain(text) {
  return (text ?? '').replace(/[\u2066-\u2069\u200e\u200f]/g, '').replace(/\s+/g, ' ').trim()
}

/** `<html lang dir>` as the page has it now. */
export async function documentLanguage(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }))
}

/** Waits until the page says it is in `lang` (and `dir`). */
export async function waitForLanguage(page, lang, dir) {
  await page.waitForFunction(([l, d]) => document.documentElement.lang === l && document.documentElement.dir === d, [lang, dir], { timeout: 10000 })
}

/** Every message file (`/api/languages/CODE/web.ftl`) the browser context asks for, as CODE, and what it got. */
export function watchMessageFiles(context) {
  const asked = []
  context.on('response', (response) => {
    const match = /\/api\/languages\/([^/]+)\/web\.ftl$/.exec(new URL(response.url()).pathname)
    if (match) asked.push({ code: decodeURIComponent(match[1]), status: response.status() })
  })
  return asked
}

/** A screenshot under tests/screenshots/, its path printed. */
export async function shot(page, name) {
  const path = await screenshot(page, name)
  console.log(`screenshot: ${path}`)
  return path
}

/** Checks the page with axe-core, then takes its screenshot. */
export async function checkAndShoot(page, label, name) {
  await checkAccessibility(page, label)
  return shot(page, name)
}

/** A manager signs in and turns `name` (an unreviewed language) on, on the Languages page. */
export async function turnOnLanguage(browser, newPerson, base, email, name, code) {
  const manager = await newPerson(browser, base)
  await signIn(manager.page, email)
  await openFromMenu(manager.page, 'Languages')
  const row = manager.page.locator(`tr[data-language="${code}"]`)
  assert.equal(plain(await row.getByTestId('language-shown').innerText()), 'No', `${name} is not shown before it is turned on`)
  await checkAndShoot(manager.page, 'the Languages page', `i18n-languages-${code}-off`)
  await row.getByRole('button', { name: `Turn on ${name}` }).click()
  await manager.page.locator('.govuk-notification-banner').getByText(`${name} is now shown to families.`).waitFor()
  assert.equal(plain(await row.getByTestId('language-shown').innerText()), 'Yes')
  await checkAndShoot(manager.page, 'the Languages page after turning a language on', `i18n-languages-${code}-on`)
  await manager.context.close()
}

/**
 * Downloads the version the history page offers as a PDF (the link marked `data-format="pdf"`):
 * the answer is application/pdf and the file a real, non-empty PDF.
 */
export async function downloadPdf(page) {
  const link = page.locator('.kp-downloads a[data-format="pdf"]').first()
  const href = await link.getAttribute('href')
  const answer = await page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin' })
    const body = await response.arrayBuffer()
    return { status: response.status, type: response.headers.get('content-type'), size: body.byteLength, text: response.ok ? '' : new TextDecoder().decode(body) }
  }, href)
  assert.equal(answer.status, 200, `the PDF is made: ${answer.text}`)
  assert.match(answer.type ?? '', /^application\/pdf/)
  assert.ok(answer.size > 0)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const bytes = await readFile(await download.path())
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF')
  assert.ok(bytes.length > 1000, 'the PDF has content')
  return { fileName: download.suggestedFilename(), bytes }
}
