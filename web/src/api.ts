// The kinplan REST API under /api: typed calls, and errors carrying the server's plain-English
// message for people. The server is the one judge of who may do what; this only asks.

import { sentence } from './format'

export type Stage = 'preparation' | 'information' | 'private-family-time' | 'agreement' | 'closed'
export type ParticipantKind = 'family' | 'friend' | 'child' | 'advocate' | 'practitioner' | 'interpreter' | 'observer'
export type DocumentKind = 'plan' | 'family-time' | 'comments'
export type DocumentRole = 'editor' | 'viewer'

export interface Session {
  kind: 'staff' | 'participant'
  id: string
  name: string
  role: 'facilitator' | 'practitioner' | 'manager' | null
  email: string | null
  meeting_id: string | null
}

export interface Meeting {
  id: string
  title: string
  kind: 'fnm' | 'fgc' | 'review'
  scheduled_at: string | null
  stage: Stage
  stage_changed_at: string
  facilitator_id: string
  follows_meeting_id: string | null
  documents: { plan: string; family_time: string; comments: string }
}

export interface JoinLinkState {
  id: string
  expires_at: string
  revoked: boolean
  has_access_code: boolean
  locked: boolean
}

export interface Participant {
  id: string
  display_name: string
  relationship: string
  kind: ParticipantKind
  /** Staff only: null for the family and observers. */
  language: string | null
  /** Staff only: null for the family and observers. */
  access_needs: string | null
  is_staff: boolean
  is_referrer: boolean
  /** This participant is the person asking. */
  is_you: boolean
  links: JoinLinkState[] | null
}

export interface NewParticipant {
  display_name: string
  relationship: string
  kind: ParticipantKind
  language: string
  access_needs: string
  staff_email?: string
  is_referrer?: boolean
}

export interface CreatedLink {
  link_id: string
  participant_id: string
  url: string
  access_code: string | null
  expires_at: string
}

/** Someone with one of the family's documents open, as the server knows them. */
export interface OpenDocument {
  name: string
  /** `facilitator`, `practitioner`, `manager`, or a participant's kind. */
  kind: string
  document: 'plan' | 'family-time'
  role: DocumentRole
}

export interface JoinPreview {
  /** Null until the access code is given, when the link has one. */
  meeting_title: string | null
  /** Null until the access code is given, when the link has one. */
  display_name: string | null
  needs_access_code: boolean
}

export interface DocumentToken {
  document: string
  token: string
  role: DocumentRole
  expires_at: string
}

export interface VersionSummary {
  number: number
  hash: string
  previous_hash: string | null
  label: string
  author_name: string
  created_at: string
}

export interface PlanBlock {
  kind: string
  text: string
}

export interface PlanAction {
  id: string
  what: string
  who: string
  by_when: string
  how_we_know: string
  status: string
}

export interface Plan {
  sections: { name: string; title: string; blocks: PlanBlock[] }[]
  actions: PlanAction[]
  meta: { lead_family_member: string; review_date: string }
}

export interface VersionView extends VersionSummary {
  plan: Plan
}

export interface FieldChange {
  field: string
  from: string
  to: string
}

export interface PlanDiff {
  sections: { name: string; title: string; changed: boolean; changes: { kind: 'equal' | 'insert' | 'delete'; text: string }[] }[]
  actions_added: PlanAction[]
  actions_removed: PlanAction[]
  actions_changed: { id: string; what: string; fields: FieldChange[] }[]
  meta_changed: FieldChange[]
}

export interface Decision {
  name: string
  role: string
  decision: string
  comment: string
  version_hash: string
  decided_at: string
}

export interface Proposal {
  status: 'open' | 'withdrawn' | 'final'
  version_number: number
  version_hash: string
  proposed_at: string
  decisions: Decision[]
  waiting_for: string[]
  referrer_decision: string | null
}

/** A refusal or failure, with a sentence to show people. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'offline', 'You seem to be offline. Check your connection and try again.')
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!response.ok) {
    const error = (data ?? {}) as { error?: string; message?: string }
    const message = error.message ? sentence(error.message) : `Something went wrong (${response.status}). Try again.`
    throw new ApiError(response.status, error.error ?? 'unknown', message)
  }
  return data as T
}

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`

export const api = {
  session: () => request<Session>('GET', '/api/session'),
  signIn: (email: string, password: string) => request<Session>('POST', '/api/session', { email, password }),
  signOut: () => request<void>('DELETE', '/api/session'),

  meetings: () => request<Meeting[]>('GET', '/api/meetings'),
  createMeeting: (title: string, kind: Meeting['kind'], scheduledAt: string | null) =>
    request<Meeting>('POST', '/api/meetings', { title, kind, scheduled_at: scheduledAt }),
  meeting: (meetingId: string) => request<Meeting>('GET', meetingPath(meetingId)),
  moveStage: (meetingId: string, stage: Stage) => request<Meeting>('PUT', `${meetingPath(meetingId)}/stage`, { stage }),

  participants: (meetingId: string) => request<Participant[]>('GET', `${meetingPath(meetingId)}/participants`),
  addParticipant: (meetingId: string, person: NewParticipant) =>
    request<Participant>('POST', `${meetingPath(meetingId)}/participants`, person),
  createLink: (meetingId: string, participantId: string, accessCode: boolean, validForDays?: number) =>
    request<CreatedLink>('POST', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/links`, {
      access_code: accessCode,
      valid_for_days: validForDays,
    }),
  revokeLinks: (meetingId: string, participantId: string) =>
    request<{ revoked_link_ids: string[] }>('POST', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/revoke`),

  joinPreview: (secret: string) => request<JoinPreview>('POST', '/api/join/preview', { secret }),
  join: (secret: string, accessCode?: string) => request<Session>('POST', '/api/join', { secret, access_code: accessCode || null }),

  openDocuments: (meetingId: string) => request<OpenDocument[]>('GET', `${meetingPath(meetingId)}/documents/open`),
  documentToken: (meetingId: string, kind: DocumentKind) =>
    request<DocumentToken>('POST', `${meetingPath(meetingId)}/documents/${kind}/token`),

  versions: (meetingId: string) => request<VersionSummary[]>('GET', `${meetingPath(meetingId)}/versions`),
  saveVersion: (meetingId: string, label: string) => request<VersionSummary>('POST', `${meetingPath(meetingId)}/versions`, { label }),
  version: (meetingId: string, hash: string) => request<VersionView>('GET', `${meetingPath(meetingId)}/versions/${encodeURIComponent(hash)}`),
  diff: (meetingId: string, from: string, to: string) =>
    request<PlanDiff>('GET', `${meetingPath(meetingId)}/versions/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  restore: (meetingId: string, hash: string) => request<void>('POST', `${meetingPath(meetingId)}/versions/${encodeURIComponent(hash)}/restore`),
  exportUrl: (meetingId: string, hash: string, format: 'md' | 'html' | 'pdf' | 'json') =>
    `${meetingPath(meetingId)}/versions/${encodeURIComponent(hash)}/export?format=${format}`,

  proposal: (meetingId: string) => request<Proposal>('GET', `${meetingPath(meetingId)}/proposal`),
  propose: (meetingId: string) => request<Proposal>('POST', `${meetingPath(meetingId)}/proposal`),
  withdraw: (meetingId: string) => request<Proposal>('DELETE', `${meetingPath(meetingId)}/proposal`),
  closeProposal: (meetingId: string) => request<Proposal>('POST', `${meetingPath(meetingId)}/proposal/close`),
  decide: (meetingId: string, versionHash: string, decision: string, comment: string) =>
    request<Proposal>('POST', `${meetingPath(meetingId)}/proposal/decisions`, { version_hash: versionHash, decision, comment }),

  eventsUrl: (meetingId: string) => `${meetingPath(meetingId)}/events`,
}

/** The proposal, or null when there is none yet. */
export async function proposalOrNull(meetingId: string): Promise<Proposal | null> {
  try {
    return await api.proposal(meetingId)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

/** The signed-in person, or null. */
export async function sessionOrNull(): Promise<Session | null> {
  try {
    return await api.session()
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}
