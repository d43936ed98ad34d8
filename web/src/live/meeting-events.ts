// The meeting's live events (server-sent events): the stage first and on every change, new
// versions, the proposal, decisions, revoked links and plan locks.

import { api, type Stage } from '../api'

export interface MeetingEventHandlers {
  stage?: (event: { stage: Stage; changed_at: string }) => void
  version?: (event: { number: number; hash: string; label: string }) => void
  proposal?: (event: { status: string; version_hash: string }) => void
  decision?: (event: { name: string; role: string; decision: string }) => void
  accessRevoked?: (event: { participant_id: string }) => void
  documentLock?: (event: { document: string; locked: boolean }) => void
  /** This person's private room changed, or the family asked them (an interpreter) in or out. */
  roomChanged?: (event: unknown) => void
  /** The stream ended for good (signed out, link turned off). */
  ended?: () => void
}

/** Follows the meeting's events until the returned function is called. */
export function followMeeting(meetingId: string, handlers: MeetingEventHandlers): () => void {
  const source = new EventSource(api.eventsUrl(meetingId))
  const listen = <T>(name: string, handler?: (event: T) => void) => {
    if (!handler) return
    source.addEventListener(name, (event) => {
      try {
        handler(JSON.parse((event as MessageEvent).data) as T)
      } catch (error) {
        console.error(`could not read the ${name} event`, error)
      }
    })
  }
  listen('stage', handlers.stage)
  listen('version', handlers.version)
  listen('proposal', handlers.proposal)
  listen('decision', handlers.decision)
  listen('access-revoked', handlers.accessRevoked)
  listen('document-lock', handlers.documentLock)
  listen('room-changed', handlers.roomChanged)
  source.onerror = () => {
    // EventSource reconnects by itself; it gives up only when the server refuses the stream.
    if (source.readyState === EventSource.CLOSED) handlers.ended?.()
  }
  return () => source.close()
}
