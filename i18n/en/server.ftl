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
