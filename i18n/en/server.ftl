## Review: reviewed
# kinplan's own words from the server, in English (the source language): the API's errors and
# the exports' headings and labels. Each message's id stays as it is; a translation changes only
# the words after "=". docs/TRANSLATING.md says how.

## Errors from the API

error-sign-in = sign in first
error-internal = something went wrong on our side; try again, and tell the service if it keeps happening
# $what: what was looked for, in English (such as "that meeting"); a translation may leave it out.
error-not-found = { $what } was not found
error-too-many-attempts = { $minutes ->
    [one] too many failed attempts; try again in 1 minute
   *[other] too many failed attempts; try again in { $minutes } minutes
}

## Joining by link

error-link-revoked = this link has been turned off; ask the person who sent it for a new link
error-link-expired = this link has expired; ask the person who sent it for a new link
error-link-locked = this link is locked after too many wrong codes; ask the person who sent it for a new link
error-link-locked-now = that code is not right, and the link is now locked; ask for a new link
error-code-required = enter the six-digit code you were given
error-wrong-code = { $left ->
    [one] that code is not right; you have 1 more try
   *[other] that code is not right; you have { $left } more tries
}
error-not-a-link = that is not a join link or an access code

## Languages

# $code: what was asked for; $choices: the languages that may be chosen, by code.
error-language-unknown = { $code } is not a language that can be shown here; choose one of { $choices }
error-language-staff = staff pages are in English; a participant chooses their own language

## Interpreters

error-interpreter-declare-first = first say that you have no connection to the family
error-interpreter-only = only an interpreter says this
error-interpreter-connected = an interpreter must have no connection to the family; tell the facilitator, who will find another interpreter
error-interpreter-family-asks = only someone of the family, or the facilitator, can ask an interpreter into private time
error-not-an-interpreter = that person is not an interpreter
error-meeting-closed = the meeting is closed

## The privacy notice kinplan comes with (the council may publish its own)

privacy-notice-built-in =
    What we keep: your name, how you are related to the child, what you write in the plan, and when you opened it.
    Who sees it: the people in this meeting see the plan; the council's staff for this meeting see everything, including your contact details. Your address is shown to nobody else unless the coordinator agrees it with you.
    How long: the council keeps the plan and this record for as long as the law says it must for children's records, then deletes them.
    Your copy: you can ask the council for a copy of everything it holds about you. Ask your coordinator, who will tell you how.
    You can change your mind: you can stop taking part at any time from your page. Your link then stops working.
privacy-notice-data-map = Everything we keep, why, who sees it and for how long is listed in the data map: /data-protection

## Exports of a plan: headings and labels

export-nothing-written = Nothing written yet.
export-no-decisions = No decisions recorded on this version yet.
export-actions = Actions
export-arrangements = Who leads the plan and when it is reviewed
export-decisions = Decisions
export-about = About this version
export-network = The family network
export-safety-notes = Safety notes (case record only)
export-column-what = What
export-column-who = Who
export-column-by-when = By when
export-column-how-we-know = How we will know it is working
export-column-status = Status
export-column-name = Name
export-column-role = Role
export-column-decision = Decision
export-column-comment = Comment or reason
export-column-when = When
export-column-version-decided = Version decided on (SHA-256)
# $number: the version's number.
export-subtitle = Family plan, version { $number }
export-untitled = Untitled meeting
export-lead = Lead family member
export-not-chosen = Not chosen yet
export-review-date = Review date
export-none = None
export-other-version = a different version
export-fact-meeting = Meeting
export-fact-version = Version
export-fact-label = Label
export-no-label = No label
export-fact-saved-by = Saved by
export-not-recorded = Not recorded
export-fact-saved-on = Saved on
export-fact-status = Status
export-fact-place = Place in the history
export-fact-copy = Copy
export-copy-case-record = Case record, for staff: everything, safety notes included
# $name: the family member the copy was made for.
export-copy-for = For { $name }: contact details only as they may see them
export-copy-one-person = one person
export-fact-hash = SHA-256 hash
export-fact-previous-hash = Previous version's hash
export-previous-none = None: this is the first version
export-chain-position = version { $index } of { $count }
export-chain-missing = version { $number } (not found in this meeting's history)
# $position: such as "version 3 of 3"; $previous: the start of the previous version's hash.
export-chain-first = { $position }; the first version
export-chain-previous = { $position }; previous { $previous }
export-chain-broken = { $position } (this does not match the version before it in the history)
export-not-written = Not written yet
export-not-set = Not set
export-status-draft = Draft
export-status-proposed = Proposed for agreement
export-status-final = Final
export-role-family = Family
export-role-practitioner = Practitioner
export-role-referrer = Referrer
export-role-facilitator = Facilitator
export-decision-agree = Agrees
export-decision-agree-with-comment = Agrees, with a comment
export-decision-do-not-agree = Does not agree
export-decision-agreed = Agreed
export-decision-not-agreed = Not agreed
export-decision-needs-resource-approval = Needs approval for resources
export-action-not-started = Not started
export-action-on-track = On track
export-action-done = Done
export-action-not-on-track = Not on track
# Before the version's hash at the foot of the HTML export.
export-footer = Exported from kinplan. Version { $number }, SHA-256 hash
# At the foot of every PDF page.
export-page = page { $page } of { $pages }

## The plan's sections

section-worries = What we are worried about
section-bottom-lines = Bottom lines: what must happen for the child to be safe
section-strengths = What is working well
section-child-worries = The child's worries
section-child-good-things = Good things for the child
section-child-dreams = The child's hopes and dreams
section-family-answers = The family's answers to the questions
section-support-requested = Support we are asking for
section-contingency = If the plan does not work
section-monitoring = How we will know the plan is working

## Dates and times (UK time)

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
export-date = { $day } { $month } { $year }
# $hour12 with $meridiem (am, pm), or $hour24 (two digits); $zone: GMT or BST.
export-time = { $date } at { $hour12 }:{ $minute }{ $meridiem } { $zone }
