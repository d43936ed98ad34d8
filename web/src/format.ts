// Words and numbers as people read them: stage names, kinds of meetings and people, decisions,
// offers and their answers, dates and times, each in the page's language unless given another
// (the shared screen shows the family's parts in the meeting's language).

import type { Meeting, Stage, ParticipantKind } from './api'
import { english, pageLanguage, type Translator } from './i18n'

export const STAGES: Stage[] = ['preparation', 'information', 'private-family-time', 'agreement', 'closed']

/** A value of the API (`not_started`, `private-family-time`) as part of a message id. */
function idPart(value: string): string {
  return value.replace(/_/g, '-')
}

/** The words for `value` from the message `prefix-value`, or the value itself when there is none. */
function named(prefix: string, value: string, tr: Translator): string {
  const id = `${prefix}-${idPart(value)}`
  return english.has(id) ? tr.t(id) : value
}

export function stageName(stage: Stage, tr: Translator = pageLanguage()): string {
  return named('stage', stage, tr)
}

const MEETING_KIND_VALUES: Meeting['kind'][] = ['fnm', 'fgc', 'review']

/** The kinds of meeting, with their names, for a choice. */
export function meetingKinds(tr: Translator = pageLanguage()): { value: Meeting['kind']; label: string }[] {
  return MEETING_KIND_VALUES.map((value) => ({ value, label: meetingKindName(value, tr) }))
}

export function meetingKindName(kind: Meeting['kind'], tr: Translator = pageLanguage()): string {
  return named('meeting-kind', kind, tr)
}

const PARTICIPANT_KIND_VALUES: ParticipantKind[] = ['family', 'friend', 'child', 'advocate', 'practitioner', 'interpreter', 'observer']

/** How people take part, with their names, for a choice. */
export function participantKinds(tr: Translator = pageLanguage()): { value: ParticipantKind; label: string }[] {
  return PARTICIPANT_KIND_VALUES.map((value) => ({ value, label: kindName(value, tr) }))
}

export function kindName(kind: ParticipantKind, tr: Translator = pageLanguage()): string {
  return named('participant-kind', kind, tr)
}

/** The people who write the plan and stay in private family time. */
export function isFamilySide(kind: ParticipantKind): boolean {
  return ['family', 'friend', 'child', 'advocate'].includes(kind)
}

/** A decision (a person's or the referrer's) in words. */
export function decisionName(decision: string, tr: Translator = pageLanguage()): string {
  return named('decision', decision, tr)
}

export const ACTION_STATUSES = ['not_started', 'on_track', 'done', 'not_on_track']

export function statusName(status: string, tr: Translator = pageLanguage()): string {
  return named('action-status', status, tr)
}

/** The server's messages are sentences without a capital or a full stop; people read them with both. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  if (!trimmed) return pageLanguage().t('error-something-went-wrong')
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1)
  return /[.!?。؟]$/.test(capitalised) ? capitalised : `${capitalised}.`
}

/** A moment (ISO timestamp) as a day and a time in London, in the page's language. */
export function dateTime(iso: string, tr: Translator = pageLanguage()): string {
  return tr.moment(iso)
}

/** A day (YYYY-MM-DD) in words, in the page's language. */
export function dateOnly(isoDate: string, tr: Translator = pageLanguage()): string {
  return tr.day(isoDate)
}

/** Elapsed time as a clock: 12:30, or 1:05:09 past an hour. */
export function clock(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`
}

/** The same in words, for screen readers: "12 minutes". */
export function durationWords(milliseconds: number, tr: Translator = pageLanguage()): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60000)
  if (minutes < 1) return tr.t('duration-less-than-a-minute')
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return tr.t('duration-minutes', { minutes: rest })
  return rest === 0 ? tr.t('duration-hours', { hours }) : tr.t('duration-hours-minutes', { hours, minutes: rest })
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12)
}

/** How a meeting was offered, in words. */
export function offerMethodName(method: string, tr: Translator = pageLanguage()): string {
  return named('staff-offer-method', method, tr)
}

/** A person's answer to the offer, in words. */
export function offerAnswerName(answer: string, tr: Translator = pageLanguage()): string {
  return named('staff-offer-answer', answer, tr)
}

/** Today on this device, as YYYY-MM-DD. */
export function todayIso(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** An amount in pence as people read it: £1,234.50. */
export function pounds(pence: number): string {
  const sign = pence < 0 ? '-' : ''
  const whole = Math.floor(Math.abs(pence) / 100)
  const rest = Math.abs(pence) % 100
  return `${sign}£${whole.toLocaleString('en-GB')}.${String(rest).padStart(2, '0')}`
}

/** The most one item of a support package may cost, in pence (the server's limit: £100,000). */
export const MAX_ITEM_PENCE = 10_000_000

/** A cost typed in pounds and pence, read exactly into pence; or what is wrong with it. */
export type PenceReading =
  | { pence: number }
  | { problem: 'empty' | 'not-money' | 'negative' | 'too-precise' | 'too-large' }

/**
 * Reads "12", "12.5", "12.50", "£1,200.00" or ".99" into whole pence without floating point, so
 * 0.29 is 29 pence and never 28.999…; refuses a third decimal place, a minus sign and anything
 * over £100,000.
 */
export function readPence(typed: string): PenceReading {
  let text = typed.trim().replace(/^£\s*/, '')
  if (!text) return { problem: 'empty' }
  const negative = text.startsWith('-')
  if (negative) text = text.slice(1).trim().replace(/^£\s*/, '')
  const match = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text)
  if (!match || !/\d/.test(text)) return { problem: 'not-money' }
  if (negative) return { problem: 'negative' }
  const fraction = match[2] ?? ''
  if (fraction.length > 2) return { problem: 'too-precise' }
  const whole = match[1].replace(/,/g, '').replace(/^0+(?=\d)/, '')
  if (whole.length > 9) return { problem: 'too-large' }
  const pence = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'))
  if (pence > MAX_ITEM_PENCE) return { problem: 'too-large' }
  return { pence }
}

/** What kind of thing is due, in a few words. */
export function dueKindName(kind: string, tr: Translator = pageLanguage()): string {
  return named('staff-due', kind, tr)
}
