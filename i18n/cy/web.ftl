## Review: unreviewed

### kinplan's web app in Welsh (Cymraeg). Not yet reviewed by a qualified translator: the server
### shows it only once a manager has turned Welsh on. The staff pages' words ("staff-…") are
### English only and are not translated here. docs/TRANSLATING.md says how to review this file.

## Words used on many pages

service-name = kinplan
page-title = { $title } – kinplan
error-something-went-wrong = Aeth rhywbeth o’i le. Rhowch gynnig arall arni.
error-unknown = Aeth rhywbeth o’i le ({ $status }). Rhowch gynnig arall arni.
error-offline = Mae’n ymddangos eich bod all-lein. Gwiriwch eich cysylltiad a rhowch gynnig arall arni.
there-is-a-problem = Mae problem wedi codi
error-prefix = Gwall:
warning-prefix = Rhybudd
nothing-dash = –

## Stages of a meeting

stage-preparation = Paratoi
stage-information = Rhannu gwybodaeth
stage-private-family-time = Amser preifat i’r teulu
stage-agreement = Cytuno ar y cynllun
stage-closed = Ar gau

## Kinds of meeting

meeting-kind-fnm = Cyfarfod Rhwydwaith Teulu
meeting-kind-fgc = Cynhadledd Grŵp Teulu
meeting-kind-review = Cyfarfod adolygu

## How people take part in a meeting

participant-kind-family = Aelod o’r teulu
participant-kind-friend = Ffrind
participant-kind-child = Plentyn neu berson ifanc
participant-kind-advocate = Eiriolwr
participant-kind-practitioner = Ymarferydd
participant-kind-interpreter = Cyfieithydd
participant-kind-observer = Sylwedydd

## Decisions on a proposed plan

decision-agree = Cytuno
decision-agree-with-comment = Cytuno, gyda sylw
decision-do-not-agree = Ddim yn cytuno
decision-agreed = Cytunwyd
decision-not-agreed = Ni chytunwyd
decision-needs-resource-approval = Angen cymeradwyo adnoddau

## How an action in the plan stands

action-status-not-started = Heb ddechrau
action-status-on-track = Ar y trywydd iawn
action-status-done = Wedi’i wneud
action-status-not-on-track = Ddim ar y trywydd iawn

## Time passed, for screen readers
## Welsh keeps the noun singular after a number; "dau" softens "munud" to "funud".

duration-less-than-a-minute = llai na munud
duration-minutes =
    { $minutes ->
        [two] { $minutes } funud
       *[other] { $minutes } munud
    }
duration-hours = { $hours } awr
duration-hours-minutes =
    { $hours } awr, { $minutes ->
        [two] { $minutes } funud
       *[other] { $minutes } munud
    }

## The frame around every page

skip-link = Neidio i’r prif gynnwys
nav-menu = Dewislen
nav-our-plan = Ein cynllun
nav-leave = Gadael a chlirio’r ddyfais hon
exit-this-page = Gadael y dudalen hon
exit-this-page-emergency = Argyfwng
exit-this-page-activated = Yn llwytho.
exit-this-page-timed-out = Mae’r amser i adael y dudalen hon wedi dod i ben.
exit-this-page-press-two-more-times = Shift, pwyswch 2 waith eto i adael.
exit-this-page-press-one-more-time = Shift, pwyswch unwaith eto i adael.
footer-text = kinplan: cynlluniau teulu, wedi’u hysgrifennu gyda’n gilydd.
language-switcher-label = Iaith

## After leaving, after stopping taking part, and an address that does not exist

left-title = Rydych wedi gadael y cyfarfod
left-nothing-kept = Nid oes dim byd am y cyfarfod yn cael ei gadw ar y ddyfais hon mwyach.
left-come-back = I ddod yn ôl, agorwch y ddolen a anfonwyd atoch eto.
stopped-title = Rydych wedi rhoi’r gorau i gymryd rhan
stopped-link-ended = Nid yw eich dolen yn gweithio mwyach.
stopped-mistake = Os mai camgymeriad oedd hyn, gofynnwch i’ch cydlynydd eich gwahodd eto.
not-found-title = Heb ddod o hyd i’r dudalen
not-found-check-address = Os gwnaethoch deipio’r cyfeiriad gwe, gwiriwch ei fod yn gywir.
not-found-start = Mynd i’r dechrau

## Joining the meeting by link

join-title = Ymuno â’r cyfarfod
join-link-broken-title = Nid yw’r ddolen hon yn gweithio
join-link-broken-ask = Gofynnwch i’r person a anfonodd y ddolen atoch am un newydd.
join-link-incomplete = Nid yw’r ddolen yn gyflawn. Agorwch y ddolen gyfan a anfonwyd atoch.
join-link-not-found = Nid oeddem yn gallu dod o hyd i’r ddolen hon.
join-access-code = Cod mynediad
join-access-code-hint = Y chwe rhif a roddwyd i chi, er enghraifft dros y ffôn.
join-button = Ymuno â’r cyfarfod
join-button-this-is-me = Ie, dyma fi – ymuno â’r cyfarfod
join-error-code-six-numbers = Mae’r cod mynediad yn chwe rhif
join-error-enter-code = Rhowch y cod mynediad a roddwyd i chi
join-not-me = Nid { $name } ydw i
join-not-mine = Nid fy nolen i yw hon
join-not-me-advice = Peidiwch â defnyddio’r ddolen hon. Dywedwch wrth y person a’i hanfonodd atoch, er mwyn iddynt allu ei diffodd.
join-are-you = Ai chi yw { $name }?
join-heading = Ymuno â chyfarfod y teulu
join-just-for-you = Mae’r ddolen hon ar eich cyfer chi yn unig. Mae’n gadael i chi weld ac ysgrifennu cynllun y teulu gyda phawb arall yn y cyfarfod.
join-if-you-are = Os mai chi yw { $name }, rhowch eich cod mynediad.
join-enter-code = Rhowch y cod mynediad chwe digid a roddwyd i chi gyda’r ddolen hon.

## Forms

date-day = Diwrnod
date-month = Mis
date-year = Blwyddyn

## The stage bar

stage-bar-heading = Cam y cyfarfod
stage-bar-now = Nawr: { $stage }.
stage-bar-began = Dechreuodd y cam hwn { $time } yn ôl.

## Consent

consent-title = Cyn i chi ymuno â’r cyfarfod
consent-intro = Darllenwch sut rydym yn defnyddio eich gwybodaeth. Yna dywedwch wrthym a ydych yn cytuno.
consent-notice-heading = Sut rydym yn defnyddio eich gwybodaeth
consent-do-you-agree = Ydych chi’n cytuno?
consent-agree-to-both = Mae angen i chi gytuno i’r ddau er mwyn ymuno â’r cyfarfod.
consent-takes-part = Rwy’n cytuno i gymryd rhan yn y cyfarfod hwn
consent-shares-information = Rwy’n cytuno i’r ffordd y caiff fy ngwybodaeth ei rhannu, fel uchod
consent-supporter = Pwy wnaeth eich helpu i benderfynu? (dewisol)
consent-supporter-hint = Er enghraifft, eich eiriolwr, athro neu rywun yn eich teulu.
consent-agree = Cytuno a pharhau
consent-error-takes-part = Ticiwch y blwch i gytuno i gymryd rhan yn y cyfarfod hwn
consent-error-shares-information = Ticiwch y blwch i gytuno i’r ffordd y caiff eich gwybodaeth ei rhannu

## Stopping taking part

stop-heading = Rhoi’r gorau i gymryd rhan
stop-warning = Os byddwch yn rhoi’r gorau i gymryd rhan, bydd eich dolen yn stopio gweithio a byddwch yn gadael y cyfarfod. I gymryd rhan eto, rhaid i’r cydlynydd eich gwahodd eto.
stop-button = Rhoi’r gorau i gymryd rhan
stop-are-you-sure = Ydych chi’n siŵr eich bod am roi’r gorau i gymryd rhan? Bydd eich dolen yn stopio gweithio ar unwaith.
stop-yes = Ydw, rhoi’r gorau i gymryd rhan
stop-no = Na, dal ati i gymryd rhan

## The plan's sections

plan-section-worries-title = Beth sy’n ein poeni
plan-section-worries-hint = Beth sydd wedi digwydd, a beth allai ddigwydd os na fydd dim yn newid.
plan-section-bottom-lines-title = Gofynion sylfaenol: beth sy’n rhaid digwydd er mwyn i’r plentyn fod yn ddiogel
plan-section-bottom-lines-hint = Beth mae’r gwasanaethau plant angen ei weld yn y cynllun.
plan-section-strengths-title = Beth sy’n gweithio’n dda
plan-section-strengths-hint = Cryfderau, a phwy sy’n helpu’n barod.
plan-section-child-worries-title = Pryderon y plentyn
plan-section-child-worries-hint = Yng ngeiriau’r plentyn ei hun lle bo modd.
plan-section-child-good-things-title = Pethau da i’r plentyn
plan-section-child-good-things-hint = Beth mae’r plentyn yn ei hoffi a phwy sy’n gwneud iddynt deimlo’n ddiogel.
plan-section-child-dreams-title = Gobeithion a breuddwydion y plentyn
plan-section-child-dreams-hint = Beth mae’r plentyn yn gobeithio amdano.
plan-section-family-answers-title = Atebion y teulu i’r cwestiynau
plan-section-family-answers-hint = Atebion y teulu i’r cwestiynau a ofynnwyd iddynt.
plan-section-support-requested-title = Cymorth rydym yn gofyn amdano
plan-section-support-requested-hint = Help gan wasanaethau, fel gwely, sedd car neu gwrs.
plan-section-contingency-title = Os na fydd y cynllun yn gweithio
plan-section-contingency-hint = Beth fydd yn digwydd, a phwy fydd yn ei wneud.
plan-section-monitoring-title = Sut y byddwn yn gwybod bod y cynllun yn gweithio
plan-section-monitoring-hint = Pwy sy’n gwirio, a pha mor aml.

## The meeting room

room-title = Cyfarfod
room-caption = Cynllun y teulu
room-private-time-title = Mae’r teulu yn cael amser preifat
room-private-time-facilitator = Mae’r teulu yn gweithio ar eu cynllun ar eu pen eu hunain. Pan fyddant yn barod, symudwch y cyfarfod ymlaen i gytuno ar y cynllun.
room-private-time-others = Mae’r teulu yn gweithio ar eu cynllun ar eu pen eu hunain. Byddwch yn gweld y cynllun eto pan fyddant wedi gorffen.
room-private-notes-title = Nodiadau preifat eich teulu
room-private-notes-hint = Dim ond eich teulu sy’n gallu gweld hwn (pan fydd y teulu mewn ystafelloedd ar wahân, dim ond y bobl yn eich ystafell chi). Ni all gweithwyr proffesiynol, gan gynnwys yr hwylusydd, fyth ei weld.
room-moved-title = Rydych mewn ystafell breifat arall nawr
room-moved-text = Mae’r hwylusydd wedi eich symud i ystafell breifat arall. Nodiadau preifat yr ystafell honno yw’r rhai isod, wedi’u rhannu â’r bobl ynddi yn unig.
room-access-closed = Mae’r cyfarfod ar gau. Gallwch ddarllen y cynllun, ond ni all neb ei newid nawr.
room-access-final = Mae’r cynllun yn derfynol, felly ni all neb ei newid.
room-access-proposed = Mae’r cynllun wedi’i gynnig i gytuno arno, felly ni all neb ei newid nawr. Ewch i “Cytuno ar y cynllun” i gofnodi eich barn.
room-access-facilitator-writes = Gallwch ysgrifennu’r atgyfeiriad nawr: y pryderon, y gofynion sylfaenol a’r cwestiynau i’r teulu. Bydd y teulu yn cymryd y cynllun drosodd yn ystod yr amser preifat i’r teulu.
room-access-editor = Gallwch ysgrifennu yn y cynllun. Mae pawb yn gweld yr hyn rydych yn ei ysgrifennu wrth i chi deipio.
room-access-staff-viewer = Gallwch ddarllen y cynllun. Y teulu sy’n ei ysgrifennu; gallwch ychwanegu sylwadau isod.
room-access-viewer = Gallwch ddarllen y cynllun.
room-ended-title = Nid ydych yn y cyfarfod hwn mwyach
room-ended-text = Mae eich dolen wedi’i diffodd neu wedi dod i ben. Gofynnwch i’r hwylusydd am ddolen newydd.
live-private-room-changed = Mae eich ystafell breifat wedi newid.

## Who is here, and who has the plan open

presence-heading = Pwy sydd yma
presence-you = (chi)
presence-offline = Rydych all-lein. Mae eich newidiadau’n cael eu cadw ar y ddyfais hon a byddant yn cael eu rhannu pan fyddwch yn ailgysylltu.
presence-connecting = Yn cysylltu…
open-documents-label = Pwy sydd â chynllun y teulu ar agor
open-documents-heading = Pwy sydd â’r cynllun ar agor
open-documents-checked = Wedi’i wirio gan kinplan, nid gan sgrin neb.
open-documents-nobody = Neb ar hyn o bryd.
open-documents-who = { $name } ({ $kind })
open-documents-line = { $who }: { $documents }
open-documents-plan = cynllun
open-documents-private-notes = nodiadau preifat
open-documents-kind-facilitator = hwylusydd
open-documents-kind-practitioner = ymarferydd
open-documents-kind-manager = rheolwr
open-documents-kind-family = teulu
open-documents-kind-friend = ffrind
open-documents-kind-child = plentyn neu berson ifanc
open-documents-kind-advocate = eiriolwr
open-documents-kind-interpreter = cyfieithydd
open-documents-kind-observer = sylwedydd

## The plan's actions

actions-heading = Camau gweithredu
actions-hint = Pwy fydd yn gwneud beth, erbyn pryd, a sut y byddwn yn gwybod ei fod yn gweithio.
actions-none-yet = Dim camau gweithredu eto.
actions-add = Ychwanegu cam gweithredu
actions-what = Beth fydd yn digwydd
actions-who = Pwy
actions-by-when = Erbyn pryd
actions-how-we-know = Sut y byddwn yn gwybod
actions-how-we-know-long = Sut y byddwn yn gwybod ei fod yn gweithio
actions-status = Statws
actions-change = Newid
actions-choose-someone = Dewiswch rywun
actions-field-of = , cam gweithredu { $number }
actions-remove = Dileu
actions-remove-which = cam gweithredu { $number }

## The plan's facts

plan-details-heading = Am y cynllun
plan-details-lead = Prif aelod o’r teulu
plan-details-review-date = Dyddiad adolygu
plan-details-review-date-hint = Fel arfer o fewn 3 mis.
plan-details-not-chosen = Heb ei ddewis eto
plan-details-not-set = Heb ei bennu eto

## Practitioners' comments on the plan

comments-heading = Sylwadau gan ymarferwyr
comments-none-yet = Dim sylwadau eto.
comments-a-practitioner = Ymarferydd
comments-the-whole-plan = y cynllun cyfan
comments-meta-when = { $author } ar { $about }, { $when }
comments-meta = { $author } ar { $about }

## The links between a meeting's pages

meeting-nav-label = Tudalennau’r cyfarfod
meeting-nav-people = Pobl
meeting-nav-versions = Fersiynau

## A saved version of the plan

plan-view-nothing-written = Dim wedi’i ysgrifennu.
plan-view-no-actions = Dim camau gweithredu.
plan-view-not-chosen = Heb ei ddewis
plan-view-not-set = Heb ei bennu

## What changed between two versions of the plan

diff-nothing-changed = Ni newidiodd dim rhwng y fersiynau hyn.
diff-added-marker = [wedi’i ychwanegu]
diff-removed-marker = [wedi’i ddileu]
diff-actions-and-details = Camau gweithredu a manylion
diff-action-added = Wedi’i ychwanegu: { $what } ({ $who })
diff-action-removed = Wedi’i ddileu: { $what }
diff-action-changed = { $what }: newidiodd { $field } o “{ $from }” i “{ $to }”
diff-fact-changed = Newidiodd { $field } o “{ $from }” i “{ $to }”
diff-an-action = cam gweithredu
diff-an-action-capital = Cam gweithredu
diff-nobody-yet = neb eto
diff-nothing = dim
diff-field-what = Beth fydd yn digwydd
diff-field-who = Pwy
diff-field-by-when = Erbyn pryd
diff-field-how-we-know = Sut y byddwn yn gwybod
diff-field-status = Statws
diff-field-lead-family-member = Prif aelod o’r teulu
diff-field-review-date = Dyddiad adolygu

## Agreeing the plan

agreement-title = Cytuno ar y cynllun
page-of-meeting = { $page }: { $meeting }
agreement-done = Wedi’i wneud
agreement-decide-agree = Rwy’n cytuno â’r cynllun
agreement-decide-agree-with-comment = Rwy’n cytuno, gyda sylw
agreement-decide-agree-with-comment-hint = Dywedwch beth yr hoffech i bobl ei wybod.
agreement-decide-do-not-agree = Nid wyf yn cytuno
agreement-decide-do-not-agree-hint = Dywedwch pam, er mwyn i’r teulu allu newid y cynllun.
agreement-no-decisions = Nid oes neb wedi cofnodi penderfyniad eto.
agreement-decisions = Penderfyniadau
agreement-column-name = Enw
agreement-column-taking-part-as = Yn cymryd rhan fel
agreement-column-decision = Penderfyniad
agreement-column-comment = Sylw neu resymau
agreement-column-when = Pryd
agreement-role-family = Teulu
agreement-role-friend = Ffrind
agreement-role-child = Plentyn neu berson ifanc
agreement-role-advocate = Eiriolwr
agreement-role-practitioner = Ymarferydd
agreement-role-referrer = Atgyfeiriwr
agreement-role-facilitator = Hwylusydd
agreement-still-to-decide = Heb benderfynu eto
agreement-everyone-decided = Mae pawb wedi penderfynu
agreement-referrer-decision = Penderfyniad yr atgyfeiriwr
agreement-not-recorded = Heb ei gofnodi eto
agreement-change-decision = Newid eich penderfyniad
agreement-what-do-you-think = Beth yw eich barn am y cynllun hwn?
agreement-comment = Sylw neu resymau
agreement-comment-hint = Mae angen hwn os ydych yn cytuno gyda sylw neu os nad ydych yn cytuno.
agreement-record = Cofnodi fy mhenderfyniad
agreement-error-choose = Dewiswch beth yw eich barn am y cynllun
agreement-error-comment = Ysgrifennwch eich sylw
agreement-error-reasons = Ysgrifennwch eich rhesymau
agreement-recorded = Mae eich penderfyniad wedi’i gofnodi: { $decision }.
agreement-you-recorded = Fe wnaethoch gofnodi: { $decision }.
agreement-withdrawn = Tynnwyd y cynnig yn ôl er mwyn i’r teulu allu newid y cynllun. Nid yw wedi’i gynnig eto.
agreement-not-proposed = Nid yw’r cynllun wedi’i gynnig i gytuno arno eto.
agreement-proposed-heading = Mae fersiwn { $number } wedi’i chynnig i gytuno arni
agreement-proposed-text = Cynigiwyd { $when }. Ei ôl bys yw { $fingerprint }. Mae penderfyniadau’n cyfrif ar gyfer yr union fersiwn hon.
agreement-final = Mae’r cynllun yn derfynol
agreement-final-version = Fersiwn { $number }, ôl bys { $fingerprint }
agreement-download-final = Lawrlwytho’r cynllun terfynol
agreement-the-final-plan = Y cynllun terfynol
agreement-plan-being-decided = Y cynllun y penderfynir arno

## Downloading a version of the plan

download-link = Lawrlwytho { $which } fel { $format }
download-which-final = y cynllun terfynol
download-which-version = fersiwn { $number }
download-format-pdf = PDF
download-format-html = tudalen we (HTML)
download-format-md = testun (Markdown)
download-format-json = data (JSON)

## The versions of the plan

history-title = Fersiynau o’r cynllun
history-version-name = Enw ar gyfer y fersiwn hon (dewisol)
history-version-name-hint = Er enghraifft, “Ar ôl rhannu gwybodaeth”.
history-save = Cadw’r cynllun fel fersiwn newydd
history-save-heading = Cadw fersiwn
history-saved-title = Fersiwn wedi’i chadw
history-saved = Wedi’i chadw fel fersiwn { $number }.
history-restore = Adfer
history-restore-yes = Ie, adfer fersiwn { $number }
history-restore-question = Adfer fersiwn gynharach?
history-restore-explained = Pwyswch “{ $button }” i roi ei geiriau yn ôl yn y cynllun. Mae pawb sydd wedi cysylltu yn gweld y newid. Nid oes dim yn cael ei golli: gellir cadw’r cynllun fel y mae nawr yn gyntaf.
history-restored-title = Fersiwn wedi’i hadfer
history-restored = Mae geiriau fersiwn { $number } yn y cynllun nawr.
history-comparing = Yn cymharu…
history-what-changed = Beth newidiodd
history-none = Nid oes fersiynau wedi’u cadw eto.
history-table-caption = Fersiynau wedi’u cadw, y mwyaf diweddar yn gyntaf
history-column-version = Fersiwn
history-column-name = Enw
history-column-saved-by = Wedi’i chadw gan
history-column-when = Pryd
history-column-fingerprint = Ôl bys
history-column-restore = Adfer
history-version-option = Fersiwn { $number }: { $name }
history-from = O
history-to = I
history-show-changes = Dangos beth newidiodd
history-compare = Cymharu dwy fersiwn
history-version-to-download = Fersiwn i’w lawrlwytho
history-download = Lawrlwytho fersiwn

## The network map
## After a number the noun stays singular: "dau gam" (2, soft mutation), "tri cham" and
## "chwe cham" (3 and 6, aspirate mutation).

map-title = Map y rhwydwaith
map-intro = Mae’r plentyn yn y canol, gyda’r bobl o’i gwmpas a’r camau gweithredu y mae pob person wedi’u cymryd arnynt yn y cynllun.
map-the-child = Y plentyn
map-the-child-lower = y plentyn
map-description-centre = Yn y canol: { $names }.
map-description-person-relationship =
    { $name }, { $relationship }: { $count ->
        [zero] dim camau gweithredu
        [one] { $count } cam gweithredu
        [two] { $count } gam gweithredu
        [few] { $count } cham gweithredu
        [many] { $count } cham gweithredu
       *[other] { $count } cam gweithredu
    }.
map-description-person =
    { $name }: { $count ->
        [zero] dim camau gweithredu
        [one] { $count } cam gweithredu
        [two] { $count } gam gweithredu
        [few] { $count } cham gweithredu
        [many] { $count } cham gweithredu
       *[other] { $count } cam gweithredu
    }.
map-key = Allwedd
map-family-and-friends = Teulu a ffrindiau
map-practitioners = Ymarferwyr ac eraill
map-badge-sample = n
map-badge = Nifer y camau gweithredu y mae rhywun wedi’u cymryd arnynt
map-table-caption = Pwy sydd wedi cymryd beth arnynt
map-column-name = Enw
map-column-relationship = Perthynas â’r plentyn
map-column-actions = Camau gweithredu y maent wedi’u cymryd arnynt
map-action-no-words = Cam gweithredu heb eiriau eto
map-none-yet = Dim eto
map-actions-hidden = Nid oes modd dangos y camau gweithredu nawr. { $reason }

## The people in the network

network-title = Pobl yn y rhwydwaith
network-nobody-yet = Nid oes neb wedi’i ychwanegu eto.
network-table-caption = Y rhwydwaith

## Contact details

contact-heading = Manylion cyswllt
contact-yours = Eich manylion cyswllt
contact-yours-none = Nid oes gennych fanylion cyswllt yma eto.
contact-other-people = Pobl eraill
contact-none-shared = Nid oes manylion cyswllt neb yn cael eu rhannu â chi.
contact-someone-gone = rhywun nad yw yn y rhwydwaith mwyach
contact-kind-address = Cyfeiriad
contact-kind-phone = Ffôn
contact-kind-email = E-bost
contact-phone = Rhif ffôn
contact-phone-number = Rhif ffôn { $number }
contact-phone-hint = Gadewch rif yn wag i’w ddileu.
contact-email = Cyfeiriad e-bost
contact-who-can-see = Pwy sy’n gallu ei weld: { $who }
contact-visibility-staff = Staff yn unig
contact-visibility-network = Pawb yn y rhwydwaith
contact-visibility-named = Staff a: { $names }
contact-correct-heading = Cywiro eich manylion
contact-correct-text = Newidiwch unrhyw beth sy’n anghywir. Gadewch flwch yn wag i’w ddileu. Yr hwylusydd sy’n penderfynu pwy sy’n gallu gweld eich manylion.
contact-save-mine = Cadw fy manylion
contact-nothing-changed = Ni newidiodd dim
contact-mine-unchanged = Mae eich manylion cyswllt fel yr oeddent.
contact-saved = Wedi’u cadw
contact-mine-saved = Mae eich manylion cyswllt wedi’u cadw.

## A review meeting's review of the agreed plan

review-title = Adolygiad o’r cynllun y cytunwyd arno
review-not-a-review = Nid cyfarfod adolygu yw’r cyfarfod hwn: nid yw’n dilyn cynllun y cytunwyd arno. Caiff adolygiad ei drefnu o gyfarfod y mae ei gynllun yn derfynol, ar ei dudalen “Cytuno ar y cynllun”.
review-changes = Beth sydd wedi newid ers y cynllun y cytunwyd arno
review-changes-intro = Dechreuodd cynllun yr adolygiad o’r fersiwn y cytunwyd arni. Mae hyn yn dangos beth sydd wedi’i newid ynddo ers hynny.
review-agreed-actions = Y camau gweithredu y cytunwyd arnynt
review-on-time-unknown = Bydd yn hysbys pan gynhelir yr adolygiad
review-on-time-yes = Do
review-on-time-no = Naddo, fe’i cynhaliwyd ar ôl y diwrnod yr oedd i fod
review-follows = Yn adolygu’r cynllun y cytunwyd arno yn
review-the-earlier-meeting = y cyfarfod cynharach
review-agreed-version = Y fersiwn y cytunwyd arni
review-due-by = I’w adolygu erbyn
review-held = Cynhaliwyd yr adolygiad
review-not-yet = Ddim eto
review-held-on-time = Wedi’i gynnal mewn pryd
review-not-reviewed = Heb ei adolygu eto
review-no-note = Dim nodyn.
review-recorded = Cofnodwyd { $when }
review-action-number = Cam gweithredu { $number }:
review-action-no-words = Cam gweithredu heb eiriau
review-nobody-named = Neb wedi’i enwi
review-not-given = Heb ei roi
review-status-when-agreed = Statws pan gytunwyd arno
review-no-actions = Nid oedd camau gweithredu yn y cynllun y cytunwyd arno.
review-nothing-changed = Nid oes dim wedi newid ers y cynllun y cytunwyd arno.

## The agreed plan's review, on the agreement page

agreement-review-held = Cynhaliwyd
agreement-review-not-recorded = Heb ei gofnodi
agreement-review-due = I’w adolygu erbyn

## Someone with no name given

someone = Rhywun

## Interpreters

interpreter-declare-title = Cyn i chi ddechrau: eich cysylltiad â’r teulu
interpreter-declare-why = Rhaid i gyfieithydd mewn cyfarfod teulu beidio â bod â chysylltiad â’r teulu, fel y gall pawb siarad yn rhydd.
interpreter-declare-if-connected = Os ydych yn adnabod unrhyw un yn y teulu hwn, yn perthyn iddynt, neu’n gweithio gyda nhw y tu allan i’r cyfarfod hwn, peidiwch â pharhau. Dywedwch wrth yr hwylusydd, a fydd yn dod o hyd i gyfieithydd arall.
interpreter-declare-box = Nid oes gennyf gysylltiad â’r teulu hwn
interpreter-declare-missing = Cadarnhewch nad oes gennych gysylltiad â’r teulu hwn
interpreter-declare-continue = Parhau
interpreter-glossary-title = Eich geirfa
interpreter-glossary-hint = Geiriau ac ymadroddion ar gyfer y cyfarfod hwn. Dim ond chi sy’n gallu gweld y nodyn hwn.
interpreter-family-title = Cyfieithwyr
interpreter-family-hint = Mae cyfieithydd yn gadael pan fydd eich teulu’n cael amser preifat, oni bai eich bod yn gofyn iddynt aros.
interpreter-stays = yn aros gyda chi yn yr amser preifat
interpreter-leaves = yn gadael yn yr amser preifat
interpreter-ask-stay = Gofyn i { $name } aros ar gyfer yr amser preifat
interpreter-ask-leave = Gofyn i { $name } adael yr amser preifat
interpreter-asked-stay = Bydd { $name } yn aros gyda’ch teulu yn yr amser preifat.
interpreter-asked-leave = Bydd { $name } yn gadael pan fydd eich teulu’n cael amser preifat.
interpreter-family-notes-title = Nodiadau preifat y teulu
interpreter-family-notes-hint = Gofynnodd y teulu i chi aros ar gyfer eu hamser preifat. Gallwch ddarllen eu nodiadau; dim ond nhw sy’n gallu ysgrifennu ynddynt.

## Who is waited for on agreement

agreement-not-expected = Ddim yn aros amdanynt
agreement-not-expected-hint = Gallant benderfynu, ond nid oeddent yn y cyfarfod ac ni ofynnwyd iddynt wneud hynny.

## The accessibility statement (the Public Sector Bodies Accessibility Regulations 2018)

footer-accessibility = Datganiad hygyrchedd
accessibility-title = Datganiad hygyrchedd ar gyfer kinplan
accessibility-intro = Mae’r datganiad hwn yn berthnasol i kinplan, y gwasanaeth y mae eich cyngor yn ei ddefnyddio ar gyfer cyfarfodydd rhwydwaith teulu. Fe’i rhedir gan y cyngor a anfonodd eich dolen atoch. Rydym am i gynifer o bobl â phosibl allu ei ddefnyddio. Er enghraifft, dylech allu:
accessibility-can-colours = newid lliwiau, lefelau cyferbyniad a ffontiau gan ddefnyddio gosodiadau eich porwr neu’ch dyfais
accessibility-can-zoom = chwyddo hyd at 400% heb i’r testun fynd oddi ar y sgrin
accessibility-can-keyboard = symud drwy’r gwasanaeth cyfan gan ddefnyddio bysellfwrdd yn unig neu feddalwedd adnabod lleferydd
accessibility-can-screen-reader = gwrando ar y gwasanaeth gan ddefnyddio darllenydd sgrin, fel JAWS, NVDA neu VoiceOver
accessibility-can-languages = darllen y gwasanaeth yn Saesneg, Cymraeg neu Arabeg, pan fydd eich cyngor yn eu cynnig
accessibility-how-title = Pa mor hygyrch yw’r gwasanaeth hwn
accessibility-known-issues = Rydym yn gwybod nad yw rhai rhannau’n gwbl hygyrch. Llun yw map y rhwydwaith: rhestrir yr un bobl mewn tabl oddi tano. Dangosir Cymraeg ac Arabeg dim ond pan fydd eich cyngor wedi eu troi ymlaen, ac efallai nad yw cyfieithydd cymwys wedi eu gwirio eto.
accessibility-feedback-title = Adborth a gwybodaeth gyswllt
accessibility-feedback = Os oes angen gwybodaeth arnoch mewn fformat arall, fel print bras, hawdd ei ddeall, sain neu braille, neu os dewch o hyd i broblem gyda’r gwasanaeth, dywedwch wrth eich hwylusydd neu cysylltwch â’r cyngor a anfonodd eich dolen atoch. Byddant yn ateb o fewn 5 diwrnod gwaith.
accessibility-enforcement-title = Y drefn orfodi
accessibility-enforcement = Y Comisiwn Cydraddoldeb a Hawliau Dynol (EHRC) sy’n gyfrifol am orfodi Rheoliadau Hygyrchedd Cyrff y Sector Cyhoeddus (Gwefannau a Rhaglenni Symudol) (Rhif 2) 2018. Os nad ydych yn fodlon â’r ffordd y mae eich cyngor yn ymateb i’ch cwyn, cysylltwch â’r Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS).
accessibility-technical-title = Gwybodaeth dechnegol am hygyrchedd y gwasanaeth hwn
accessibility-compliance = Mae’r gwasanaeth hwn yn cydymffurfio’n rhannol â safon AA Canllawiau Hygyrchedd Cynnwys y We fersiwn 2.2, oherwydd y materion a restrir uchod.
accessibility-tested-title = Sut y gwnaethom brofi’r gwasanaeth hwn
accessibility-tested = Caiff pob tudalen ei gwirio gyda’r offeryn axe-core bob tro y bydd y gwasanaeth yn newid, yn Saesneg, Cymraeg ac Arabeg, ar sgrin cyfrifiadur a sgrin ffôn. Paratowyd y datganiad hwn ar 5 Rhagfyr 2026.

## The presenter view

present-sections-heading = Adrannau’r cynllun
present-state-empty = Gwag
present-state-writing = Wrthi’n cael ei ysgrifennu
present-state-written = Wedi’i ysgrifennu
present-section-position = Adran { $number } o { $total }
present-now-showing = Yn dangos adran { $number } o { $total } nawr: { $section }
present-nothing-written = Does dim byd wedi’i ysgrifennu yma eto.
present-stage-moved-on = Mae’r cyfarfod wedi symud ymlaen i: { $stage }
present-stage-moved-back = Mae’r cyfarfod wedi mynd yn ôl i: { $stage }
present-private-time-text = Mae’r teulu yn gweithio ar eu cynllun ar eu pen eu hunain. Ni fydd dim byd maen nhw’n ei ysgrifennu yn cael ei ddangos ar y sgrin hon nes eu bod yn barod.

## Whether what a person wrote is saved

save-saved = Wedi’i gadw
save-saving = Yn cadw…
save-offline = Rydych all-lein. Caiff yr hyn rydych yn ei ysgrifennu ei gadw ar y ddyfais hon a’i anfon pan fyddwch yn ôl ar-lein.

## The plan on a phone

room-contents = Cynnwys
room-contents-who-is-here = Pwy sydd yma
room-contents-written = (wedi’i ysgrifennu)
room-contents-empty = (gwag)
room-contents-actions = Camau gweithredu
room-contents-details = Pwy sy’n arwain y cynllun a phryd y caiff ei adolygu
room-previous = Blaenorol
room-next = Nesaf
