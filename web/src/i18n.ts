// The words people read, in their own language: Project Fluent messages from i18n/LANG/web.ftl.
// English is bundled with the app; any other language is fetched from the server, which offers a
// language only once it is reviewed or a manager has turned it on, so the app shows nothing from a
// file it was not given. A message missing from a translation falls back to English.

import { FluentBundle, FluentDateTime, FluentNumber, FluentResource, type FluentVariable } from '@fluent/bundle'
import { negotiateLanguages } from '@fluent/langneg'
import englishMessages from '../../i18n/en/web.ftl?raw'
import type { components } from './api-schema'

export type Direction = 'ltr' | 'rtl'

/** A language the service knows, as `GET /api/languages` lists it (the server's `LanguageView`). */
export type Language = components['schemas']['LanguageView']

/** What a message may be given: text, a number (plurals select on it), a date, or nothing. */
export type MessageArgs = Record<string, FluentVariable | null | undefined>

/** Times are shown as they are in the meeting's country, wherever the device is. */
export const TIME_ZONE = 'Europe/London'

const ENGLISH_LANGUAGE: Language = { code: 'en', name: 'English', native_name: 'English', direction: 'ltr', reviewed: true, enabled: true }

/** The locale for Intl's dates and numbers: British English, and each other language as its code. */
function intlLocale(code: string): string {
  return code === 'en' ? 'en-GB' : code
}

function bundleFor(code: string, direction: Direction, source: string): FluentBundle {
  // Isolation marks keep a name written in one direction from scrambling a sentence written in the
  // other; English pages keep plain text, since few names there run right to left.
  const bundle = new FluentBundle(intlLocale(code), { useIsolating: direction === 'rtl' })
  const errors = bundle.addResource(new FluentResource(source))
  for (const error of errors) console.warn(`web.ftl (${code}): ${error.message}`)
  return bundle
}

/** Messages in one language, with English behind them for anything the translation leaves out. */
export class Translator {
  constructor(
    readonly code: string,
    readonly direction: Direction,
    private readonly bundle: FluentBundle,
    private readonly fallback: FluentBundle | null,
  ) {}

  /** The message `id` with `args`; English when this language lacks it, the id itself when English does too. */
  t(id: string, args?: MessageArgs): string {
    for (const bundle of [this.bundle, this.fallback]) {
      const message = bundle?.getMessage(id)
      if (!bundle || !message?.value) continue
      const errors: Error[] = []
      const text = bundle.formatPattern(message.value, cleanArgs(args), errors)
      for (const error of errors) console.warn(`${id} (${bundle.locales[0]}): ${error.message}`)
      return text
    }
    console.warn(`no message ${id}`)
    return id
  }

  /** Whether this language has the message itself (not by falling back to English). */
  has(id: string): boolean {
    return this.bundle.hasMessage(id)
  }

  /** The BCP 47 locale for Intl formatting outside messages. */
  get locale(): string {
    return intlLocale(this.code)
  }

  /** A number as people of this language write it. */
  number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value)
  }

  /** A day given as YYYY-MM-DD, as words ("5 December 2026"); anything else as it came. */
  day(isoDate: string): string {
    const at = dayTime(isoDate)
    return at === null ? isoDate : new Intl.DateTimeFormat(this.locale, DAY).format(at)
  }

  /** A moment (an ISO timestamp) as a day and a time in London; anything else as it came. */
  moment(iso: string): string {
    const at = Date.parse(iso)
    return Number.isNaN(at) ? iso : new Intl.DateTimeFormat(this.locale, MOMENT).format(at)
  }

  /** Words joined as a list ("A, B and C"). */
  list(items: string[]): string {
    return new Intl.ListFormat(this.locale, { style: 'long', type: 'conjunction' }).format(items)
  }
}

const DAY: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }
const MOMENT: Intl.DateTimeFormatOptions = { ...DAY, hour: 'numeric', minute: '2-digit' }

/** Noon UTC on a day given as YYYY-MM-DD (the same day in London all year round), or null. */
function dayTime(isoDate: string | null | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '')
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12) : null
}

function cleanArgs(args?: MessageArgs): Record<string, FluentVariable> | null {
  if (!args) return null
  const clean: Record<string, FluentVariable> = {}
  for (const [key, value] of Object.entries(args)) clean[key] = value ?? ''
  return clean
}

/** A day (YYYY-MM-DD) for a message: formatted with the day, the month in words and the year. */
export function dayArg(isoDate: string | null | undefined): FluentVariable {
  const at = dayTime(isoDate)
  return at === null ? (isoDate ?? '') : new FluentDateTime(at, DAY)
}

/** A moment (ISO timestamp) for a message: the day and the time in London. */
export function momentArg(iso: string | null | undefined): FluentVariable {
  const at = Date.parse(iso ?? '')
  return Number.isNaN(at) ? (iso ?? '') : new FluentDateTime(at, MOMENT)
}

/** The day of a moment (ISO timestamp) in London, for a message. */
export function momentDayArg(iso: string | null | undefined): FluentVariable {
  const at = Date.parse(iso ?? '')
  return Number.isNaN(at) ? (iso ?? '') : new FluentDateTime(at, DAY)
}

/** A number for a message (plurals select on it). */
export function numberArg(value: number): FluentVariable {
  return new FluentNumber(value)
}

const englishBundle = bundleFor('en', 'ltr', englishMessages)
export const english = new Translator('en', 'ltr', englishBundle, null)

let page: Translator = english
let every: Language[] = [ENGLISH_LANGUAGE]
let known: Language[] | null = null
let knownRequest: Promise<Language[]> | null = null
const loaded = new Map<string, Promise<Translator>>([['en', Promise.resolve(english)]])

/** The message `id` in the page's language. */
export function t(id: string, args?: MessageArgs): string {
  return page.t(id, args)
}

/** The language the page is shown in now. */
export function pageLanguage(): Translator {
  return page
}

/**
 * The languages the server offers now (enabled ones only, English first). Asked once per visit;
 * when the server cannot be asked, English alone.
 */
export function enabledLanguages(): Promise<Language[]> {
  if (known) return Promise.resolve(known)
  knownRequest ??= fetch('/api/languages', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) throw new Error(`languages: ${response.status}`)
      const body = (await response.json()) as { languages?: Language[] }
      every = body.languages?.length ? body.languages : [ENGLISH_LANGUAGE]
      const offered = (body.languages ?? []).filter((language) => language.enabled)
      known = [ENGLISH_LANGUAGE, ...offered.filter((language) => language.code !== 'en')]
      return known
    })
    .catch(() => {
      knownRequest = null
      return [ENGLISH_LANGUAGE]
    })
  return knownRequest
}

/** The enabled languages as last asked for (English alone before the first answer). */
export function knownLanguages(): Language[] {
  return known ?? [ENGLISH_LANGUAGE]
}

/** Every language the service knows, enabled or not, as last asked for. */
export function everyLanguage(): Language[] {
  return every
}

/** Forgets the list of languages and every fetched translation, so that the next page asks again. */
export function forgetLanguages(): void {
  known = null
  knownRequest = null
  for (const code of [...loaded.keys()]) if (code !== 'en') loaded.delete(code)
}

/**
 * The messages of `code`: fetched from the server the first time, and only when the server lists
 * the language as enabled. English when the language is not offered or its file cannot be had.
 */
export async function translatorFor(code: string | null | undefined): Promise<Translator> {
  // The list is wanted anyway: the language switcher offers what it names.
  const offered = await enabledLanguages()
  if (!code || code === 'en') return english
  const language = offered.find((candidate) => candidate.code === code)
  if (!language) return english
  let request = loaded.get(code)
  if (!request) {
    request = fetch(`/api/languages/${encodeURIComponent(code)}/web.ftl`, { credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`${code}/web.ftl: ${response.status}`)
        return new Translator(code, language.direction === 'rtl' ? 'rtl' : 'ltr', bundleFor(code, language.direction, await response.text()), englishBundle)
      })
      .catch((error: unknown) => {
        console.warn(error)
        loaded.delete(code)
        return english
      })
    loaded.set(code, request)
  }
  return request
}

let chosenThisVisit = false

/** Shows the page in `code` from now on (English when it is not offered). */
export async function usePageLanguage(code: string | null | undefined): Promise<Translator> {
  page = await translatorFor(code)
  chosenThisVisit = true
  return page
}

/**
 * For a page that knows nobody (after leaving, or not found): the language already shown in this
 * visit, else the one for someone not known yet.
 */
export async function keepPageLanguage(): Promise<Translator> {
  if (chosenThisVisit) {
    await enabledLanguages()
    return page
  }
  return usePageLanguage(await languageBeforeJoining())
}

/** Sets `<html lang dir>` to the page's language; the frame calls it on every page. */
export function markDocumentLanguage(): void {
  const root = document.documentElement
  root.lang = page.code
  root.dir = page.direction
}

/** The attributes that mark a part of a page written in `translator`'s language. */
export function languageAttributes(translator: Translator): { lang: string; dir: Direction } {
  return { lang: translator.code, dir: translator.direction }
}

const CHOSEN = 'kinplan-language'

/** A language chosen on this device before the person is known (the join page), for this tab only. */
export function chosenBeforeJoining(): string | null {
  try {
    return sessionStorage.getItem(CHOSEN)
  } catch {
    return null
  }
}

export function chooseBeforeJoining(code: string | null): void {
  try {
    if (code) sessionStorage.setItem(CHOSEN, code)
    else sessionStorage.removeItem(CHOSEN)
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
}

/**
 * For someone not known yet: the language they chose on this device, else the first of the
 * browser's languages the service offers, else English.
 */
export async function languageBeforeJoining(): Promise<string> {
  const offered = await enabledLanguages()
  const chosen = chosenBeforeJoining()
  if (chosen && offered.some((language) => language.code === chosen)) return chosen
  const wanted = navigator.languages?.length ? [...navigator.languages] : [navigator.language]
  const [best] = negotiateLanguages(wanted, offered.map((language) => language.code), { defaultLocale: 'en', strategy: 'lookup' })
  return best ?? 'en'
}

/** Arabic-Indic and Persian digits as 0–9, for codes and dates typed on an Arabic keyboard. */
export function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10))
}

/** Given to a message for a part drawn as an element (a fingerprint in code, a name in bold). */
export const PLACE = '\u0000'

/** A message's text with `elements` where each PLACE stood, in order. */
export function around<E extends Node>(text: string, ...elements: E[]): (string | E)[] {
  const pieces = text.split(PLACE)
  return pieces.flatMap((piece, index) => (index < elements.length ? [piece, elements[index]] : [piece]))
}
