// What many pages need: the signed-in person (or a way to sign in), a meeting with the caller's
// part in it, and a simple page for "that did not work".

import { api, sessionOrNull, type Meeting, type Participant, type Session } from '../api'
import { h } from '../dom'
import { usePageLanguage } from '../i18n'
import { frame } from '../layout'
import { problem } from '../components/forms'
import { navigate } from '../router'
import { consentPage, mustAskConsent } from './consent'
import { declarationPage, mustDeclare } from './interpreter'

/**
 * The language of `session`'s pages: a participant's own (the server says which), English for
 * staff.
 */
export function sessionLanguage(session: Session): string {
  return session.kind === 'participant' ? session.language : 'en'
}

/** The signed-in person, with the page in their language; otherwise sends them to sign in. */
export async function requireSession(): Promise<Session | null> {
  const session = await sessionOrNull().catch(() => null)
  if (!session) {
    navigate('/sign-in', { replace: true })
    return null
  }
  await usePageLanguage(sessionLanguage(session))
  return session
}

export interface MeetingContext {
  session: Session
  meeting: Meeting
  people: Participant[]
  isFacilitator: boolean
  /** Whether this person is on the family side (writes the plan, stays in private time). */
  isFamilySide: boolean
  /** The participant record of the signed-in person, when there is one. */
  me: Participant | null
}

// An interpreter is not of the family side: they read the plan and stay in private time only when
// the family asks them to.
const FAMILY_SIDE = ['family', 'friend', 'child', 'advocate']

/** Loads the meeting and its network for the signed-in person. */
async function loadMeeting(session: Session, meetingId: string): Promise<MeetingContext> {
  const [meeting, people] = await Promise.all([api.meeting(meetingId), api.participants(meetingId)])
  const isFacilitator = session.kind === 'staff' && meeting.facilitator_id === session.id
  // The server says which participant is the person asking (by link, or linked to their account).
  const me = people.find((person) => person.is_you) ?? null
  const isFamilySide = session.kind === 'participant' && me !== null && FAMILY_SIDE.includes(me.kind)
  return { session, meeting, people, isFacilitator, isFamilySide, me }
}

/**
 * The meeting of `params.meetingId` for the signed-in person. Null when the page has been handled
 * already: sent to sign in, asking for consent, or showing what went wrong under `title`.
 */
export async function openMeeting(params: Record<string, string>, title: string): Promise<MeetingContext | null> {
  const session = await requireSession()
  if (!session) return null
  let context: MeetingContext
  try {
    context = await loadMeeting(session, params.meetingId)
  } catch (error) {
    failurePage(session, title, (error as Error).message)
    return null
  }
  // Asked once, before anything of the meeting: a person who joined by link and has not agreed
  // yet reads the privacy notice first. Agreeing draws the page they were opening.
  if (mustAskConsent(context)) {
    await consentPage(context)
    return null
  }
  // Then an interpreter says they have no connection to the family.
  if (mustDeclare(context)) {
    declarationPage(context)
    return null
  }
  return context
}

/** A page that says something went wrong, with the server's words. */
export function failurePage(session: Session | null, title: string, message: string): void {
  const main = frame({ title, session, family: session?.kind === 'participant' })
  main.append(h('h1', { class: 'govuk-heading-l' }, title), problem(message))
}
