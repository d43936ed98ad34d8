// The browser tests' harness: builds and starts the real kinplan server with a fresh SQLite
// database and staff accounts, serves the built app (from kinplan itself when it embeds this
// bundle, otherwise through a tiny static server and proxy), launches Debian's Chromium through
// playwright-core, checks pages with axe-core, and takes screenshots.

import { after, before } from 'node:test'

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'
import { startStaticProxy } from './static-proxy.mjs'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
export const webDir = resolve(here, '..')
export const repoDir = resolve(webDir, '..')
export const distDir = join(webDir, 'dist')
export const screenshotDir = join(here, 'screenshots')
export const PASSWORD = 'a long password'

const CHROMIUM = process.env.KINPLAN_CHROMIUM ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let binaryChecked = null

/** The kinplan binary, built once per test process with `cargo build --bin kinplan`. */
export function kinplanBinary() {
  if (binaryChecked) return binaryChecked
  const binary = process.env.KINPLAN_BIN ?? join(repoDir, 'target', 'debug', 'kinplan')
  if (!process.env.KINPLAN_BIN && !process.env.KINPLAN_SKIP_CARGO_BUILD) {
    const build = spawnSync('cargo', ['build', '--bin', 'kinplan'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60 * 1000 })
    if (build.status !== 0 && !existsSync(binary)) {
      throw new Error(`cargo build --bin kinplan failed:\n${build.stderr?.toString().slice(-3000)}`)
    }
    if (build.status !== 0) console.warn('cargo build failed; using the kinplan binary already built')
  }
  if (!existsSync(binary)) throw new Error(`no kinplan binary at ${binary}`)
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first')
  binaryChecked = binary
  return binary
}

function addUser(binary, database, user) {
  const result = spawnSync(
    binary,
    ['user', 'add', '--database', database, '--email', user.email, '--name', user.name, '--role', user.role],
    { input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 30000 },
  )
  if (result.status !== 0) throw new Error(`kinplan user add failed: ${result.stderr}`)
}

/**
 * Starts kinplan on a free port with a fresh database holding `users`
 * ([{ email, name, role }]). Resolves to { base, serverUrl, direct, stop() }, where `base` is
 * where the browser opens the app.
 */
export async function startKinplan(users) {
  const binary = kinplanBinary()
  const dir = mkdtempSync(join(tmpdir(), 'kinplan-web-'))
  const database = `sqlite://${join(dir, 'k.db')}`
  for (const user of users) addUser(binary, database, user)
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database', database], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KINPLAN_LOG: process.env.KINPLAN_LOG ?? 'warn' },
  })
  let logs = ''
  child.stderr.on('data', (chunk) => {
    logs = (logs + chunk.toString()).slice(-20000)
  })
  const serverUrl = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`kinplan did not start in 20 s:\n${logs}`)), 20000)
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk.toString()
      const match = /kinplan listening on (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`kinplan exited with ${code}:\n${logs}`))
    })
  })
  // Does kinplan serve this very bundle? Then the tests use it directly.
  const served = await fetch(`${serverUrl}/`).then((response) => response.text()).catch(() => '')
  const built = readFileSync(join(distDir, 'index.html'), 'utf8')
  const direct = served.trim() === built.trim()
  const proxy = direct ? null : await startStaticProxy(distDir, serverUrl)
  const base = direct ? serverUrl : proxy.url
  console.log(direct ? `kinplan serves this bundle itself at ${serverUrl}` : `kinplan does not serve this bundle yet: static proxy at ${base}`)
  return {
    base,
    serverUrl,
    direct,
    logs: () => logs,
    async stop() {
      await proxy?.close()
      child.kill('SIGTERM')
      await new Promise((done) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL')
          done()
        }, 5000)
        child.once('exit', () => {
          clearTimeout(timer)
          done()
        })
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A minimal API client for setting meetings up quickly (keeps its session cookie). */
export class ApiClient {
  constructor(base) {
    this.base = base
    this.cookie = ''
  }

  async call(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      // As a browser would, name the page's origin: the server refuses writes from elsewhere.
      headers: { 'content-type': 'application/json', origin: this.base, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const cookies = response.headers.getSetCookie?.() ?? []
    for (const cookie of cookies) this.cookie = cookie.split(';')[0]
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
    return text ? JSON.parse(text) : null
  }

  static async signedIn(base, email) {
    const client = new ApiClient(base)
    await client.call('POST', '/api/session', { email, password: PASSWORD })
    return client
  }
}

/** Sets up a meeting with people; gives back the meeting, the people by name and their join links. */
export async function setUpMeeting(facilitator, title, people) {
  const meeting = await facilitator.call('POST', '/api/meetings', { title })
  const byName = {}
  const links = {}
  for (const person of people) {
    const added = await facilitator.call('POST', `/api/meetings/${meeting.id}/participants`, {
      display_name: person.display_name,
      relationship: person.relationship ?? '',
      kind: person.kind,
      language: person.language ?? '',
      access_needs: person.access_needs ?? '',
      staff_email: person.staff_email,
      is_referrer: person.is_referrer ?? false,
      needs_interpreter: person.needs_interpreter ?? '',
    })
    byName[person.display_name] = added
    if (person.link) {
      links[person.display_name] = await facilitator.call('POST', `/api/meetings/${meeting.id}/participants/${added.id}/links`, {
        access_code: person.link === 'code',
      })
    }
  }
  return { meeting, people: byName, links }
}

/** The join link moved onto `base` (the static proxy's origin when there is one). */
export function joinUrl(base, link) {
  return `${base}/join${new URL(link).hash}`
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000 })
}

/**
 * A fresh browser context: a desktop shared screen, or a phone; `locale` is the browser's
 * language (what `navigator.languages` says), British English unless given.
 */
export async function newPerson(browser, base, kind = 'desktop', { locale = 'en-GB' } = {}) {
  const options =
    kind === 'phone'
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1440, height: 1000 } }
  const context = await browser.newContext({ baseURL: base, acceptDownloads: true, locale, timezoneId: 'Europe/London', ...options })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  return { context, page }
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core on the page as it is now and fails on any violation. */
export async function checkAccessibility(page, label) {
  // The app draws each page after fetching what it needs: check the page, not the loading state.
  await page.locator('main h1').first().waitFor()
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined')
  if (!hasAxe) await page.evaluate(axeSource)
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  )
  if (results.violations.length > 0) {
    const report = results.violations
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' ')}`).join('\n')}`)
      .join('\n')
    throw new Error(`axe found ${results.violations.length} accessibility problems on ${label}:\n${report}`)
  }
}

/** A full-page screenshot in tests/screenshots/NAME.png; gives back its path. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** The editor of a plan section (or the family's notes, `notes`). */
export function editor(page, field) {
  return page.locator(`.kp-editor[data-field="${field}"] .ProseMirror`)
}

/** The words in a section's editor, without other people's carets. */
export async function editorText(page, field) {
  return editor(page, field).evaluate((element) => {
    const copy = element.cloneNode(true)
    for (const caret of copy.querySelectorAll('.kp-caret')) caret.remove()
    return [...copy.children].map((block) => block.textContent).join('\n')
  })
}

/**
 * On a phone the plan shows one section at a time: opens `field`'s section from the plan's
 * contents when it is not the one shown.
 */
export async function showSection(page, field) {
  const section = page.locator(`.kp-plan > .kp-section[data-section="${field}"]`)
  if ((await section.count()) === 0 || (await section.isVisible())) return
  await openContents(page)
  const id = await section.getAttribute('aria-labelledby')
  await page.locator(`[data-testid="plan-contents"] a[href="#${id}"]`).click()
  await section.waitFor()
}

/** Opens the plan's contents (folded away on a phone). */
export async function openContents(page) {
  const folded = page.locator('[data-testid="plan-contents"] details')
  if ((await folded.count()) > 0 && !(await folded.evaluate((details) => details.open))) {
    await folded.locator('summary').click()
  }
}

/** On a phone, opens the plan's actions from its contents when they are not the part shown. */
export async function showActions(page) {
  const actions = page.locator('.kp-plan > .kp-actions-section')
  await actions.waitFor({ state: 'attached' })
  if (await actions.isVisible()) return
  await openContents(page)
  const id = await actions.getAttribute('aria-labelledby')
  await page.locator(`[data-testid="plan-contents"] a[href="#${id}"]`).click()
  await actions.waitFor()
}

/** Waits until the editor accepts typing (the person holds an editor token and is connected). */
export async function waitEditable(page, field, timeout = 10000) {
  await page.locator('.kp-editor').first().waitFor({ state: 'attached', timeout })
  await showSection(page, field)
  await page.locator(`.kp-editor[data-field="${field}"] .ProseMirror[contenteditable="true"]`).waitFor({ timeout })
}

/** Types at the end of a section's editor. */
export async function typeInto(page, field, text) {
  await showSection(page, field)
  const box = editor(page, field)
  await box.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text, { delay: 5 })
}

/** Resolves when `locator`'s text contains `text`; gives the milliseconds it took. */
export async function waitForText(locator, text, timeout) {
  const started = Date.now()
  await locator.filter({ hasText: text }).first().waitFor({ timeout })
  return Date.now() - started
}

/** Resolves when the form control `locator` holds `value`; gives the milliseconds it took. */
export async function waitForValue(locator, value, timeout) {
  const started = Date.now()
  while (true) {
    const current = await locator.inputValue({ timeout }).catch(() => null)
    if (current === value) return Date.now() - started
    if (Date.now() - started > timeout) throw new Error(`expected the value ${JSON.stringify(value)}, still ${JSON.stringify(current)} after ${timeout} ms`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

/** Signs a staff member in through the sign-in page; they land on their dashboard. */
export async function signIn(page, email) {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
}

/** Goes to a page of the staff navigation ("Dashboard", "Cases", "Meetings", …) and waits for its heading. */
export async function openFromMenu(page, link, heading = link) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: link, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

/**
 * Joins through a link on the join page (entering the code when there is one). A person joining
 * for the first time is asked to agree to the privacy notice: this agrees for them, unless
 * `agree` is false, when it stops on that page.
 */
export async function joinWithLink(page, base, link, accessCode, { agree = true } = {}) {
  await page.goto(joinUrl(base, link))
  if (accessCode) {
    await page.getByLabel('Access code').fill(accessCode)
    await page.getByRole('button', { name: 'Join the meeting' }).click()
  } else {
    await page.getByRole('button', { name: /Yes, this is me/ }).click()
  }
  const consent = page.getByRole('heading', { level: 1, name: 'Before you join the meeting' })
  if (!agree) {
    await consent.waitFor()
    return
  }
  const stageBar = page.locator('.kp-stage-bar')
  await stageBar.or(consent).first().waitFor()
  if (await consent.isVisible()) await agreeToNotice(page)
  await stageBar.waitFor()
}

/** An interpreter's first page after the notice: says they have no connection to the family. */
export async function declareNoConnection(page) {
  await page.getByLabel('I have no connection to this family').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.locator('.kp-stage-bar').waitFor()
}

/** Ticks both agreements on the privacy notice page (and names a supporter, when given) and continues. */
export async function agreeToNotice(page, supportedBy) {
  await page.getByLabel('I agree to take part in this meeting').check()
  await page.getByLabel('I agree to how my information is shared, as above').check()
  if (supportedBy) await page.getByLabel('Who helped you decide? (optional)').fill(supportedBy)
  await page.getByRole('button', { name: 'Agree and continue' }).click()
}

/**
 * Starts kinplan with `users` and a browser before a test file's tests, hands both to `use`, and
 * stops both after the file's tests, whatever happened.
 */
export function serverAndBrowserForThisFile(users, use) {
  let server
  let browser
  before(async () => {
    server = await startKinplan(users)
    browser = await launchBrowser()
    use(server, browser)
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })
}
