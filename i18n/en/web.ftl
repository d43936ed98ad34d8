## Review: reviewed

### kinplan's web app in English: every word the family, an interpreter or a practitioner reads
### on the family's pages, then the staff pages' words (ids starting "staff-"), which are shown in
### English only. docs/TRANSLATING.md says how to translate this file.

## Words used on many pages

service-name = kinplan
# The browser tab's title: the page's title, then the service's name.
page-title = { $title } – kinplan
error-something-went-wrong = Something went wrong. Try again.
# An answer from the server that said nothing more; $status is its HTTP status, such as 500.
error-unknown = Something went wrong ({ $status }). Try again.
error-offline = You seem to be offline. Check your connection and try again.
there-is-a-problem = There is a problem
# Read before an error message by screen readers.
error-prefix = Error:
warning-prefix = Warning
# Shown in a table cell with nothing in it.
nothing-dash = –

## Stages of a meeting

stage-preparation = Preparation
stage-information = Information sharing
stage-private-family-time = Private family time
stage-agreement = Agreeing the plan
stage-closed = Closed

## Kinds of meeting

meeting-kind-fnm = Family Network Meeting
meeting-kind-fgc = Family Group Conference
meeting-kind-review = Review meeting

## How people take part in a meeting

participant-kind-family = Family member
participant-kind-friend = Friend
participant-kind-child = Child or young person
participant-kind-advocate = Advocate
participant-kind-practitioner = Practitioner
participant-kind-interpreter = Interpreter
participant-kind-observer = Observer

## Decisions on a proposed plan

decision-agree = Agree
decision-agree-with-comment = Agree, with a comment
decision-do-not-agree = Do not agree
decision-agreed = Agreed
decision-not-agreed = Not agreed
decision-needs-resource-approval = Needs resource approval

## How an action in the plan stands

action-status-not-started = Not started
action-status-on-track = On track
action-status-done = Done
action-status-not-on-track = Not on track

## Time passed, for screen readers ("This stage began 12 minutes ago")

duration-less-than-a-minute = less than a minute
duration-minutes =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
duration-hours =
    { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
duration-hours-minutes =
    { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

## The frame around every page

skip-link = Skip to main content
nav-menu = Menu
nav-our-plan = Our plan
nav-leave = Leave and clear this device
# The button that leaves the service at once for a neutral site; "Emergency" is read out before it.
exit-this-page = Exit this page
exit-this-page-emergency = Emergency
exit-this-page-activated = Loading.
exit-this-page-timed-out = Exit this page expired.
exit-this-page-press-two-more-times = Shift, press 2 more times to exit.
exit-this-page-press-one-more-time = Shift, press 1 more time to exit.
footer-text = kinplan: family plans, written together.
# The name of the list of languages a person can choose for the pages.
language-switcher-label = Language

## After leaving, after stopping taking part, and an address that does not exist

left-title = You have left the meeting
left-nothing-kept = Nothing about the meeting is kept on this device any more.
left-come-back = To come back, open the link you were sent again.
stopped-title = You have stopped taking part
stopped-link-ended = Your link no longer works.
stopped-mistake = If this was a mistake, ask your coordinator to invite you again.
not-found-title = Page not found
not-found-check-address = If you typed the web address, check it is correct.
not-found-start = Go to the start

## Joining the meeting by link

join-title = Join the meeting
join-link-broken-title = This link does not work
join-link-broken-ask = Ask the person who sent you the link for a new one.
join-link-incomplete = The link is not complete. Open the whole link you were sent.
join-link-not-found = We could not find this link.
join-access-code = Access code
join-access-code-hint = The six numbers you were given, for example by phone.
join-button = Join the meeting
join-button-this-is-me = Yes, this is me – join the meeting
join-error-code-six-numbers = The access code is six numbers
join-error-enter-code = Enter the access code you were given
# $name is the name of the person the link was made for.
join-not-me = I am not { $name }
join-not-mine = This link is not mine
join-not-me-advice = Do not use this link. Tell the person who sent it to you, so they can turn it off.
join-are-you = Are you { $name }?
join-heading = Join the family meeting
join-just-for-you = This link is just for you. It lets you see and write the family plan with everyone else in the meeting.
join-if-you-are = If you are { $name }, enter your access code.
join-enter-code = Enter the six-digit access code you were given with this link.

## Forms

# The three boxes of a date.
date-day = Day
date-month = Month
date-year = Year

## The stage bar: where the meeting is, and for how long

stage-bar-heading = Meeting stage
# $stage is the name of the stage, such as "Private family time".
stage-bar-now = Now: { $stage }.
# $time is how long ago the stage began: a clock such as 12:30 on the screen, words such as
# "12 minutes" for screen readers.
stage-bar-began = This stage began { $time } ago.

## Consent: the privacy notice a person agrees to before joining (the notice's own words come
## from the council)

consent-title = Before you join the meeting
consent-intro = Please read how we use your information. Then tell us if you agree.
consent-notice-heading = How we use your information
consent-do-you-agree = Do you agree?
consent-agree-to-both = You need to agree to both to join the meeting.
consent-takes-part = I agree to take part in this meeting
consent-shares-information = I agree to how my information is shared, as above
consent-supporter = Who helped you decide? (optional)
consent-supporter-hint = For example, your advocate, a teacher or someone in your family.
consent-agree = Agree and continue
consent-error-takes-part = Tick the box to agree to take part in this meeting
consent-error-shares-information = Tick the box to agree to how your information is shared

## Stopping taking part (on the person's own entry on the People page)

stop-heading = Stop taking part
stop-warning = If you stop taking part, your link will stop working and you will leave the meeting. To take part again, the coordinator must invite you again.
stop-button = Stop taking part
stop-are-you-sure = Are you sure you want to stop taking part? Your link will stop working straight away.
stop-yes = Yes, stop taking part
stop-no = No, keep taking part

## The plan's sections: each one's title, and the prompt under it

plan-section-worries-title = What we are worried about
plan-section-worries-hint = What has happened, and what might happen if nothing changes.
plan-section-bottom-lines-title = Bottom lines: what must happen for the child to be safe
plan-section-bottom-lines-hint = What children’s services need to see in the plan.
plan-section-strengths-title = What is working well
plan-section-strengths-hint = Strengths, and who helps already.
plan-section-child-worries-title = The child's worries
plan-section-child-worries-hint = In the child’s own words where possible.
plan-section-child-good-things-title = Good things for the child
plan-section-child-good-things-hint = What the child likes and who makes them feel safe.
plan-section-child-dreams-title = The child's hopes and dreams
plan-section-child-dreams-hint = What the child hopes for.
plan-section-family-answers-title = The family's answers to the questions
plan-section-family-answers-hint = The family’s answers to the questions they were asked.
plan-section-support-requested-title = Support we are asking for
plan-section-support-requested-hint = Help from services, such as a bed, a car seat or a course.
plan-section-contingency-title = If the plan does not work
plan-section-contingency-hint = What will happen, and who will do it.
plan-section-monitoring-title = How we will know the plan is working
plan-section-monitoring-hint = Who checks, and how often.

## The meeting room: the family's plan, live

room-title = Meeting
room-caption = Family plan
room-private-time-title = The family is in private time
room-private-time-facilitator = The family is working on their plan alone. When they are ready, move the meeting on to agreeing the plan.
room-private-time-others = The family is working on their plan alone. You will see the plan again when they have finished.
room-private-notes-title = Your family's private notes
room-private-notes-hint = Only your family can see this (when the family is in separate rooms, only the people in your room). Professionals, including the facilitator, never can.
room-moved-title = You are in another private room now
room-moved-text = The facilitator moved you to another private room. The private notes below are that room’s, shared only with the people in it.
room-access-closed = The meeting is closed. You can read the plan, but nobody can change it now.
room-access-final = The plan is final, so nobody can change it.
room-access-proposed = The plan has been proposed for agreement, so nobody can change it now. Go to "Agreeing the plan" to record what you think.
room-access-facilitator-writes = You can write the referral now: the worries, the bottom lines and the questions for the family. The family takes the plan over in private family time.
room-access-editor = You can write in the plan. Everyone sees what you write as you type.
room-access-staff-viewer = You can read the plan. The family writes it; you can add comments below.
room-access-viewer = You can read the plan.
room-ended-title = You are no longer in this meeting
room-ended-text = Your link has been turned off or has run out. Ask the facilitator for a new link.
live-private-room-changed = Your private room changed.

## Who is here, and who has the plan open

presence-heading = Who is here
# After the person's own name in the list.
presence-you = (you)
presence-offline = You are offline. Your changes are kept on this device and will be shared when you reconnect.
presence-connecting = Connecting…
open-documents-label = Who has the family plan open
open-documents-heading = Who has the plan open
open-documents-checked = Checked by kinplan, not by anyone’s own screen.
open-documents-nobody = Nobody at the moment.
# $name is a person's name, $kind what they are to the meeting (one of the words below).
open-documents-who = { $name } ({ $kind })
# $who is the line above; $documents is "plan", "private notes", or both joined by "and".
open-documents-line = { $who }: { $documents }
open-documents-plan = plan
open-documents-private-notes = private notes
open-documents-kind-facilitator = facilitator
open-documents-kind-practitioner = practitioner
open-documents-kind-manager = manager
open-documents-kind-family = family
open-documents-kind-friend = friend
open-documents-kind-child = child or young person
open-documents-kind-advocate = advocate
open-documents-kind-interpreter = interpreter
open-documents-kind-observer = observer

## The plan's actions

actions-heading = Actions
actions-hint = Who will do what, by when, and how we will know it is working.
actions-none-yet = No actions yet.
actions-add = Add an action
actions-what = What will happen
actions-who = Who
actions-by-when = By when
actions-how-we-know = How we will know
actions-how-we-know-long = How we will know it is working
actions-status = Status
# The heading, read out, of the column of buttons that change or remove an action.
actions-change = Change
actions-choose-someone = Choose someone
# Read out after a field's name in the actions table, such as "Who, action 2".
actions-field-of = , action { $number }
actions-remove = Remove
# Read out after "Remove".
actions-remove-which = action { $number }

## The plan's facts

plan-details-heading = About the plan
plan-details-lead = Lead family member
plan-details-review-date = Review date
plan-details-review-date-hint = Usually within 3 months.
plan-details-not-chosen = Not chosen yet
plan-details-not-set = Not set yet

## Practitioners' comments on the plan

comments-heading = Comments from practitioners
comments-none-yet = No comments yet.
comments-a-practitioner = A practitioner
comments-the-whole-plan = the whole plan
# Above each comment: who wrote it, about which part of the plan, and when.
comments-meta-when = { $author } on { $about }, { $when }
comments-meta = { $author } on { $about }

## The links between a meeting's pages

meeting-nav-label = Meeting pages
meeting-nav-people = People
meeting-nav-versions = Versions

## A saved version of the plan, as everyone reads it

plan-view-nothing-written = Nothing written.
plan-view-no-actions = No actions.
plan-view-not-chosen = Not chosen
plan-view-not-set = Not set

## What changed between two versions of the plan

diff-nothing-changed = Nothing changed between these versions.
# Read out before words added to, or taken out of, the plan.
diff-added-marker = [added]
diff-removed-marker = [removed]
diff-actions-and-details = Actions and details
# $what is what the action says will happen; $who who will do it.
diff-action-added = Added: { $what } ({ $who })
diff-action-removed = Removed: { $what }
# $field is one of the names below; $from and $to what it said before and after.
diff-action-changed = { $what }: { $field } changed from “{ $from }” to “{ $to }”
diff-fact-changed = { $field } changed from “{ $from }” to “{ $to }”
diff-an-action = an action
diff-an-action-capital = An action
diff-nobody-yet = nobody yet
diff-nothing = nothing
diff-field-what = What will happen
diff-field-who = Who
diff-field-by-when = By when
diff-field-how-we-know = How we will know
diff-field-status = Status
diff-field-lead-family-member = Lead family member
diff-field-review-date = Review date

## Agreeing the plan

agreement-title = Agreeing the plan
# A browser tab's title for one of a meeting's pages: $page is the page, $meeting the meeting's name.
page-of-meeting = { $page }: { $meeting }
agreement-done = Done
agreement-decide-agree = I agree with the plan
agreement-decide-agree-with-comment = I agree, with a comment
agreement-decide-agree-with-comment-hint = Say what you would like people to know.
agreement-decide-do-not-agree = I do not agree
agreement-decide-do-not-agree-hint = Say why, so the family can change the plan.
agreement-no-decisions = Nobody has recorded a decision yet.
agreement-decisions = Decisions
agreement-column-name = Name
agreement-column-taking-part-as = Taking part as
agreement-column-decision = Decision
agreement-column-comment = Comment or reasons
agreement-column-when = When
# How someone took part in deciding, in the decisions table.
agreement-role-family = Family
agreement-role-friend = Friend
agreement-role-child = Child or young person
agreement-role-advocate = Advocate
agreement-role-practitioner = Practitioner
agreement-role-referrer = Referrer
agreement-role-facilitator = Facilitator
agreement-still-to-decide = Still to decide
agreement-everyone-decided = Everyone has decided
agreement-referrer-decision = The referrer's decision
agreement-not-recorded = Not recorded yet
agreement-change-decision = Change your decision
agreement-what-do-you-think = What do you think of this plan?
agreement-comment = Comment or reasons
agreement-comment-hint = Needed if you agree with a comment or do not agree.
agreement-record = Record my decision
agreement-error-choose = Choose what you think of the plan
agreement-error-comment = Write your comment
agreement-error-reasons = Write your reasons
# $decision is one of the decisions, such as "Agree".
agreement-recorded = Your decision is recorded: { $decision }.
agreement-you-recorded = You recorded: { $decision }.
agreement-withdrawn = The proposal was withdrawn so the family can change the plan. It has not been proposed again yet.
agreement-not-proposed = The plan has not been proposed for agreement yet.
agreement-proposed-heading = Version { $number } is proposed for agreement
# $fingerprint is a short code that names this exact version, such as 3f9a0c12b7de.
agreement-proposed-text = Proposed { $when }. Its fingerprint is { $fingerprint }. Decisions count for this exact version.
agreement-final = The plan is final
agreement-final-version = Version { $number }, fingerprint { $fingerprint }
agreement-download-final = Download the final plan
agreement-the-final-plan = The final plan
agreement-plan-being-decided = The plan being decided on

## Downloading a version of the plan

# $which is "the final plan" or "version 3"; $format one of the formats below.
download-link = Download { $which } as { $format }
download-which-final = the final plan
download-which-version = version { $number }
download-format-pdf = PDF
download-format-html = web page (HTML)
download-format-md = text (Markdown)
download-format-json = data (JSON)

## The versions of the plan

history-title = Versions of the plan
history-version-name = Name for this version (optional)
history-version-name-hint = For example, “After information sharing”.
history-save = Save the plan as a new version
history-save-heading = Save a version
history-saved-title = Version saved
history-saved = Saved as version { $number }.
history-restore = Restore
history-restore-yes = Yes, restore version { $number }
history-restore-question = Restore an earlier version?
# $button is the words on the button, as above.
history-restore-explained = Press “{ $button }” to put its words back into the plan. Everyone connected sees the change. Nothing is lost: the plan as it is now can be saved first.
history-restored-title = Version restored
history-restored = The plan now has the words of version { $number }.
history-comparing = Comparing…
history-what-changed = What changed
history-none = No versions have been saved yet.
history-table-caption = Saved versions, newest first
history-column-version = Version
history-column-name = Name
history-column-saved-by = Saved by
history-column-when = When
history-column-fingerprint = Fingerprint
history-column-restore = Restore
# A version in a list to choose from: its number and the name it was saved with.
history-version-option = Version { $number }: { $name }
history-from = From
history-to = To
history-show-changes = Show what changed
history-compare = Compare two versions
history-version-to-download = Version to download
history-download = Download a version

## The network map

map-title = Network map
map-intro = The child is at the centre, with the people around them and the actions each person has taken on in the plan.
map-the-child = The child
map-the-child-lower = the child
# Read out with the picture: $names are the children at its centre.
map-description-centre = At the centre: { $names }.
# $count is how many actions the person has taken on.
map-description-person-relationship =
    { $name }, { $relationship }: { $count ->
        [one] { $count } action
       *[other] { $count } actions
    }.
map-description-person =
    { $name }: { $count ->
        [one] { $count } action
       *[other] { $count } actions
    }.
map-key = Key
map-family-and-friends = Family and friends
map-practitioners = Practitioners and others
# The sample badge in the key, standing for a number.
map-badge-sample = n
map-badge = The number of actions someone has taken on
map-table-caption = Who has taken on what
map-column-name = Name
map-column-relationship = Relationship to the child
map-column-actions = Actions they have taken on
map-action-no-words = An action with no words yet
map-none-yet = None yet
# $reason is why, in the server's words.
map-actions-hidden = The actions cannot be shown now. { $reason }

## The people in the network

network-title = People in the network
network-nobody-yet = Nobody has been added yet.
network-table-caption = The network

## Contact details: a person's own, and what others share with them

contact-heading = Contact details
contact-yours = Your contact details
contact-yours-none = You have no contact details here yet.
contact-other-people = Other people
contact-none-shared = Nobody’s contact details are shared with you.
contact-someone-gone = someone no longer in the network
contact-kind-address = Address
contact-kind-phone = Phone
contact-kind-email = Email
contact-phone = Phone number
contact-phone-number = Phone number { $number }
contact-phone-hint = Leave a number empty to remove it.
contact-email = Email address
# $who is one of the three answers below.
contact-who-can-see = Who can see it: { $who }
contact-visibility-staff = Staff only
contact-visibility-network = Everyone in the network
# $names are the people chosen, separated by commas.
contact-visibility-named = Staff and: { $names }
contact-correct-heading = Correct your details
contact-correct-text = Change anything that is wrong. Leave a box empty to remove it. The facilitator decides who can see your details.
contact-save-mine = Save my details
contact-nothing-changed = Nothing changed
contact-mine-unchanged = Your contact details are as they were.
contact-saved = Saved
contact-mine-saved = Your contact details are saved.

## A review meeting's review of the agreed plan

review-title = Review of the agreed plan
review-not-a-review = This meeting is not a review: it follows no agreed plan. A review is set up from a meeting whose plan is final, on its “Agreeing the plan” page.
review-changes = What changed since the agreed plan
review-changes-intro = The review’s plan started from the agreed version. This shows what has been changed in it since.
review-agreed-actions = The agreed actions
review-on-time-unknown = Known once the review is held
review-on-time-yes = Yes
review-on-time-no = No, it was held after the day it was due
review-follows = Reviews the plan agreed in
review-the-earlier-meeting = the earlier meeting
review-agreed-version = Agreed version
review-due-by = Due for review by
review-held = Review held
review-not-yet = Not yet
review-held-on-time = Held on time
review-not-reviewed = Not reviewed yet
review-no-note = No note.
# $when is the day and time it was recorded.
review-recorded = Recorded { $when }
# Read out before what the action says.
review-action-number = Action { $number }:
review-action-no-words = An action with no words
review-nobody-named = Nobody named
review-not-given = Not given
review-status-when-agreed = Status when agreed
review-no-actions = The agreed plan had no actions.
review-nothing-changed = Nothing has changed since the agreed plan.

## The agreed plan's review, on the agreement page once the plan is final

agreement-review-held = Held
agreement-review-not-recorded = Not recorded
agreement-review-due = To be reviewed by

## Someone with no name given, in "Who is here" and beside their cursor

someone = Someone

## Staff pages (shown in English only): everything below has ids starting "staff-"

## Where each person stands on consent (staff see this on the People page)

staff-consent-label = Consent:
# $when is the day they agreed; $version the version of the privacy notice they agreed to.
staff-consent-given-version = Given on { $when } (notice version { $version })
staff-consent-given = Given on { $when }
staff-consent-withdrawn = Withdrawn on { $when }
staff-consent-not-yet = Not yet
staff-consent-supported-by = , supported by { $name }

## The meeting room, as staff see it on the shared screen

staff-room-caption = Meeting room
staff-room-language = Language of the family's parts of this screen
staff-room-language-hint = The stages, the plan and who is here are shown in this language. The buttons for you stay in English.

## Staff navigation

staff-nav-dashboard = Dashboard
staff-nav-cases = Cases
staff-nav-meetings = Meetings
staff-nav-figures = Figures
staff-nav-records = Records
staff-nav-sign-out = Sign out

## Agreeing the plan: the referrer's decision and the facilitator's controls

staff-referrer-agreed = Agreed
staff-referrer-agreed-hint = The plan keeps the child safe. It becomes final when the facilitator closes agreement.
staff-referrer-not-agreed = Not agreed
staff-referrer-not-agreed-hint = Give the reasons. The family can revise the plan.
staff-referrer-needs-resource-approval = Needs resource approval
staff-referrer-needs-resource-approval-hint = The plan asks for support that a manager must approve first.
staff-referrer-you-are = You are the referrer.
staff-agreement-moved = The meeting is now agreeing the plan.
staff-agreement-not-yet = The plan can be proposed for agreement once the meeting is agreeing the plan.
staff-agreement-propose = Propose the plan for agreement
staff-agreement-proposed = The plan is proposed. Nobody can change it while people decide.
staff-agreement-propose-explained = This saves the plan as it is now as a version. Nobody can change it while people decide.
staff-agreement-make-final = Make the plan final
staff-agreement-made-final = The plan is final. The meeting is closed.
staff-agreement-withdraw = Withdraw the proposal
staff-agreement-withdrawn = The proposal is withdrawn. The family can change the plan again.
staff-agreement-when-everyone = When everyone has decided
staff-agreement-when-everyone-text = The plan becomes final when the referrer has agreed. Withdraw the proposal if the family wants to change the plan.

## The network page: people, join links and adding someone

staff-network-title-facilitator = People and links
staff-network-column-language = Language
staff-network-column-access-needs = Access needs
staff-network-column-join-link = Join link
staff-network-column-links = Links
staff-link-staff-account = Signs in with a staff account
staff-link-none = No link yet
staff-link-works-until = Link works until { $when }
staff-link-works-until-code = Link works until { $when }, with an access code
staff-link-locked = Link locked after wrong codes
staff-link-turned-off = Link turned off
staff-link-expired = Link expired
staff-link-copy = Copy link
staff-link-copied = Link copied
staff-link-copy-by-hand = Select the link and copy it
staff-link-made = Join link made
staff-link-for = Join link for { $name }
staff-link-only-time = This is the only time you will see this link and code. Send the link to them, for example by text message.
staff-link-label = Link
staff-link-access-code = Access code: { $code }. Give them the code separately, for example by phone.
staff-link-works-until-sentence = The link works until { $when }.
staff-link-with-code = When I make a link, also make a six-digit access code
staff-link-with-code-hint = Recommended. You give the code separately, so a link sent to the wrong person does not work alone.
staff-link-make = Make a join link
staff-link-for-whom = for { $name }
staff-links-off-button = Turn off links
staff-links-off-title = Links turned off
staff-links-off = { $name }'s links no longer work. Anyone using them has been disconnected.
staff-safety-note-added = Safety note added
staff-safety-note-added-text = Only staff can read it.
staff-add-heading = Add someone to the network
staff-add-name = Name
staff-add-name-hint = The name they like to be called.
staff-add-relationship-hint = For example, aunt, grandad, family friend, social worker.
staff-add-language = Language
staff-add-language-hint = The language they would like to use. Their pages are shown in it when kinplan offers it.
staff-add-language-not-given = Not given
staff-add-language-other = Another language
staff-add-language-other-name = Name of the language
staff-add-access-needs-hint = For example, large print, a British Sign Language interpreter, breaks.
staff-add-email = Staff email (practitioners only)
staff-add-email-hint = For a practitioner with a staff account, so they can sign in to this meeting.
staff-add-referrer = This practitioner is the referrer
staff-add-referrer-hint = Their decision makes the plan final.
staff-add-button = Add to the network
staff-add-error-name = Enter their name
staff-add-added-title = Added
staff-add-added = { $name } is now in the network.

## Contact details as staff see them, and separations

staff-contact-never = , never { $names } (separation)
staff-contact-who-else-address = Who else can see the address
staff-contact-who-else-phone = Who else can see the phone numbers
staff-contact-who-else-email = Who else can see the email address
staff-contact-who-address = Who can see the address
staff-contact-who-phone = Who can see the phone numbers
staff-contact-who-email = Who can see the email address
staff-contact-staff-always = Staff always can.
staff-contact-network-hint = Everyone taking part, except anyone a separation keeps apart.
staff-contact-named = Staff and people I choose
staff-contact-nobody-to-choose = There is nobody else who can be chosen.
staff-contact-save = Save contact details
staff-contact-error-choose-address = Choose who else can see the address, or choose "Staff only"
staff-contact-error-choose-phone = Choose who else can see the phone numbers, or choose "Staff only"
staff-contact-error-choose-email = Choose who else can see the email address, or choose "Staff only"
staff-contact-unchanged = { $name }'s contact details are as they were.
staff-contact-saved = { $name }'s contact details are saved.
staff-contact-change = Change { $name }'s contact details
staff-contact-intro-facilitator = A detail is seen by staff only unless you choose otherwise. A separation overrides who can see a detail.
staff-contact-intro-others = The facilitator decides who can see each detail. A separation overrides who can see a detail.
staff-contact-none = No contact details recorded.
staff-separation-heading = Separations
staff-separation-intro = A separation keeps two people apart and overrides who can see each detail. Only staff see separations and their reasons.
staff-separation-no-details = Cannot see each other’s details
staff-separation-no-details-hint = Overrides who can see each detail.
staff-separation-no-shared-room = Cannot be in the same private room
staff-separation-choose-person = Choose a person
staff-separation-first = First person
staff-separation-second = Second person
staff-separation-what = What is kept apart
staff-separation-what-hint = Select all that apply.
staff-separation-reason = Reason
staff-separation-reason-hint = Only staff see the reason.
staff-separation-record = Record the separation
staff-separation-record-heading = Record a separation
staff-separation-error-first = Choose the first person
staff-separation-error-second = Choose the second person
staff-separation-error-same = Choose two different people
staff-separation-error-what = Choose what is kept apart
staff-separation-error-reason = Enter the reason for the separation
staff-separation-between = { $first } and { $second }
staff-separation-recorded-title = Separation recorded
staff-separation-recorded = { $between } are kept apart.
staff-separation-none = No separations recorded.
staff-separation-caption = Separations recorded
staff-separation-column-between = Between
staff-separation-column-kept-apart = Kept apart
staff-separation-column-reason = Reason (staff only)
staff-separation-column-recorded = Recorded

## A review meeting: the facilitator records how each action stands

staff-saving = Saving…
staff-review-closed = The review meeting is closed, so what it said of each action stays as it is.
staff-review-private-time = The family is in private time. Record how each action stands when they have finished.
staff-review-how-stands = How does this action stand?
staff-review-note = Note (optional)
staff-review-note-hint = What happened, or what needs to change.
staff-review-save = Save
staff-review-save-which = how action { $number } stands
staff-review-error-choose = Choose how this action stands
staff-review-saved = Saved: { $status }.

## Setting the review date and the review meeting (the facilitator, once the plan is final)

staff-review-date-change = Change the review date
staff-review-date-set = Set the review date
staff-review-date-hint = The day the agreed plan is to be reviewed, usually within 3 months. For example, 27 3 2026.
staff-review-date-save = Save the review date
staff-review-date-error-empty = Enter the review date
staff-review-date-error-invalid = The review date must be a real date
staff-review-date-saved-title = Review date saved
staff-review-date-saved = The agreed plan is to be reviewed by { $day }.
staff-new-review-name = Name of the review meeting
staff-new-review-name-value = Review: { $title }
staff-new-review-when = When is the review meeting? (optional)
staff-new-review-button = Set up the review meeting
staff-new-review-error-name = Enter a name for the review meeting
staff-new-review-busy = Setting up…
staff-new-review-intro = The review starts from this agreed plan: it marks how each action stands and shows what changed since.
staff-following-reviews =
    { $count ->
        [one] Its review meeting
       *[other] Its review meetings
    }
# $state is when it was held, when it is, or its stage.
staff-following-review-state = ({ $state })
staff-following-review-held = held { $day }

## The facilitator's stage controls, and writing a comment on the plan (staff)

# The facilitator's buttons that move the meeting on to the next stage.
staff-stage-bar-move-on-information = Move on to information sharing
staff-stage-bar-move-on-private-family-time = Move on to private family time
staff-stage-bar-move-on-agreement = Move on to agreeing the plan
staff-stage-bar-other = Go to another stage
staff-stage-bar-stage = Stage
staff-stage-bar-go = Go to this stage
staff-comments-about = Which part of the plan is it about?
staff-comments-whole-plan = The whole plan
staff-comments-yours = Your comment
staff-comments-yours-hint = Say what you think in plain English. The family will read it.
staff-comments-error-empty = Enter your comment
staff-comments-add = Add comment

## The manager's page of languages

staff-nav-languages = Languages
staff-languages-title = Languages
staff-languages-managers-only = Only a manager can turn languages on or off.
staff-languages-intro = Families see their pages in their own language when kinplan offers it. A language is offered once a qualified translator has reviewed its words, or once a manager turns it on here.
staff-languages-warning = Nobody qualified has checked the words of an unreviewed language. Turn one on only if your service accepts that, for example while a review is arranged, and tell the family that the translation has not been checked.
staff-languages-caption = Languages
staff-languages-column-language = Language
staff-languages-column-own-name = In its own words
staff-languages-column-review = Translation
staff-languages-column-shown = Shown to families
staff-languages-column-change = Change
staff-languages-reviewed = Reviewed
staff-languages-unreviewed = Not reviewed
staff-languages-shown-yes = Yes
staff-languages-shown-no = No
staff-languages-turn-on = Turn on
staff-languages-turn-off = Turn off
staff-languages-saved = Saved
staff-languages-turned-on = { $name } is now shown to families.
staff-languages-turned-off = { $name } is no longer shown to families.

## Private rooms of private family time (the network page, staff)

staff-private-rooms-heading = Private rooms
staff-private-rooms-intro = In private family time each room has its own private notes, which only the people in that room can open. Everyone on the family side who is not put in a room is in “Everyone else”. People kept apart by a separation can never be in the same room. Only staff see the rooms.
staff-private-rooms-caption = Private rooms and who is in each
staff-private-rooms-room = Room
staff-private-rooms-who = Who is in it
staff-private-rooms-nobody = Nobody
staff-private-rooms-save = Save
# Read out after "Save".
staff-private-rooms-whose-room = { $name }'s room
staff-private-rooms-nothing-changed = Nothing changed
staff-private-rooms-already = { $name } is in that room already.
staff-private-rooms-saved = Saved
staff-private-rooms-that-room = that room
staff-private-rooms-now = { $name } is in “{ $room }” now.
staff-private-rooms-room-for = Room for { $name }
staff-private-rooms-room-name = Room name
staff-private-rooms-room-name-hint = For example, “Mum’s side”. Only staff see room names.
staff-private-rooms-add-room = Add the room
staff-private-rooms-error-name = Enter a name for the room
staff-private-rooms-room-added = Room added
staff-private-rooms-ready = “{ $name }” is ready. Choose who is in it below the list of rooms.
staff-private-rooms-add-heading = Add a room
staff-private-rooms-who-where = Who is in which room
staff-private-rooms-nobody-family = There is nobody on the family side yet.

## Safety notes (the network page, staff only)

staff-safety-notes-heading = Safety notes
staff-safety-notes-intro = Only staff can read safety notes: never the family. Each time someone opens them it is recorded in the audit log.
staff-safety-notes-category-risk = Risk
staff-safety-notes-category-risk-hint = A risk to someone’s safety.
staff-safety-notes-category-screening = Screening
staff-safety-notes-category-screening-hint = What screening for domestic abuse or other harm found.
staff-safety-notes-category-arrangement = Arrangement
staff-safety-notes-category-arrangement-hint = How the meeting is arranged to keep people safe, such as separate arrival times.
staff-safety-notes-category-other = Other
staff-safety-notes-whole-meeting = The whole meeting
staff-safety-notes-someone-gone = Someone no longer in the network
staff-safety-notes-none = No safety notes yet.
# Between a note's category and who it is about.
staff-safety-notes-about = About:
staff-safety-notes-added = Added by { $name }, { $when }
staff-safety-notes-about-label = About
staff-safety-notes-category = Category
staff-safety-notes-note = Note
staff-safety-notes-note-hint = Only staff read safety notes. A note cannot be changed later; to correct it, add another.
staff-safety-notes-add-note = Add the note
staff-safety-notes-error-category = Choose a category
staff-safety-notes-error-note = Enter the note
staff-safety-notes-add-heading = Add a safety note

## Signing in (staff)

staff-sign-in-title = Sign in
staff-sign-in-email = Email address
staff-sign-in-password = Password
staff-sign-in-button = Sign in
staff-sign-in-error-email = Enter your email address
staff-sign-in-error-password = Enter your password
staff-sign-in-for-staff = For staff: facilitators, social workers and other practitioners.
staff-sign-in-family = If you are part of the family or a friend, you do not need to sign in. Open the link you were sent.

## The meetings page (staff)

staff-meetings-title = Meetings
staff-meetings-none = You have no meetings yet.
staff-meetings-caption = Your meetings
staff-meetings-column-meeting = Meeting
staff-meetings-column-kind = Kind
staff-meetings-column-when = When
staff-meetings-column-stage = Stage
staff-meetings-column-people = People
staff-meetings-name = Name of the meeting
staff-meetings-name-hint = For example, the family name and the month: Plan for T, March.
staff-meetings-kind = Kind of meeting
staff-meetings-when = When is the meeting? (optional)
staff-meetings-set-up = Set up the meeting
staff-meetings-error-name = Enter a name for the meeting
staff-meetings-signed-in-as = Signed in as { $name }.
# $link is the link "See your cases".
staff-meetings-cases = Every meeting belongs to a family’s case. { $link }.
staff-meetings-cases-facilitator = Every meeting belongs to a family’s case. { $link }, or open a case from a referral there.
staff-meetings-see-cases = See your cases
staff-meetings-new = Set up a new meeting
staff-meetings-new-intro = A meeting set up here opens a case of its own. To set up a meeting in a case you have already, use the case’s page.

## The dashboard (staff)

staff-dashboard-title = Dashboard
staff-dashboard-service-manager = Service manager: { $name }
staff-dashboard-overdue = Overdue
# $day is the day it is or was due, or since when it has waited.
staff-dashboard-by-day = by { $day }
staff-dashboard-was-due-day = was due { $day }
staff-dashboard-since-day = since { $day }
staff-dashboard-no-day-set = No day set
staff-dashboard-column-what = What
staff-dashboard-column-case = Case
staff-dashboard-column-when = When
staff-dashboard-column-since = Since
staff-dashboard-column-received = Referral received
staff-dashboard-column-meetings = Meetings
staff-dashboard-column-due = Due
staff-dashboard-cases-caption = The cases you hold
staff-dashboard-due-next = What is due next
staff-dashboard-nothing-due-yours = Nothing is due on your cases.
staff-dashboard-nothing-due = Nothing is due.
staff-dashboard-most-urgent-first = Most urgent first.
staff-dashboard-due-caption = What is due on your cases, most urgent first
staff-dashboard-your-cases = Your cases
staff-dashboard-no-cases-yet = You hold no cases yet.
staff-dashboard-no-cases-facilitators = You hold no cases: facilitators do.
staff-dashboard-open-case = Open a case from a referral
staff-dashboard-see-cases = See the cases
staff-dashboard-see-meetings = See your meetings
staff-dashboard-approvals = Waiting for your approval
staff-dashboard-no-approvals = Nothing is waiting for your approval.
staff-dashboard-approvals-intro = The longest waiting first. Each opens the case, where you decide.
staff-dashboard-approvals-caption = Decisions waiting for your approval, the longest waiting first
staff-dashboard-reviews-overdue = Reviews overdue
staff-dashboard-no-review-overdue = No review is overdue.
staff-dashboard-reviews-overdue-caption = Reviews overdue across the service, the longest overdue first
staff-dashboard-applications = Care applications before the meeting
staff-dashboard-applications-caption = Cases where a care application comes before the accepted meeting
staff-dashboard-figures = The service’s figures
staff-dashboard-figures-intro = Offers and their answers, how long families wait, plans agreed, reviews on time and support packages.
staff-dashboard-figures-link = See the service’s figures

## Kinds of things due on a case (the dashboard)

staff-due-care-application = Care application
staff-due-review-overdue = Review overdue
staff-due-meeting-to-set = Meeting to set up
staff-due-offer-answer-awaited = Answer awaited
staff-due-review-due = Review due
staff-due-not-offering-approval = Decision not to offer
staff-due-support-approval = Support package

## How a meeting was offered, and the answers (the case page)

staff-offer-method-in-person = In person
staff-offer-method-letter = By letter
staff-offer-method-letter-before-proceedings = In the letter before proceedings
staff-offer-answer-awaiting = Awaiting an answer
staff-offer-answer-accepted = Accepted
staff-offer-answer-declined = Declined

## The cases page (staff)

staff-cases-title = Cases
staff-cases-intro = A case is one family’s journey: the referral, the offer of a meeting to everyone with parental responsibility, and the meetings.
staff-cases-none = You have no cases yet.
staff-cases-caption = Your cases
staff-cases-column-case = Case
staff-cases-column-children = Children
staff-cases-column-received = Referral received
staff-cases-column-meetings = Meetings
staff-cases-column-offer = Offer
# Where a case stands on the offer of a meeting, in a word or two.
staff-cases-not-known = Not known
staff-cases-urgent = Urgent
staff-cases-not-offered = Not offered
staff-cases-held = Held
staff-cases-accepted = Accepted
staff-cases-awaiting-approval = Awaiting approval
staff-cases-offered = Offered
staff-cases-declined = Declined
staff-cases-not-offered-yet = Not offered yet
staff-cases-open-case = Open the case
staff-cases-opening = Opening the case…
staff-cases-open-intro = You hold the cases you open. The worries, bottom lines and questions start the first meeting’s plan.

## A case's page (staff)

staff-case-title = Case
staff-case-title-of = Case: { $title }
staff-case-contents = Contents
staff-case-referral = Referral
staff-case-meetings = Meetings
staff-case-support-packages = Support packages
staff-case-offer-meeting = The offer of a meeting
staff-case-deciding-not-offer = Deciding not to offer
staff-case-care-supervision-application = Care or supervision application
staff-case-born = born { $day }
staff-case-system-id = case-system ID { $id }
staff-case-children = Children
staff-case-people-parental-responsibility = People with parental responsibility
staff-case-none-named-yet = None named yet
staff-case-referred = Referred by
staff-case-family-help-lead-practitioner = Family Help Lead Practitioner
staff-case-reason-referral = Reason for the referral
staff-case-worries = Worries
staff-case-bottom-lines = Bottom lines
staff-case-questions-family = Questions for the family
staff-case-referral-received = Referral received
staff-case-opened = Case opened
staff-case-opened-next = You hold this case. Next, record the offer of a meeting to each person with parental responsibility, and set up the first meeting.
staff-case-change-referral = Change the referral
staff-case-save-referral = Save the referral
staff-case-referral-saved = Referral saved
staff-case-referral-changed = The referral is changed.
staff-case-meetings-caption = The case’s meetings, oldest first
staff-case-meeting = Meeting
staff-case-kind = Kind
staff-case-when = When
staff-case-stage = Stage
# The name offered for a further meeting in the case: the case's name and the meeting's number.
staff-case-meeting-numbered = { $title }, meeting { $count }
staff-case-set-up-first-meeting = Set up the first meeting
staff-case-set-up-meeting-case = Set up a meeting in this case
staff-case-set-up-another-meeting = Set up another meeting
staff-case-first-meeting-intro = The first meeting’s plan starts from the referral’s worries, bottom lines and questions.
staff-case-setting-up = Setting up…
staff-case-meeting-set-up = Meeting set up
staff-case-set-up-case = “{ $title }” is set up in this case.
staff-case-add-people-send-links = Add people and send links
staff-case-no-meetings = No meeting has been set up in this case yet.

## The referral form (opening a case, changing its referral; staff)

staff-referral-heading = The referral
staff-referral-name-case = Name of the case
staff-referral-name-case-hint = Staff see this name. For example, the children’s initials: T and J.
staff-referral-add-another-child = Add another child
staff-referral-add-another-person = Add another person
staff-referral-child = Child { $number }
staff-referral-person = Person { $number }
staff-referral-remove = Remove
# Read out after "Remove".
staff-referral-which-child = child { $number }
staff-referral-which-person = person { $number }
staff-referral-name = Name
staff-referral-date-birth = Date of birth
staff-referral-date-birth-hint = For example, 31 3 2015. Leave empty if not known.
staff-referral-case-system-id = Case-system ID (optional)
staff-referral-case-system-id-hint = The child’s number in the council’s case recording system.
staff-referral-relationship-children = Relationship to the children
staff-referral-relationship-hint = For example, mother, father, special guardian.
staff-referral-who-referred-family = Who referred the family
staff-referral-who-referred-hint = Their name and role, for example: Sam Lee, social worker.
staff-referral-worries-hint = One per line. They start the first meeting’s plan.
staff-referral-bottom-lines-hint = What must happen for the children to be safe. One per line.
staff-referral-questions-hint = One per line. The family answers them in their plan.
staff-referral-received = Day the referral was received
staff-referral-received-hint = For example, 27 3 2026.
staff-referral-error-date-birth = Child { $number }’s date of birth must be a real date
staff-referral-error-received = The day the referral was received must be a real date
staff-referral-parents-hint-change = Each person is offered a meeting. Offers stay with a person while their name stays the same.
staff-referral-parents-hint-new = Each person is offered a meeting. Leave a row empty if nobody is known yet.
staff-referral-cancel = Cancel

## The offer of a meeting, deciding not to offer, and the care application (a case's page; staff)

staff-offer-their-reason-optional = Their reason (optional)
staff-offer-their-words-if-they-gave = In their words, if they gave one.
staff-offer-their-answer = Their answer
staff-offer-accepted = Accepted
staff-offer-declined = Declined
staff-offer-still-awaiting-answer = Still awaiting an answer
staff-offer-day-answer = Day of the answer
staff-offer-example-27-3-2026-not = For example, 27 3 2026. Not needed while awaiting an answer.
staff-offer-save-answer = Save the answer
staff-offer-this-person = this person
staff-offer-choose-s-answer = Choose { $who }’s answer
staff-offer-enter-day-answer = Enter the day of the answer
staff-offer-day-answer-must-real-date = The day of the answer must be a real date
staff-offer-answer-saved = Answer saved
# $who answered; $answer is "accepted", "declined" or "awaiting an answer".
staff-offer-answer-was = { $who }: { $answer }.
staff-offer-day-offer = Day of the offer
staff-offer-example-27-3-2026 = For example, 27 3 2026.
staff-offer-how-was-offered = How was it offered?
staff-offer-record-offer = Record the offer
staff-offer-enter-day-offer = Enter the day of the offer
staff-offer-day-offer-must-real-date = The day of the offer must be a real date
staff-offer-choose-how-meeting-was-offered = Choose how the meeting was offered
staff-offer-recording = Recording…
staff-offer-offer-recorded = Offer recorded
staff-offer-meeting-was-offered = A meeting was offered to { $name } on { $day }.
staff-offer-someone-gone = someone no longer named in the referral
staff-offer-offers = Offers to { $name }
staff-offer-offered = Offered on
staff-offer-how = How
staff-offer-answer = Answer
staff-offer-answered = Answered on
staff-offer-their-reason = Their reason
staff-offer-change = Change
staff-offer-record-answer = Record the answer
staff-offer-change-answer = Change the answer
# Read out after "Record the answer" or "Change the answer".
staff-offer-answer-of = of { $name } to the offer of { $day }
staff-offer-no-offer-recorded-yet = No offer recorded yet.
staff-offer-record-an-offer = Record an offer
# Read out after "Record an offer".
staff-offer-to = to { $name }
staff-offer-before-applying-care-supervision-order = Before applying for a care or supervision order, the council must offer a family group decision-making meeting to everyone with parental responsibility. If one of them accepts, the meeting must be held before the application.
staff-offer-referral-names-nobody-parental-responsibility = The referral names nobody with parental responsibility yet. Add them to the referral to record offers.
staff-offer-why-do-you-refuse-decision = Why do you refuse the decision?
staff-offer-facilitator-reads-may-then-offer = The facilitator reads this, and may then offer the meeting or decide again.
staff-offer-refuse-decision-not-offer = Refuse the decision not to offer
staff-offer-enter-why-you-refuse-decision = Enter why you refuse the decision
staff-offer-refusing = Refusing…
staff-offer-decision-refused = Decision refused
staff-offer-facilitator-may-now-offer-meeting = The facilitator may now offer the meeting, or decide again.
staff-offer-approve-decision-not-offer = Approve the decision not to offer
staff-offer-approving = Approving…
staff-offer-decision-approved = Decision approved
staff-offer-decision-not-offer-meeting-force = The decision not to offer a meeting is in force.
staff-offer-decision-was-not-approved = The decision was not approved
staff-offer-decided = Decided { $when }
staff-offer-approved = Approved
staff-offer-refused = Refused
staff-offer-awaiting-manager-s-approval = Awaiting a manager’s approval
staff-offer-best-interests-reason = Best-interests reason
staff-offer-why-was-refused = Why it was refused
staff-offer-not-yet = Not yet
staff-offer-refuse-decision = Refuse the decision
staff-offer-why-would-offering-meeting-not = Why would offering a meeting not be in the child’s best interests?
staff-offer-manager-reads-before-approving-decision = A manager reads this before approving the decision.
staff-offer-record-decision-not-offer = Record the decision not to offer
staff-offer-enter-why-meeting-would-not = Enter why a meeting would not be in the child’s best interests
staff-offer-decision-recorded = Decision recorded
staff-offer-force-once-manager-approves = It is in force once a manager approves it.
staff-offer-council-may-decide-not-offer = The council may decide not to offer a meeting when it would not be in the child’s best interests. The decision is in force once a manager approves it.
staff-offer-no-decision-not-offer-has = No decision not to offer has been recorded.
staff-offer-decide-not-offer-meeting = Decide not to offer a meeting
staff-offer-known-once-offer-accepted-application = Known once an offer is accepted and an application day is recorded
staff-offer-yes = Yes
staff-offer-no = No
staff-offer-day-care-supervision-application = Day of the care or supervision application
staff-offer-day-made-planned-example-27 = The day it is made, or planned. For example, 27 3 2026.
staff-offer-save-day = Save the day
staff-offer-application-recorded = The application is recorded for { $day }.
staff-offer-no-application-day-recorded-now = No application day is recorded now.
staff-offer-clear-day = Clear the day
staff-offer-clearing = Clearing…
staff-offer-application-day-cleared = Application day cleared
staff-offer-enter-day-application = Enter the day of the application
staff-offer-day-application-must-real-date = The day of the application must be a real date
staff-offer-application-day-saved = Application day saved
staff-offer-application = Application
staff-offer-none-recorded = None recorded
staff-offer-offer-accepted = Offer accepted
staff-offer-not-known = Not known
staff-offer-first-meeting-held = First meeting held
staff-offer-held-before-application = Held before the application
staff-offer-decision-not-offer-approved = Decision not to offer approved

## Family Network Support Packages on a case's page (staff)

staff-support-add-another-item = Add another item
staff-support-approve = Approve
staff-support-approved = Approved
staff-support-approved-case = Approved for this case
staff-support-ask-support = Ask for support
staff-support-asked = Asked for
staff-support-asked-text =
    { $count ->
        [one] One item
       *[other] { $count } items
    }, { $total } in all. A manager decides next.
staff-support-asking = Asking…
staff-support-awaiting-decision = Awaiting a decision
staff-support-awaiting-manager-s-decision = Awaiting a manager’s decision
staff-support-cancel = Cancel
staff-support-choose-whether-approve-decline-request = Choose whether to approve or decline the request
staff-support-cost = Cost
staff-support-cost-must-0-more = The cost of { $which } must be £0 or more
staff-support-cost-must-100-000-less = The cost of { $which } must be £100,000 or less
staff-support-cost-must-amount-pounds-pence = The cost of { $which } must be an amount in pounds and pence, like 12.50
staff-support-cost-must-have-no-more = The cost of { $which } must have no more than 2 numbers after the decimal point, like 12.50
staff-support-cost-pounds-pence = Cost in pounds and pence
staff-support-decline = Decline
staff-support-declined = Declined
staff-support-each-line-support-we-asking = Each line of “Support we are asking for” in the plan is an item below. Enter what each costs, and remove any that the service is not asked to pay for.
staff-support-enter-cost = Enter the cost of { $which }
staff-support-enter-reason-your-decision = Enter the reason for your decision
staff-support-enter-what = Enter what { $which } is
staff-support-enter-what-support = Enter what the support is for
staff-support-example-149-99 = For example, 149.99
staff-support-facilitator-reads-counts-service-s = The facilitator reads this, and it counts in the service’s figures.
staff-support-family-network-support-packages-pay = Family Network Support Packages pay for practical help that the family’s plan asks for, such as a bed or a car seat. The facilitator asks for it; a manager approves or declines each request, with a reason.
staff-support-from-plan = From the plan of
staff-support-from-plan-of = from the plan of { $title }
staff-support-item = Item
staff-support-item-numbered = Item { $number }
staff-support-meeting-no-longer-case = a meeting no longer in the case
staff-support-no-support-has-been-asked = No support has been asked for yet.
staff-support-nothing = Nothing
staff-support-plan-asks-nothing-under-support = The plan asks for nothing under “Support we are asking for” yet. Enter the items here.
staff-support-plan-s-lines-could-not = The plan’s lines could not be read now, so enter the items here.
staff-support-reading-plan = Reading the plan…
staff-support-reason = Reason
staff-support-reason-your-decision = Reason for your decision
staff-support-record-decision = Record the decision
staff-support-recording = Recording…
staff-support-remove = Remove
staff-support-requests = Requests
staff-support-sentence-manager-who-decides-example = In a sentence, for the manager who decides. For example, “A bed and a car seat so that J can stay with his aunt”.
staff-support-start-from-plan-meeting-asks = Start from the plan of the meeting that asks for it: its lines under “Support we are asking for” become the items.
staff-support-support-approved = Support approved
staff-support-support-asked = Support asked for
staff-support-support-asked-from-meeting-s = Support is asked for from a meeting’s plan. Set up a meeting first.
staff-support-support-declined = Support declined
staff-support-total = Total
staff-support-total-is = Total: { $total }
staff-support-total-so-far = Total so far: { $total } ({ $missing } of { $count } costs still to enter)
staff-support-waiting =
    { $count ->
        [one] One request
       *[other] { $count } requests
    }, { $total }
staff-support-what-asked = What is asked for
staff-support-what-needed = What is needed
staff-support-what-support = What is the support for?
staff-support-which-item = item { $number }
staff-support-your-decision = Your decision
staff-support-approved-for = Approved: { $total } for “{ $summary }”.
staff-support-declined-for = Declined: { $total } for “{ $summary }”.

## The manager's records page: its sections, who did what, and subject access requests (staff)

staff-records-apply-rules = Apply the rules
staff-records-contents = Contents
staff-records-erasure = Erasure
staff-records-go-your-meetings = Go to your meetings
staff-records-how-long-records-kept = How long records are kept
staff-records-how-long-service-keeps-each = How long the service keeps each type of record, what is kept for legal reasons, and what has been erased.
staff-records-if-you-need-one-these = If you need one of these, ask a manager in your service.
staff-records-legal-holds = Legal holds
staff-records-only-manager-can-change-how = Only a manager can change how long records are kept, place legal holds, erase records or answer subject access requests.
staff-records-only-manager-can-use-page = Only a manager can use this page.
staff-records-records-data-protection = Records and data protection
staff-records-removed-documents =
    { $count ->
        [one] { $count } document
       *[other] { $count } documents
    }
staff-records-removed-rows =
    { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } in { $tables ->
        [one] { $tables } table
       *[other] { $tables } tables
    }
staff-records-removed-versions =
    { $count ->
        [one] { $count } version of the plan
       *[other] { $count } versions of the plan
    }
staff-records-sar-archive-ready = Archive ready
staff-records-sar-choose-meeting = Choose a meeting
staff-records-sar-choose-person-asking = Choose the person asking
staff-records-sar-choose-person-see-others-their = Choose the person to see the others in their meeting.
staff-records-sar-choose-who-request-from = Choose who the request is from
staff-records-sar-download-again = Download { $file } again
staff-records-sar-download-archive = Download the archive
staff-records-sar-download-everything-kinplan-holds-about = Download everything kinplan holds about one person, as one archive of JSON and a PDF to read. Other people’s names are replaced by their relationship and their contact details are left out, unless they agreed. Each download is recorded in the audit log.
staff-records-sar-downloading-holds-everything-kinplan-keeps = { $file } is downloading. It holds everything kinplan keeps about the person, as JSON and as a PDF to read. Keep it safe: it is personal data.
staff-records-sar-email-they-sign-kinplan = The email they sign in to kinplan with.
staff-records-sar-enter-staff-member-s-email = Enter the staff member’s email address
staff-records-sar-everyone-else-s-name-replaced = Everyone else’s name is replaced by their relationship, and their contact details are left out. Select all that apply.
staff-records-sar-nobody-else-meeting = Nobody else is in this meeting.
staff-records-sar-people-who-agreed-their-names = People who agreed that their names may stay
staff-records-sar-person-asking = The person asking
staff-records-sar-preparing-archive = Preparing the archive…
staff-records-sar-someone-meeting-s-network = Someone in a meeting’s network
staff-records-sar-staff-member = A staff member
staff-records-sar-their-email-address = Their email address
staff-records-sar-who-request-from = Who is the request from?
staff-records-subject-access-requests = Subject access requests
staff-records-view-audit-log = The audit log
staff-records-view-choose-meeting = Choose a meeting
staff-records-view-choose-meeting-first = Choose a meeting first
staff-records-view-choose-person = Choose a person
staff-records-view-command-line = The command line
staff-records-view-consents-privacy-notice = Consents to the privacy notice
staff-records-view-contact-details = Contact details
staff-records-view-erased-meeting = An erased meeting
staff-records-view-family-s-private-notes = The family’s private notes
staff-records-view-in = { $person }, in { $title }
staff-records-view-join-links-sessions = Join links and sessions
staff-records-view-kinplan-s-default = kinplan’s default
staff-records-view-loading-people = Loading the people…
staff-records-view-meeting = Meeting
staff-records-view-meeting-s-closure = The meeting’s closure
staff-records-view-meeting-s-last-activity = The meeting’s last activity
staff-records-view-meetings-their-plans-versions = Meetings, with their plans and versions
staff-records-view-nobody-meeting = Nobody is in this meeting
staff-records-view-nothing-stored-yet = Nothing stored yet
staff-records-view-one-person = One person
staff-records-view-one-person-in-it = One person in it
staff-records-view-person = Person
staff-records-view-person-erased-meeting = A person in an erased meeting
staff-records-view-person-in = A person in { $meeting }
staff-records-view-record-s-own-date = The record’s own date
staff-records-view-safety-notes = Safety notes
staff-records-view-someone-else = Someone else
staff-records-view-staff-member = A staff member
staff-records-view-unknown = Unknown
staff-records-view-whole-meeting = The whole meeting
staff-records-view-whole-service = The whole service
staff-records-view-youngest-child-s-date-birth = The youngest child’s date of birth

## Retention rules and applying them, on the records page (staff)

staff-records-rules-apply-rules-optional = Apply the rules as of (optional)
staff-records-rules-as-of = { $what } as of { $day }.
staff-records-rules-change = Change
staff-records-rules-changed-by = { $who }, { $when }
staff-records-rules-check-lists-what-rules-would = A check lists what the rules would delete and why, and deletes nothing. Records under a legal hold are listed as kept.
staff-records-rules-check-what-would-deleted = Check what would be deleted
staff-records-rules-checking = Checking…
staff-records-rules-counted-from = Counted from
staff-records-rules-delete-these-now = Delete these now
staff-records-rules-deleted = Deleted
staff-records-rules-deletes =
    This deletes the { $count ->
        [one] { $count } set
       *[other] { $count } sets
    } of records listed as due, as of { $day }, from everywhere kinplan keeps them. It cannot be undone. Records under a legal hold are kept.
staff-records-rules-deleting = Deleting…
staff-records-rules-due-deletion = Due for deletion
staff-records-rules-each-type-record-deleted-when = Each type of record is deleted when its time is up, unless a legal hold keeps it. kinplan applies these rules once a day.
staff-records-rules-enter-how-long-keep-them = Enter how long to keep them, such as 30d or 25y
staff-records-rules-enter-real-day-such-31 = Enter a real day, such as 31 12 2027, or leave it empty for today
staff-records-rules-held =
    { $count ->
        [one] { $count } set is due but kept by a legal hold.
       *[other] { $count } sets are due but kept by a legal hold.
    }
staff-records-rules-how-long-keep = how long to keep { $name }
staff-records-rules-keep = Keep for
staff-records-rules-kept = { $name }: kept for { $description }.
staff-records-rules-kept-for = Kept for
staff-records-rules-kept-hold = Kept on hold: { $held }
staff-records-rules-kept-legal-hold = Kept by a legal hold
staff-records-rules-last-changed = Last changed
staff-records-rules-leave-empty-today-see-what = Leave this empty for today. To see what will be due later, give a day ahead, for example 31 12 2027.
staff-records-rules-meeting = Meeting
staff-records-rules-nothing-due-deletion = Nothing is due for deletion as of { $day }.
staff-records-rules-nothing-was-deleted = Nothing was deleted
staff-records-rules-nothing-would-deleted = Nothing would be deleted
staff-records-rules-record = Record
staff-records-rules-records = Records
staff-records-rules-retention-rules = Retention rules
staff-records-rules-rule-saved = Rule saved
staff-records-rules-rules-were-applied = The rules were applied as of { $day }.
staff-records-rules-save-rule = Save the rule
staff-records-rules-what-was-deleted = What was deleted as of { $day }
staff-records-rules-what-would-deleted = What would be deleted as of { $day }
staff-records-rules-whole-number-d-m-y = A whole number and d, m or y, such as 30d or 25y
staff-records-rules-why = Why
staff-records-rules-yes-delete-them-now = Yes, delete them now
staff-records-rules-you-sure = Are you sure?

## Interpreters

interpreter-declare-title = Before you start: your connection to the family
interpreter-declare-why = An interpreter in a family meeting must have no connection to the family, so that everyone can speak freely.
interpreter-declare-if-connected = If you know anyone in this family, are related to them, or work with them outside this meeting, do not continue. Tell the facilitator, who will find another interpreter.
interpreter-declare-box = I have no connection to this family
interpreter-declare-missing = Confirm that you have no connection to this family
interpreter-declare-continue = Continue
interpreter-glossary-title = Your glossary
interpreter-glossary-hint = Words and phrases for this meeting. Only you can see this note.
interpreter-family-title = Interpreters
interpreter-family-hint = An interpreter leaves when your family has private time, unless you ask them to stay.
interpreter-stays = stays with you in private time
interpreter-leaves = leaves in private time
interpreter-ask-stay = Ask { $name } to stay for private time
interpreter-ask-leave = Ask { $name } to leave private time
interpreter-asked-stay = { $name } will stay with your family in private time.
interpreter-asked-leave = { $name } will leave when your family has private time.
interpreter-family-notes-title = The family's private notes
interpreter-family-notes-hint = The family asked you to stay for their private time. You can read their notes; only they can write in them.
staff-network-column-interpreter = Needs an interpreter in
staff-add-interpreter = Needs an interpreter in (optional)
staff-add-interpreter-hint = The language, such as Arabic or British Sign Language. Leave it empty if they do not need one.
staff-need-heading = Who needs an interpreter
staff-need-person = Person
staff-need-save = Save
staff-need-saved-title = Saved
staff-need-saved = What { $name } needs is saved.

## Who is waited for on agreement

agreement-not-expected = Not waited for
agreement-not-expected-hint = They may decide, but were not at the meeting and have not been asked to.
staff-agreement-expect = Expect { $name } to decide

## The accessibility statement (the Public Sector Bodies Accessibility Regulations 2018)

footer-accessibility = Accessibility statement
accessibility-title = Accessibility statement for kinplan
accessibility-intro = This statement applies to kinplan, the service your council uses for family network meetings. It is run by the council that sent you your link. We want as many people as possible to be able to use it. For example, you should be able to:
accessibility-can-colours = change colours, contrast levels and fonts using your browser or device settings
accessibility-can-zoom = zoom in up to 400% without the text spilling off the screen
accessibility-can-keyboard = move through the whole service using just a keyboard or speech recognition software
accessibility-can-screen-reader = listen to the service using a screen reader, such as JAWS, NVDA or VoiceOver
accessibility-can-languages = read the service in English, Welsh or Arabic, when your council offers them
accessibility-how-title = How accessible this service is
accessibility-known-issues = We know some parts are not fully accessible. The network map is a picture: the same people are listed in a table under it. Welsh and Arabic are shown only when your council has turned them on, and may not yet have been checked by a qualified translator.
accessibility-feedback-title = Feedback and contact information
accessibility-feedback = If you need information in another format, such as large print, easy read, audio or braille, or you find a problem with the service, tell your facilitator or contact the council that sent you your link. They will reply within 5 working days.
accessibility-enforcement-title = Enforcement procedure
accessibility-enforcement = The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how your council responds to your complaint, contact the Equality Advisory and Support Service (EASS).
accessibility-technical-title = Technical information about this service’s accessibility
accessibility-compliance = This service is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, because of the issues listed above.
accessibility-tested-title = How we tested this service
accessibility-tested = Every page is checked with the axe-core tool each time the service changes, in English, Welsh and Arabic, on a computer screen and a phone screen. This statement was prepared on 5 December 2026.

## When a meeting is held (staff)

staff-time-of-day = Time
staff-time-of-day-hint = In UK time, on the 24-hour clock, for example 14:30
staff-when-hint = For example, 27 3 2027. Leave it empty if it is not set yet.
staff-when-error-day = Enter a real day, such as 27 3 2027
staff-when-error-time = Enter a time on the 24-hour clock, such as 14:30

## The presenter view

# The facilitator's big screen in the room: one section of the plan at a time, large, in the
# meeting's language. A section's state: nothing in it yet, someone writing in it now, or written.
present-sections-heading = The plan's sections
present-state-empty = Empty
present-state-writing = Being written
present-state-written = Written
present-section-position = Section { $number } of { $total }
# Read out when another section is shown.
present-now-showing = Now showing section { $number } of { $total }: { $section }
present-nothing-written = Nothing is written here yet.
# Shown on the screen and read out when the meeting moves to another stage.
present-stage-moved-on = The meeting has moved on to: { $stage }
present-stage-moved-back = The meeting has gone back to: { $stage }
present-private-time-text = The family is working on their plan alone. Nothing they write is shown on this screen until they are ready.
staff-room-open-presenter = Open the presenter view
staff-present-title = Presenter view
staff-present-back = Back to the meeting room
staff-present-full-screen = Full screen
staff-present-leave-full-screen = Leave full screen
staff-present-keys = Keys (?)
staff-present-keys-title = Keys
staff-present-keys-close = Close
staff-present-key-next = Next section
staff-present-key-previous = Previous section
staff-present-key-first-last = First or last section
staff-present-key-stage-on = Move the meeting on to the next stage
staff-present-key-stage-back = Move the meeting back to the stage before
staff-present-key-full-screen = Full screen on or off
staff-present-key-help = Show or hide these keys
staff-present-keys-stage-note = The stage keys change the stage at once, with no question first; every screen in the meeting follows, and this one says the new stage aloud. To close the meeting, use the agreement page.
staff-present-no-next-stage = The presenter view moves the meeting on no further than agreeing the plan. To close the meeting, use the agreement page.
staff-present-no-previous-stage = The meeting is at its first stage.

## Whether what a person wrote is saved

save-saved = Saved
save-saving = Saving…
save-offline = You are offline. What you write is kept on this device and sent when you are back.

## The plan on a phone

room-contents = Contents
room-contents-who-is-here = Who is here
room-contents-written = (written)
room-contents-empty = (empty)
room-contents-actions = Actions
room-contents-details = Who leads the plan and when it is reviewed
room-previous = Previous
room-next = Next
