// Words and numbers as people read them: stage names, kinds of meetings and people, decisions,
// offers and their answers, dates and times.

import type { Meeting, Stage, ParticipantKind } from './api'

export const STAGES: Stage[] = ['preparation', 'information', 'private-family-time', 'agreement', 'closed']

const STAGE_NAMES: Record<Stage, string> = {
  preparation: 'Preparation',
  information: 'Information sharing',
  'private-family-time': 'Private family time',
  agreement: 'Agreeing the plan',
  closed: 'Closed',
}

export function stageName(stage: Stage): string {
  return STAGE_NAMES[stage] ?? stage
}

export const MEETING_KINDS: { value: Meeting['kind']; label: string }[] = [
  { value: 'fnm', label: 'Family Network Meeting' },
  { value: 'fgc', label: 'Family Group Conference' },
  { value: 'review', label: 'Review meeting' },
]

export function meetingKindName(kind: Meeting['kind']): string {
  return MEETING_KINDS.find((item) => item.value === kind)?.label ?? kind
}

export const PARTICIPANT_KINDS: { value: ParticipantKind; label: string }[] = [
  { value: 'family', label: 'Family member' },
  { value: 'friend', label: 'Friend' },
  { value: 'child', label: 'Child or young person' },
  { value: 'advocate', label: 'Advocate' },
  { value: 'practitioner', label: 'Practitioner' },
  { value: 'interpreter', label: 'Interpreter' },
  { value: 'observer', label: 'Observer' },
]

export function kindName(kind: ParticipantKind): string {
  return PARTICIPANT_KINDS.find((item) => item.value === kind)?.label ?? kind
}

/** The people who write the plan and stay in private family time. */
export function isFamilySide(kind: ParticipantKind): boolean {
  return ['family', 'friend', 'child', 'advocate', 'interpreter'].includes(kind)
}

const DECISIONS: Record<string, string> = {
  agree: 'Agree',
  agree_with_comment: 'Agree, with a comment',
  do_not_agree: 'Do not agree',
  agreed: 'Agreed',
  not_agreed: 'Not agreed',
  needs_resource_approval: 'Needs resource approval',
}

export function decisionName(decision: string): string {
  return DECISIONS[decision] ?? decision
}

const STATUSES: Record<string, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  done: 'Done',
  not_on_track: 'Not on track',
}

export const ACTION_STATUSES = Object.keys(STATUSES)

export function statusName(status: string): string {
  return STATUSES[status] ?? status
}

/** The server's messages are sentences without a capital or a full stop; people read them with both. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  if (!trimmed) return 'Something went wrong. Try again.'
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`
}

export function dateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' })
}

export function dateOnly(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate
  const date = new Date(`${isoDate}T12:00:00`)
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
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
export function durationWords(milliseconds: number): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60000)
  if (minutes < 1) return 'less than a minute'
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (hours === 0) return part(rest, 'minute')
  return rest === 0 ? part(hours, 'hour') : `${part(hours, 'hour')} ${part(rest, 'minute')}`
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12)
}

const OFFER_METHODS: Record<string, string> = {
  'in-person': 'In person',
  letter: 'By letter',
  'letter-before-proceedings': 'In the letter before proceedings',
}

/** How a meeting was offered, in words. */
export function offerMethodName(method: string): string {
  return OFFER_METHODS[method] ?? method
}

const OFFER_ANSWERS: Record<string, string> = {
  awaiting: 'Awaiting an answer',
  accepted: 'Accepted',
  declined: 'Declined',
}

/** A person's answer to the offer, in words. */
export function offerAnswerName(answer: string): string {
  return OFFER_ANSWERS[answer] ?? answer
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

const DUE_KINDS: Record<string, string> = {
  'care-application': 'Care application',
  'review-overdue': 'Review overdue',
  'meeting-to-set': 'Meeting to set up',
  'offer-answer-awaited': 'Answer awaited',
  'review-due': 'Review due',
  'not-offering-approval': 'Decision not to offer',
  'support-approval': 'Support package',
}

/** What kind of thing is due, in a few words. */
export function dueKindName(kind: string): string {
  return DUE_KINDS[kind] ?? kind
}
