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
