// The kinplan REST API under /api: typed calls, and errors carrying the server's plain-English
// message for people. The server is the one judge of who may do what; this only asks.

import type { components } from './api-schema'
import { sentence } from './format'
import { pageLanguage } from './i18n'

// The shapes below come from the server's OpenAPI document (web/openapi.json, made by
// `kinplan openapi`), turned into src/api-schema.d.ts by openapi-typescript: `npm run api-types`
// makes both again, and `npm run check-api` (run before the tests) fails when they differ from the
// server. A name here is an alias of the server's schema, so a field the server renames or drops
// fails `tsc` here rather than in a browser.
type Schemas = components['schemas']

/**
 * An answer as the server sends it. The OpenAPI document lists an `Option` field as not
 * required, but the server writes every field of an answer (null when empty), so each is there.
 */
type Sent<T> = T extends (infer Item)[]
  ? Sent<Item>[]
  : T extends object
    ? { [Key in keyof T]-?: Sent<Exclude<T[Key], undefined>> }
    : T

export type Stage = Schemas['Stage']
export type ParticipantKind = Schemas['ParticipantKind']
// Kept by hand: the server takes the kind as a path segment, so its document has no list of them.
export type DocumentKind = 'plan' | 'family-time' | 'comments' | 'glossary'
export type DocumentRole = Schemas['DocumentRole']

/** Who is signed in: `kind` is `staff` or `participant`. */
export type Session = Sent<Schemas['SessionInfo']>
export type Meeting = Sent<Schemas['MeetingView']>
/** A language the service knows: whether a translator reviewed it, and whether it may be shown (`enabled`). */
export type LanguageView = Sent<Schemas['LanguageView']>
export type JoinLinkState = Sent<Schemas['LinkView']>
/** Someone in the network. `language` and `access_needs` are null for the family and observers. */
export type Participant = Sent<Schemas['ParticipantView']>
export type NewParticipant = Schemas['AddParticipant']
export type CreatedLink = Sent<Schemas['CreatedLinkView']>
/**
 * Someone with one of the family's documents open, as the server knows them: `document` is
 * `plan` or `family-time`, `role` `editor` or `viewer` (plain strings in the server's schema).
 */
export type OpenDocument = Sent<Schemas['OpenDocument']>
export type JoinPreview = Sent<Schemas['JoinPreview']>
export type DocumentToken = Sent<Schemas['DocumentToken']>
export type VersionSummary = Sent<Schemas['VersionSummary']>
export type PlanBlock = Sent<Schemas['Block']>
export type PlanAction = Sent<Schemas['PlanAction']>
export type Plan = Sent<Schemas['Plan']>
export type VersionView = Sent<Schemas['VersionView']>
export type FieldChange = Sent<Schemas['FieldChange']>
export type PlanDiff = Sent<Schemas['PlanDiff']>
export type Decision = Sent<Schemas['DecisionView']>
export type Proposal = Sent<Schemas['ProposalView']>
/**
 * One of a person's contact details, as far as the person asking may see it. `visibility` and
 * `shown_to` (participant ids) are null unless the one asking is staff or the detail's owner.
 */
export type ContactDetail = Sent<Schemas['ContactView']>
export type DetailKind = Schemas['DetailKind']
export type Visibility = Schemas['Visibility']
/** A change to someone's contact details: a value given replaces what is kept, an empty one removes it. */
export type ContactChange = Schemas['SetContact']
/** Two people kept apart; the meeting's staff only. */
export type Separation = Sent<Schemas['SeparationView']>
export type NewSeparation = Schemas['AddSeparation']
/**
 * A private room of the family's time, for the meeting's staff: `id` is null for the default
 * room ("Everyone else"), which lists no members: it holds every family-side person in no other room.
 */
export type PrivateRoom = Sent<Schemas['RoomView']>
/** A safety note, for the meeting's staff only; never changed once written. */
export type SafetyNote = Sent<Schemas['SafetyNoteView']>
export type NoteCategory = Schemas['NoteCategory']
export type NewSafetyNote = Schemas['AddSafetyNote']
/** Where a person stands on consent: `state` is `not_yet`, `given` or `withdrawn`. */
export type Consent = Sent<Schemas['ConsentView']>
/** The privacy notice people read before they agree to take part; a new version for each change. */
export type PrivacyNotice = Sent<Schemas['NoticeView']>
/** A participant's own consent in a meeting, with the notice to read. */
export type OwnConsent = Sent<Schemas['OwnConsentView']>
/** A staff account, as a manager sees it. */
export type StaffUser = Sent<Schemas['UserView']>
/** A type of record with its own retention rule. */
export type RecordType = Schemas['RecordType']
/** What a retention period runs from. */
export type FromEvent = Schemas['FromEvent']
/** How long one type of record is kept; `updated_by` is `kinplan` for the default, else `user:ID` or `operator`. */
export type RetentionRule = Sent<Schemas['RuleView']>
/** What a run of the retention rules deleted, or as a dry run would delete (`held`: kept by a hold, with its reason). */
export type RetentionRun = Sent<Schemas['RunReport']>
export type RetentionRunItem = Sent<Schemas['RunItem']>
/** What one deletion took: rows by table, documents, and the versions erased (number and hash). */
export type Removed = Sent<Schemas['Removed']>
/** A legal hold on a meeting or one person; lifted when `lifted_at` is set. */
export type LegalHold = Sent<Schemas['HoldView']>
/** The tombstone of an erasure or of a deletion by a retention rule. */
export type Erasure = Sent<Schemas['ErasureView']>
export type ErasureReport = Sent<Schemas['ErasureReport']>
/** What a hold, its lifting or an erasure is about (a meeting or one participant), and why. */
export type RecordsTarget = Schemas['TargetRequest']
/**
 * Who a subject access request is about: exactly one of a participant (with the other people of
 * their meetings who agreed that their names may stay) and a staff member by email.
 */
export type SubjectAccessRequest = Schemas['SubjectAccessBody']
/** A case: a family's referral, with (in a case's own answer) its meetings, offers and standing. */
export type Case = Omit<Sent<Schemas['CaseView']>, 'parental_responsibility'> & { parental_responsibility: CaseParent[] }
export type CaseChild = Sent<Schemas['ChildBody']>
/**
 * Someone with parental responsibility, as a case names them. Kept by hand in part: the server
 * sends each person's `id` (what an offer names), but its document leaves the field out of
 * `ParentBody`, which it shares with the referral it takes.
 */
export type CaseParent = Sent<Schemas['ParentBody']> & { id: string }
/** A referral as the server takes it: a new case's, or the whole of a case's. */
export type Referral = Schemas['ReferralBody']
export type OfferMethod = Schemas['OfferMethod']
export type OfferAnswer = Schemas['OfferAnswer']
/** A meeting offered to one person with parental responsibility, and their answer. */
export type Offer = Sent<Schemas['OfferView']>
export type NewOffer = Schemas['MakeOffer']
export type OfferReply = Schemas['AnswerOffer']
/** A decision not to offer a meeting: in force once a manager approves it. */
export type NotOfferingDecision = Sent<Schemas['NotOfferingView']>
/** Where a case stands on the statutory offer, with the warning the facilitator must see. */
export type OfferStanding = Sent<Schemas['OfferStanding']>
/** A request for a Family Network Support Package: its items, their total, and a manager's decision. */
export type SupportRequest = Sent<Schemas['SupportView']>
export type SupportItem = Sent<Schemas['SupportItem']>
/** One item of a new request: what it is and its cost in pence. */
export type NewSupportItem = Schemas['NewItem']
export type SupportDecision = Schemas['SupportDecision']
/** A staff member's dashboard: their cases and what is due, or a manager's approvals waiting. */
export type Dashboard = Sent<Schemas['Dashboard']>
/** One thing due on a case, with the server's words for it. */
export type DueItem = Sent<Schemas['DueItem']>
export type DueKind = Schemas['DueKind']
export type CaseLine = Sent<Schemas['CaseLine']>
/** A review meeting: the agreed plan's actions and what the review said of each. */
export type Review = Sent<Schemas['ReviewView']>
export type ReviewedAction = Sent<Schemas['ReviewedAction']>
export type ReviewedStatus = Schemas['ReviewedStatus']
/** The service's figures over a range of days (managers only). */
export type Figures = Sent<Schemas['Figures']>
export type ReasonCount = Sent<Schemas['ReasonCount']>
export type Wait = Sent<Schemas['Wait']>

/** What the figures cover: the days (YYYY-MM-DD) and, when given, one team or one facilitator. */
export interface FiguresQuery {
  from: string
  to: string
  team?: string
  facilitator?: string
}

/** The query string of `query`, leaving out a team or facilitator not given. */
export function figuresSearch(query: FiguresQuery): string {
  const search = new URLSearchParams({ from: query.from, to: query.to })
  if (query.team) search.set('team', query.team)
  if (query.facilitator) search.set('facilitator', query.facilitator)
  return search.toString()
}

/** A file the server made: its bytes and the name it gave it. */
export interface Download {
  blob: Blob
  fileName: string
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

async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      // The server words its messages in the language the page is shown in.
      headers: {
        accept,
        'accept-language': pageLanguage().code,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'offline', pageLanguage().t('error-offline'))
  }
}

/** The refusal or failure in an answer that is not ok, with the server's sentence when it gave one. */
async function failure(response: Response): Promise<ApiError> {
  let data: { error?: string; message?: string } = {}
  try {
    const text = await response.text()
    data = (text ? JSON.parse(text) : {}) ?? {}
  } catch {
    data = {}
  }
  const message = data.message ? sentence(data.message) : pageLanguage().t('error-unknown', { status: String(response.status) })
  return new ApiError(response.status, data.error ?? 'unknown', message)
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body, 'application/json')
  if (!response.ok) throw await failure(response)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  try {
    return (text ? JSON.parse(text) : null) as T
  } catch {
    return null as T
  }
}

/** The file name in a Content-Disposition header, or `fallback`. */
function attachmentName(header: string | null, fallback: string): string {
  const match = /filename="?([^";]+)"?/i.exec(header ?? '')
  return match ? match[1].trim() : fallback
}

/** A POST whose answer is a file. */
async function download(path: string, body: unknown, accept: string, fallbackName: string): Promise<Download> {
  const response = await send('POST', path, body, `${accept}, application/json`)
  if (!response.ok) throw await failure(response)
  return { blob: await response.blob(), fileName: attachmentName(response.headers.get('content-disposition'), fallbackName) }
}

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`
const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`

export const api = {
  session: () => request<Session>('GET', '/api/session'),
  /** A participant's own page language, kept on their link so that it lasts. */
  setSessionLanguage: (language: string) => request<void>('PUT', '/api/session/language', { language } satisfies Schemas['ChooseLanguage']),

  /** The languages the service knows, with which are reviewed and which are turned on. */
  languages: () => request<Sent<Schemas['Languages']>>('GET', '/api/languages'),
  /** Turns an unreviewed language on or off (managers only). */
  setLanguageEnabled: (code: string, enabled: boolean) =>
    request<LanguageView>('PUT', `/api/languages/${encodeURIComponent(code)}`, { enabled } satisfies Schemas['SetEnabled']),
  signIn: (email: string, password: string) => request<Session>('POST', '/api/session', { email, password } satisfies Schemas['SignIn']),
  signOut: () => request<void>('DELETE', '/api/session'),

  meetings: () => request<Meeting[]>('GET', '/api/meetings'),
  /** A meeting, in the case `caseId`; without one, the server opens a case of its own with it. */
  createMeeting: (title: string, kind: Meeting['kind'], scheduledAt: string | null, caseId: string | null = null) =>
    request<Meeting>('POST', '/api/meetings', { title, kind, scheduled_at: scheduledAt, case_id: caseId } satisfies Schemas['CreateMeeting']),
  meeting: (meetingId: string) => request<Meeting>('GET', meetingPath(meetingId)),
  /** The language of the family's parts of the shared screen (the facilitator's choice). */
  setMeetingLanguage: (meetingId: string, language: string) =>
    request<Meeting>('PUT', `${meetingPath(meetingId)}/language`, { language } satisfies Schemas['ChooseLanguage']),
  moveStage: (meetingId: string, stage: Stage) => request<Meeting>('PUT', `${meetingPath(meetingId)}/stage`, { stage } satisfies Schemas['MoveStage']),

  participants: (meetingId: string) => request<Participant[]>('GET', `${meetingPath(meetingId)}/participants`),
  /** An interpreter says they have no connection to the family (once; nothing opens before). */
  declareNoConnection: (meetingId: string) =>
    request<void>('POST', `${meetingPath(meetingId)}/interpreter/declaration`, { no_connection: true } satisfies Schemas['Declaration']),
  /** The family asks an interpreter to stay for private time (`asked`), or to leave it. */
  askIntoFamilyTime: (meetingId: string, participantId: string, asked: boolean) =>
    request<void>('PUT', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/family-time`, { asked } satisfies Schemas['FamilyTimeAsk']),
  /** The facilitator records the language someone needs an interpreter in (empty: none). */
  setInterpreterNeed: (meetingId: string, participantId: string, language: string) =>
    request<void>('PUT', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/interpreter-need`, { language } satisfies Schemas['InterpreterNeed']),
  /** The facilitator names someone as expected to decide on the plan, or takes the name back. */
  nameToDecide: (meetingId: string, participantId: string, named: boolean) =>
    request<void>('PUT', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/named-to-decide`, { named } satisfies Schemas['NameToDecide']),
  addParticipant: (meetingId: string, person: NewParticipant) =>
    request<Participant>('POST', `${meetingPath(meetingId)}/participants`, person),
  createLink: (meetingId: string, participantId: string, accessCode: boolean, validForDays?: number) =>
    request<CreatedLink>('POST', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/links`, {
      access_code: accessCode,
      valid_for_days: validForDays,
    } satisfies Schemas['CreateLink']),
  revokeLinks: (meetingId: string, participantId: string) =>
    request<Sent<Schemas['Revoked']>>('POST', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/revoke`),

  setContact: (meetingId: string, participantId: string, change: ContactChange) =>
    request<ContactDetail[]>('PUT', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/contact`, change),
  separations: (meetingId: string) => request<Separation[]>('GET', `${meetingPath(meetingId)}/separations`),
  addSeparation: (meetingId: string, separation: NewSeparation) =>
    request<Separation>('POST', `${meetingPath(meetingId)}/separations`, separation),
  rooms: (meetingId: string) => request<PrivateRoom[]>('GET', `${meetingPath(meetingId)}/rooms`),
  createRoom: (meetingId: string, name: string) =>
    request<PrivateRoom>('POST', `${meetingPath(meetingId)}/rooms`, { name } satisfies Schemas['CreateRoom']),
  assignRoom: (meetingId: string, participantId: string, roomId: string | null) =>
    request<void>('PUT', `${meetingPath(meetingId)}/participants/${encodeURIComponent(participantId)}/room`, { room_id: roomId } satisfies Schemas['AssignRoom']),
  safetyNotes: (meetingId: string) => request<SafetyNote[]>('GET', `${meetingPath(meetingId)}/safety-notes`),
  addSafetyNote: (meetingId: string, note: NewSafetyNote) =>
    request<SafetyNote>('POST', `${meetingPath(meetingId)}/safety-notes`, note),

  privacyNotice: () => request<PrivacyNotice>('GET', '/api/privacy-notice'),
  consent: (meetingId: string) => request<OwnConsent>('GET', `${meetingPath(meetingId)}/consent`),
  giveConsent: (meetingId: string, noticeVersion: number, supportedBy: string | null) =>
    request<Consent>('POST', `${meetingPath(meetingId)}/consent`, {
      notice_version: noticeVersion,
      takes_part: true,
      shares_information: true,
      supported_by: supportedBy,
    } satisfies Schemas['GiveConsent']),
  withdrawConsent: (meetingId: string) => request<Consent>('POST', `${meetingPath(meetingId)}/consent/withdraw`),

  joinPreview: (secret: string) => request<JoinPreview>('POST', '/api/join/preview', { secret } satisfies Schemas['JoinSecret']),
  join: (secret: string, accessCode?: string) => request<Session>('POST', '/api/join', { secret, access_code: accessCode || null } satisfies Schemas['JoinSecret']),

  openDocuments: (meetingId: string) => request<OpenDocument[]>('GET', `${meetingPath(meetingId)}/documents/open`),
  /** What the server has stored of the document this person opens (its state vector, base64). */
  savedState: (meetingId: string, kind: DocumentKind) =>
    request<Sent<Schemas['SavedState']>>('GET', `${meetingPath(meetingId)}/documents/${kind}/saved`),
  documentToken: (meetingId: string, kind: DocumentKind) =>
    request<DocumentToken>('POST', `${meetingPath(meetingId)}/documents/${kind}/token`),

  versions: (meetingId: string) => request<VersionSummary[]>('GET', `${meetingPath(meetingId)}/versions`),
  saveVersion: (meetingId: string, label: string) => request<VersionSummary>('POST', `${meetingPath(meetingId)}/versions`, { label } satisfies Schemas['SaveVersion']),
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
    request<Proposal>('POST', `${meetingPath(meetingId)}/proposal/decisions`, { version_hash: versionHash, decision, comment } satisfies Schemas['RecordDecision']),

  eventsUrl: (meetingId: string) => `${meetingPath(meetingId)}/events`,

  cases: () => request<Case[]>('GET', '/api/cases'),
  case: (caseId: string) => request<Case>('GET', casePath(caseId)),
  openCase: (referral: Referral) => request<Case>('POST', '/api/cases', referral),
  updateReferral: (caseId: string, referral: Referral) => request<Case>('PUT', `${casePath(caseId)}/referral`, referral),
  makeOffer: (caseId: string, offer: NewOffer) => request<Offer>('POST', `${casePath(caseId)}/offers`, offer),
  answerOffer: (caseId: string, offerId: string, reply: OfferReply) =>
    request<Offer>('PUT', `${casePath(caseId)}/offers/${encodeURIComponent(offerId)}`, reply),
  decideNotToOffer: (caseId: string, reason: string) =>
    request<NotOfferingDecision>('POST', `${casePath(caseId)}/not-offering`, { reason } satisfies Schemas['NotOffering']),
  approveNotOffering: (caseId: string, decisionId: string) =>
    request<NotOfferingDecision>('POST', `${casePath(caseId)}/not-offering/${encodeURIComponent(decisionId)}/approve`),
  refuseNotOffering: (caseId: string, decisionId: string, reason: string) =>
    request<NotOfferingDecision>('POST', `${casePath(caseId)}/not-offering/${encodeURIComponent(decisionId)}/refuse`, { reason } satisfies Schemas['RefuseNotOffering']),
  setCareApplication: (caseId: string, on: string | null) =>
    request<Case>('PUT', `${casePath(caseId)}/care-application`, { on } satisfies Schemas['CareApplication']),
  /** The lines of a meeting's plan under "Support we are asking for", as it stands now. */
  supportAsked: (caseId: string, meetingId: string) =>
    request<string[]>('GET', `${casePath(caseId)}/support/asked?meeting_id=${encodeURIComponent(meetingId)}`),
  requestSupport: (caseId: string, meetingId: string, summary: string, items: NewSupportItem[]) =>
    request<SupportRequest>('POST', `${casePath(caseId)}/support`, { meeting_id: meetingId, summary, items } satisfies Schemas['RequestSupport']),
  decideSupport: (caseId: string, requestId: string, decision: SupportDecision, reason: string) =>
    request<SupportRequest>('PUT', `${casePath(caseId)}/support/${encodeURIComponent(requestId)}/decision`, { decision, reason } satisfies Schemas['DecideSupport']),

  dashboard: () => request<Dashboard>('GET', '/api/dashboard'),
  figures: (query: FiguresQuery) => request<Figures>('GET', `/api/figures?${figuresSearch(query)}`),
  figuresCsvUrl: (query: FiguresQuery) => `/api/figures.csv?${figuresSearch(query)}`,

  /** A review meeting following the closed meeting `followsMeetingId`: it joins that meeting's case. */
  createReview: (followsMeetingId: string, title: string, scheduledAt: string | null) =>
    request<Meeting>('POST', '/api/meetings', { title, kind: 'review', scheduled_at: scheduledAt, follows_meeting_id: followsMeetingId } satisfies Schemas['CreateMeeting']),
  setReviewDate: (meetingId: string, on: string | null) => request<Meeting>('PUT', `${meetingPath(meetingId)}/review-date`, { on } satisfies Schemas['ReviewDate']),
  review: (meetingId: string) => request<Review>('GET', `${meetingPath(meetingId)}/review`),
  recordReview: (meetingId: string, actionId: string, status: ReviewedStatus, note: string) =>
    request<Review>('PUT', `${meetingPath(meetingId)}/review/actions/${encodeURIComponent(actionId)}`, { status, note } satisfies Schemas['RecordReview']),
  reviewChanges: (meetingId: string) => request<PlanDiff>('GET', `${meetingPath(meetingId)}/review/changes`),

  users: () => request<StaffUser[]>('GET', '/api/users'),
  setTeam: (userId: string, team: string) =>
    request<StaffUser>('PUT', `/api/users/${encodeURIComponent(userId)}/team`, { team } satisfies Schemas['Team']),
  retentionRules: () => request<RetentionRule[]>('GET', '/api/retention/rules'),
  setRetentionRule: (recordType: RecordType, keep: string, from: FromEvent) =>
    request<RetentionRule>('PUT', `/api/retention/rules/${encodeURIComponent(recordType)}`, { keep, from } satisfies Schemas['SetRule']),
  runRetention: (dryRun: boolean, asOf: string | null) =>
    request<RetentionRun>('POST', '/api/retention/run', { dry_run: dryRun, as_of: asOf } satisfies Schemas['RunRequest']),
  holds: () => request<LegalHold[]>('GET', '/api/holds'),
  placeHold: (target: RecordsTarget) => request<LegalHold>('POST', '/api/holds', target),
  liftHold: (target: RecordsTarget) => request<LegalHold[]>('POST', '/api/holds/lift', target),
  erasures: () => request<Erasure[]>('GET', '/api/erasures'),
  erase: (target: RecordsTarget) => request<ErasureReport>('POST', '/api/erasures', target),
  subjectAccess: (about: SubjectAccessRequest) => download('/api/subject-access', about, 'application/zip', 'subject-access.zip'),
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
