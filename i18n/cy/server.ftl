## Review: unreviewed
# Geiriau kinplan o'r gweinydd, yn Gymraeg: gwallau'r API a phenawdau a labeli'r allforion.
# Nid yw cyfieithydd cymwys wedi adolygu'r ffeil hon eto.

## Errors from the API

error-sign-in = mewngofnodwch yn gyntaf
error-internal = aeth rhywbeth o'i le ar ein hochr ni; rhowch gynnig arall arni, a dywedwch wrth y gwasanaeth os yw'n dal i ddigwydd
error-not-found = ni ddaethpwyd o hyd i hynny
error-too-many-attempts = { $minutes ->
    [one] gormod o ymdrechion aflwyddiannus; rhowch gynnig arall arni ymhen 1 munud
   *[other] gormod o ymdrechion aflwyddiannus; rhowch gynnig arall arni ymhen { $minutes } munud
}

## Joining by link

error-link-revoked = mae'r ddolen hon wedi'i diffodd; gofynnwch i'r sawl a'i hanfonodd am ddolen newydd
error-link-expired = mae'r ddolen hon wedi dod i ben; gofynnwch i'r sawl a'i hanfonodd am ddolen newydd
error-link-locked = mae'r ddolen hon wedi'i chloi ar ôl gormod o godau anghywir; gofynnwch i'r sawl a'i hanfonodd am ddolen newydd
error-link-locked-now = nid yw'r cod hwnnw'n gywir, ac mae'r ddolen bellach wedi'i chloi; gofynnwch am ddolen newydd
error-code-required = rhowch y cod chwe digid a gawsoch
error-wrong-code = { $left ->
    [one] nid yw'r cod hwnnw'n gywir; mae gennych 1 cynnig arall
   *[other] nid yw'r cod hwnnw'n gywir; mae gennych { $left } cynnig arall
}
error-not-a-link = nid dolen ymuno na chod mynediad yw hynny

## Languages

error-language-unknown = nid yw { $code } yn iaith y gellir ei dangos yma; dewiswch un o { $choices }
error-language-staff = mae tudalennau staff yn Saesneg; mae cyfranogwr yn dewis ei iaith ei hun

## Interpreters

error-interpreter-declare-first = yn gyntaf, dywedwch nad oes gennych gysylltiad â'r teulu
error-interpreter-only = dim ond cyfieithydd sy'n dweud hyn
error-interpreter-connected = rhaid i gyfieithydd beidio â bod â chysylltiad â'r teulu; dywedwch wrth yr hwylusydd, a fydd yn dod o hyd i gyfieithydd arall
error-interpreter-family-asks = dim ond rhywun o'r teulu, neu'r hwylusydd, all ofyn i gyfieithydd ymuno â'r amser preifat
error-not-an-interpreter = nid yw'r person hwnnw'n gyfieithydd
error-meeting-closed = mae'r cyfarfod ar gau

## The privacy notice kinplan comes with (the council may publish its own)

privacy-notice-built-in =
    Beth rydym yn ei gadw: eich enw, sut rydych yn perthyn i'r plentyn, yr hyn rydych yn ei ysgrifennu yn y cynllun, a phryd y gwnaethoch ei agor.
    Pwy sy'n ei weld: mae'r bobl yn y cyfarfod hwn yn gweld y cynllun; mae staff y cyngor ar gyfer y cyfarfod hwn yn gweld popeth, gan gynnwys eich manylion cyswllt. Ni ddangosir eich cyfeiriad i neb arall oni bai bod y cydlynydd yn cytuno hynny gyda chi.
    Am ba hyd: mae'r cyngor yn cadw'r cynllun a'r cofnod hwn cyhyd ag y mae'r gyfraith yn dweud bod rhaid ar gyfer cofnodion plant, ac yna'n eu dileu.
    Eich copi: gallwch ofyn i'r cyngor am gopi o bopeth y mae'n ei gadw amdanoch. Gofynnwch i'ch cydlynydd, a fydd yn dweud wrthych sut.
    Gallwch newid eich meddwl: gallwch roi'r gorau i gymryd rhan unrhyw bryd o'ch tudalen. Yna bydd eich dolen yn peidio â gweithio.
privacy-notice-data-map = Mae popeth rydym yn ei gadw, pam, pwy sy'n ei weld ac am ba hyd wedi'i restru yn y map data: /data-protection

## Exports of a plan: headings and labels

export-nothing-written = Dim wedi'i ysgrifennu eto.
export-no-decisions = Dim penderfyniadau wedi'u cofnodi ar y fersiwn hon eto.
export-actions = Camau gweithredu
export-arrangements = Pwy sy'n arwain y cynllun a phryd y caiff ei adolygu
export-decisions = Penderfyniadau
export-about = Am y fersiwn hon
export-network = Rhwydwaith y teulu
export-safety-notes = Nodiadau diogelwch (cofnod yr achos yn unig)
export-column-what = Beth
export-column-who = Pwy
export-column-by-when = Erbyn pryd
export-column-how-we-know = Sut y byddwn yn gwybod ei fod yn gweithio
export-column-status = Statws
export-column-name = Enw
export-column-role = Rôl
export-column-decision = Penderfyniad
export-column-comment = Sylw neu reswm
export-column-when = Pryd
export-column-version-decided = Y fersiwn y penderfynwyd arni (SHA-256)
export-subtitle = Cynllun teulu, fersiwn { $number }
export-untitled = Cyfarfod heb deitl
export-lead = Aelod arweiniol o'r teulu
export-not-chosen = Heb ei ddewis eto
export-review-date = Dyddiad adolygu
export-none = Dim
export-other-version = fersiwn wahanol
export-fact-meeting = Cyfarfod
export-fact-version = Fersiwn
export-fact-label = Label
export-no-label = Dim label
export-fact-saved-by = Cadwyd gan
export-not-recorded = Heb ei gofnodi
export-fact-saved-on = Cadwyd ar
export-fact-status = Statws
export-fact-place = Lle yn yr hanes
export-fact-copy = Copi
export-copy-case-record = Cofnod yr achos, i staff: popeth, gan gynnwys nodiadau diogelwch
export-copy-for = I { $name }: manylion cyswllt dim ond fel y gallant eu gweld
export-copy-one-person = un person
export-fact-hash = Stwnsh SHA-256
export-fact-previous-hash = Stwnsh y fersiwn flaenorol
export-previous-none = Dim: dyma'r fersiwn gyntaf
export-chain-position = fersiwn { $index } o { $count }
export-chain-missing = fersiwn { $number } (heb ei chanfod yn hanes y cyfarfod hwn)
export-chain-first = { $position }; y fersiwn gyntaf
export-chain-previous = { $position }; blaenorol { $previous }
export-chain-broken = { $position } (nid yw hyn yn cyfateb i'r fersiwn cyn hon yn yr hanes)
export-not-written = Heb ei ysgrifennu eto
export-not-set = Heb ei osod
export-status-draft = Drafft
export-status-proposed = Wedi'i gynnig i'w gytuno
export-status-final = Terfynol
export-role-family = Teulu
export-role-practitioner = Ymarferydd
export-role-referrer = Atgyfeiriwr
export-role-facilitator = Hwylusydd
export-decision-agree = Yn cytuno
export-decision-agree-with-comment = Yn cytuno, gyda sylw
export-decision-do-not-agree = Ddim yn cytuno
export-decision-agreed = Cytunwyd
export-decision-not-agreed = Ni chytunwyd
export-decision-needs-resource-approval = Angen cymeradwyaeth ar gyfer adnoddau
export-action-not-started = Heb ddechrau
export-action-on-track = Ar y trywydd iawn
export-action-done = Wedi'i wneud
export-action-not-on-track = Ddim ar y trywydd iawn
export-footer = Allforiwyd o kinplan. Fersiwn { $number }, stwnsh SHA-256
export-page = tudalen { $page } o { $pages }

## The plan's sections

section-worries = Beth sy'n ein poeni
section-bottom-lines = Llinellau sylfaen: beth sy'n rhaid digwydd i'r plentyn fod yn ddiogel
section-strengths = Beth sy'n gweithio'n dda
section-child-worries = Pryderon y plentyn
section-child-good-things = Pethau da i'r plentyn
section-child-dreams = Gobeithion a breuddwydion y plentyn
section-family-answers = Atebion y teulu i'r cwestiynau
section-support-requested = Y cymorth rydym yn gofyn amdano
section-contingency = Os nad yw'r cynllun yn gweithio
section-monitoring = Sut y byddwn yn gwybod bod y cynllun yn gweithio

## Dates and times (UK time)

month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr
export-date = { $day } { $month } { $year }
export-time = { $date } am { $hour24 }:{ $minute } { $zone }
