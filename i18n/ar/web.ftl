## Review: unreviewed

### kinplan's web app in Arabic (العربية), written right to left. Not yet reviewed by a qualified
### translator: the server shows it only once a manager has turned Arabic on. The staff pages'
### words ("staff-…") are English only and are not translated here. docs/TRANSLATING.md says how
### to review this file.

## Words used on many pages

service-name = kinplan
page-title = { $title } – kinplan
error-something-went-wrong = حدث خطأ ما. حاول مرة أخرى.
error-unknown = حدث خطأ ما ({ $status }). حاول مرة أخرى.
error-offline = يبدو أنك غير متصل بالإنترنت. تحقق من اتصالك وحاول مرة أخرى.
there-is-a-problem = توجد مشكلة
error-prefix = خطأ:
warning-prefix = تحذير
nothing-dash = –

## Stages of a meeting

stage-preparation = التحضير
stage-information = تبادل المعلومات
stage-private-family-time = وقت العائلة الخاص
stage-agreement = الاتفاق على الخطة
stage-closed = مُغلق

## Kinds of meeting

meeting-kind-fnm = اجتماع شبكة العائلة
meeting-kind-fgc = مؤتمر مجموعة العائلة
meeting-kind-review = اجتماع مراجعة

## How people take part in a meeting

participant-kind-family = فرد من العائلة
participant-kind-friend = صديق
participant-kind-child = طفل أو شاب
participant-kind-advocate = مناصر
participant-kind-practitioner = أخصائي
participant-kind-interpreter = مترجم
participant-kind-observer = مراقب

## Decisions on a proposed plan

decision-agree = موافق
decision-agree-with-comment = موافق، مع تعليق
decision-do-not-agree = غير موافق
decision-agreed = تمت الموافقة
decision-not-agreed = لم تتم الموافقة
decision-needs-resource-approval = تحتاج إلى الموافقة على الموارد

## How an action in the plan stands

action-status-not-started = لم يبدأ
action-status-on-track = يسير كما هو مخطط
action-status-done = تم
action-status-not-on-track = لا يسير كما هو مخطط

## Time passed, for screen readers
## Arabic counts: one and two have their own words; 3 to 10 take the plural; 11 and more the
## singular.

duration-less-than-a-minute = أقل من دقيقة
duration-minutes =
    { $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتان
        [few] { $minutes } دقائق
       *[other] { $minutes } دقيقة
    }
duration-hours =
    { $hours ->
        [one] ساعة واحدة
        [two] ساعتان
        [few] { $hours } ساعات
       *[other] { $hours } ساعة
    }
duration-hours-minutes =
    { $hours ->
        [one] ساعة واحدة
        [two] ساعتان
        [few] { $hours } ساعات
       *[other] { $hours } ساعة
    } و{ $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتان
        [few] { $minutes } دقائق
       *[other] { $minutes } دقيقة
    }

## The frame around every page

skip-link = انتقل إلى المحتوى الرئيسي
nav-menu = القائمة
nav-our-plan = خطتنا
nav-leave = المغادرة ومسح هذا الجهاز
exit-this-page = اخرج من هذه الصفحة
exit-this-page-emergency = طوارئ
exit-this-page-activated = جارٍ التحميل.
exit-this-page-timed-out = انتهت مهلة الخروج من هذه الصفحة.
exit-this-page-press-two-more-times = Shift، اضغط مرتين أخريين للخروج.
exit-this-page-press-one-more-time = Shift، اضغط مرة أخرى للخروج.
footer-text = kinplan: خطط عائلية نكتبها معًا.
language-switcher-label = اللغة

## After leaving, after stopping taking part, and an address that does not exist

left-title = لقد غادرت الاجتماع
left-nothing-kept = لم يعد أي شيء عن الاجتماع محفوظًا على هذا الجهاز.
left-come-back = للعودة، افتح الرابط الذي أُرسل إليك مرة أخرى.
stopped-title = لقد توقفت عن المشاركة
stopped-link-ended = لم يعد رابطك يعمل.
stopped-mistake = إذا كان هذا خطأً، فاطلب من المنسق أن يدعوك مرة أخرى.
not-found-title = الصفحة غير موجودة
not-found-check-address = إذا كتبت عنوان الصفحة بنفسك، فتحقق من أنه صحيح.
not-found-start = اذهب إلى البداية

## Joining the meeting by link

join-title = الانضمام إلى الاجتماع
join-link-broken-title = هذا الرابط لا يعمل
join-link-broken-ask = اطلب رابطًا جديدًا من الشخص الذي أرسل إليك الرابط.
join-link-incomplete = الرابط غير مكتمل. افتح الرابط الذي أُرسل إليك كاملًا.
join-link-not-found = لم نتمكن من العثور على هذا الرابط.
join-access-code = رمز الدخول
join-access-code-hint = الأرقام الستة التي أُعطيت لك، مثلًا عبر الهاتف.
join-button = انضم إلى الاجتماع
join-button-this-is-me = نعم، هذا أنا – انضم إلى الاجتماع
join-error-code-six-numbers = رمز الدخول مكوّن من ستة أرقام
join-error-enter-code = أدخل رمز الدخول الذي أُعطي لك
join-not-me = لست { $name }
join-not-mine = هذا الرابط ليس لي
join-not-me-advice = لا تستخدم هذا الرابط. أخبر الشخص الذي أرسله إليك حتى يتمكن من إيقافه.
join-are-you = هل أنت { $name }؟
join-heading = الانضمام إلى اجتماع العائلة
join-just-for-you = هذا الرابط لك وحدك. يتيح لك رؤية خطة العائلة وكتابتها مع جميع الحاضرين في الاجتماع.
join-if-you-are = إذا كنت { $name }، فأدخل رمز الدخول الخاص بك.
join-enter-code = أدخل رمز الدخول المكوّن من ستة أرقام الذي أُعطي لك مع هذا الرابط.

## Forms

date-day = اليوم
date-month = الشهر
date-year = السنة

## The stage bar

stage-bar-heading = مرحلة الاجتماع
stage-bar-now = الآن: { $stage }.
stage-bar-began = بدأت هذه المرحلة قبل { $time }.

## Consent

consent-title = قبل أن تنضم إلى الاجتماع
consent-intro = يُرجى قراءة كيف نستخدم معلوماتك. ثم أخبرنا إن كنت توافق.
consent-notice-heading = كيف نستخدم معلوماتك
consent-do-you-agree = هل توافق؟
consent-agree-to-both = يجب أن توافق على الأمرين كليهما لتنضم إلى الاجتماع.
consent-takes-part = أوافق على المشاركة في هذا الاجتماع
consent-shares-information = أوافق على طريقة مشاركة معلوماتي، كما ورد أعلاه
consent-supporter = من ساعدك على اتخاذ القرار؟ (اختياري)
consent-supporter-hint = مثلًا، المناصر الخاص بك، أو معلّم، أو أحد أفراد عائلتك.
consent-agree = أوافق وأتابع
consent-error-takes-part = ضع علامة في المربع للموافقة على المشاركة في هذا الاجتماع
consent-error-shares-information = ضع علامة في المربع للموافقة على طريقة مشاركة معلوماتك

## Stopping taking part

stop-heading = التوقف عن المشاركة
stop-warning = إذا توقفت عن المشاركة، فسيتوقف رابطك عن العمل وستغادر الاجتماع. لتشارك مرة أخرى، يجب أن يدعوك المنسق من جديد.
stop-button = التوقف عن المشاركة
stop-are-you-sure = هل أنت متأكد من أنك تريد التوقف عن المشاركة؟ سيتوقف رابطك عن العمل فورًا.
stop-yes = نعم، أريد التوقف عن المشاركة
stop-no = لا، أريد الاستمرار في المشاركة

## The plan's sections

plan-section-worries-title = ما يقلقنا
plan-section-worries-hint = ما الذي حدث، وما الذي قد يحدث إذا لم يتغير شيء.
plan-section-bottom-lines-title = الحدود الدنيا: ما يجب أن يحدث ليكون الطفل آمنًا
plan-section-bottom-lines-hint = ما تحتاج خدمات الأطفال إلى رؤيته في الخطة.
plan-section-strengths-title = ما ينجح بشكل جيد
plan-section-strengths-hint = نقاط القوة، ومن يساعد بالفعل.
plan-section-child-worries-title = مخاوف الطفل
plan-section-child-worries-hint = بكلمات الطفل نفسه حيثما أمكن.
plan-section-child-good-things-title = أشياء جيدة للطفل
plan-section-child-good-things-hint = ما يحبه الطفل، ومن يجعله يشعر بالأمان.
plan-section-child-dreams-title = آمال الطفل وأحلامه
plan-section-child-dreams-hint = ما يأمل به الطفل.
plan-section-family-answers-title = إجابات العائلة عن الأسئلة
plan-section-family-answers-hint = إجابات العائلة عن الأسئلة التي طُرحت عليها.
plan-section-support-requested-title = الدعم الذي نطلبه
plan-section-support-requested-hint = مساعدة من الخدمات، مثل سرير أو مقعد سيارة للأطفال أو دورة تدريبية.
plan-section-contingency-title = إذا لم تنجح الخطة
plan-section-contingency-hint = ما الذي سيحدث، ومن سيقوم به.
plan-section-monitoring-title = كيف سنعرف أن الخطة تنجح
plan-section-monitoring-hint = من يتابع، وكم مرة.

## The meeting room

room-title = الاجتماع
room-caption = خطة العائلة
room-private-time-title = العائلة في وقتها الخاص
room-private-time-facilitator = تعمل العائلة على خطتها وحدها. عندما تكون جاهزة، انقل الاجتماع إلى مرحلة الاتفاق على الخطة.
room-private-time-others = تعمل العائلة على خطتها وحدها. سترى الخطة مرة أخرى عندما تنتهي.
room-private-notes-title = الملاحظات الخاصة بعائلتك
room-private-notes-hint = لا يستطيع رؤية هذا إلا عائلتك (وعندما تكون العائلة في غرف منفصلة، لا يراه إلا الأشخاص الموجودون في غرفتك). لا يستطيع المختصون رؤيته أبدًا، ومنهم الميسّر.
room-moved-title = أنت الآن في غرفة خاصة أخرى
room-moved-text = نقلك الميسّر إلى غرفة خاصة أخرى. الملاحظات الخاصة أدناه هي ملاحظات تلك الغرفة، ولا يراها إلا الأشخاص الموجودون فيها.
room-access-closed = الاجتماع مُغلق. يمكنك قراءة الخطة، لكن لا أحد يستطيع تغييرها الآن.
room-access-final = الخطة نهائية، لذا لا أحد يستطيع تغييرها.
room-access-proposed = عُرضت الخطة للموافقة عليها، لذا لا أحد يستطيع تغييرها الآن. اذهب إلى «الاتفاق على الخطة» لتسجّل رأيك.
room-access-facilitator-writes = يمكنك الآن كتابة الإحالة: المخاوف والحدود الدنيا والأسئلة الموجّهة إلى العائلة. تتولى العائلة الخطة خلال وقت العائلة الخاص.
room-access-editor = يمكنك الكتابة في الخطة. يرى الجميع ما تكتبه أثناء الكتابة.
room-access-staff-viewer = يمكنك قراءة الخطة. العائلة هي التي تكتبها؛ ويمكنك إضافة تعليقات أدناه.
room-access-viewer = يمكنك قراءة الخطة.
room-ended-title = لم تعد في هذا الاجتماع
room-ended-text = أُوقف رابطك أو انتهت صلاحيته. اطلب من الميسّر رابطًا جديدًا.
live-private-room-changed = تغيّرت غرفتك الخاصة.

## Who is here, and who has the plan open

presence-heading = من الموجود هنا
presence-you = (أنت)
presence-offline = أنت غير متصل بالإنترنت. تُحفظ تغييراتك على هذا الجهاز، وستُشارك عندما تعود للاتصال.
presence-connecting = جارٍ الاتصال…
open-documents-label = من يفتح خطة العائلة
open-documents-heading = من يفتح الخطة الآن
open-documents-checked = يتحقق من ذلك kinplan، وليس شاشة أي شخص.
open-documents-nobody = لا أحد في الوقت الحالي.
open-documents-who = { $name } ({ $kind })
open-documents-line = { $who }: { $documents }
open-documents-plan = الخطة
open-documents-private-notes = الملاحظات الخاصة
open-documents-kind-facilitator = الميسّر
open-documents-kind-practitioner = أخصائي
open-documents-kind-manager = مدير
open-documents-kind-family = العائلة
open-documents-kind-friend = صديق
open-documents-kind-child = طفل أو شاب
open-documents-kind-advocate = مناصر
open-documents-kind-interpreter = مترجم
open-documents-kind-observer = مراقب

## The plan's actions

actions-heading = الإجراءات
actions-hint = من سيفعل ماذا، ومتى، وكيف سنعرف أن ذلك ينجح.
actions-none-yet = لا توجد إجراءات بعد.
actions-add = أضف إجراءً
actions-what = ما الذي سيحدث
actions-who = من
actions-by-when = بحلول متى
actions-how-we-know = كيف سنعرف
actions-how-we-know-long = كيف سنعرف أن ذلك ينجح
actions-status = الحالة
actions-change = تغيير
actions-choose-someone = اختر شخصًا
actions-field-of = ، الإجراء { $number }
actions-remove = احذف
actions-remove-which = الإجراء { $number }

## The plan's facts

plan-details-heading = عن الخطة
plan-details-lead = فرد العائلة المسؤول
plan-details-review-date = تاريخ المراجعة
plan-details-review-date-hint = عادةً خلال 3 أشهر.
plan-details-not-chosen = لم يُختر بعد
plan-details-not-set = لم يُحدَّد بعد

## Practitioners' comments on the plan

comments-heading = تعليقات المختصين
comments-none-yet = لا توجد تعليقات بعد.
comments-a-practitioner = أحد المختصين
comments-the-whole-plan = الخطة كلها
comments-meta-when = { $author } عن { $about }، { $when }
comments-meta = { $author } عن { $about }

## The links between a meeting's pages

meeting-nav-label = صفحات الاجتماع
meeting-nav-people = الأشخاص
meeting-nav-versions = النُّسخ

## A saved version of the plan

plan-view-nothing-written = لم يُكتب شيء.
plan-view-no-actions = لا توجد إجراءات.
plan-view-not-chosen = لم يُختر
plan-view-not-set = لم يُحدَّد

## What changed between two versions of the plan

diff-nothing-changed = لم يتغير شيء بين هاتين النسختين.
diff-added-marker = [أُضيف]
diff-removed-marker = [حُذف]
diff-actions-and-details = الإجراءات والتفاصيل
diff-action-added = أُضيف: { $what } ({ $who })
diff-action-removed = حُذف: { $what }
diff-action-changed = { $what }: تغيّر «{ $field }» من «{ $from }» إلى «{ $to }»
diff-fact-changed = تغيّر «{ $field }» من «{ $from }» إلى «{ $to }»
diff-an-action = إجراء
diff-an-action-capital = إجراء
diff-nobody-yet = لا أحد بعد
diff-nothing = لا شيء
diff-field-what = ما الذي سيحدث
diff-field-who = من
diff-field-by-when = بحلول متى
diff-field-how-we-know = كيف سنعرف
diff-field-status = الحالة
diff-field-lead-family-member = فرد العائلة المسؤول
diff-field-review-date = تاريخ المراجعة

## Agreeing the plan

agreement-title = الاتفاق على الخطة
page-of-meeting = { $page }: { $meeting }
agreement-done = تم
agreement-decide-agree = أوافق على الخطة
agreement-decide-agree-with-comment = أوافق، مع تعليق
agreement-decide-agree-with-comment-hint = قل ما تودّ أن يعرفه الآخرون.
agreement-decide-do-not-agree = لا أوافق
agreement-decide-do-not-agree-hint = قل لماذا، حتى تتمكن العائلة من تغيير الخطة.
agreement-no-decisions = لم يسجّل أحد قرارًا بعد.
agreement-decisions = القرارات
agreement-column-name = الاسم
agreement-column-taking-part-as = يشارك بصفته
agreement-column-decision = القرار
agreement-column-comment = التعليق أو الأسباب
agreement-column-when = متى
agreement-role-family = العائلة
agreement-role-friend = صديق
agreement-role-child = طفل أو شاب
agreement-role-advocate = مناصر
agreement-role-practitioner = أخصائي
agreement-role-referrer = الجهة المُحيلة
agreement-role-facilitator = الميسّر
agreement-still-to-decide = لم يقرروا بعد
agreement-everyone-decided = قرر الجميع
agreement-referrer-decision = قرار الجهة المُحيلة
agreement-not-recorded = لم يُسجَّل بعد
agreement-change-decision = غيّر قرارك
agreement-what-do-you-think = ما رأيك في هذه الخطة؟
agreement-comment = التعليق أو الأسباب
agreement-comment-hint = مطلوب إذا كنت توافق مع تعليق أو لا توافق.
agreement-record = سجّل قراري
agreement-error-choose = اختر رأيك في الخطة
agreement-error-comment = اكتب تعليقك
agreement-error-reasons = اكتب أسبابك
agreement-recorded = سُجّل قرارك: { $decision }.
agreement-you-recorded = سجّلت: { $decision }.
agreement-withdrawn = سُحب المقترح حتى تتمكن العائلة من تغيير الخطة. ولم يُعرض مرة أخرى بعد.
agreement-not-proposed = لم تُعرض الخطة للموافقة عليها بعد.
agreement-proposed-heading = النسخة { $number } معروضة للموافقة عليها
agreement-proposed-text = عُرضت في { $when }. بصمتها { $fingerprint }. تُحتسب القرارات لهذه النسخة بعينها.
agreement-final = الخطة نهائية
agreement-final-version = النسخة { $number }، البصمة { $fingerprint }
agreement-download-final = نزّل الخطة النهائية
agreement-the-final-plan = الخطة النهائية
agreement-plan-being-decided = الخطة التي يُتخذ القرار بشأنها

## Downloading a version of the plan

download-link = نزّل { $which } بصيغة { $format }
download-which-final = الخطة النهائية
download-which-version = النسخة { $number }
download-format-pdf = PDF
download-format-html = صفحة ويب (HTML)
download-format-md = نص (Markdown)
download-format-json = بيانات (JSON)

## The versions of the plan

history-title = نُسخ الخطة
history-version-name = اسم هذه النسخة (اختياري)
history-version-name-hint = مثلًا، «بعد تبادل المعلومات».
history-save = احفظ الخطة كنسخة جديدة
history-save-heading = احفظ نسخة
history-saved-title = حُفظت النسخة
history-saved = حُفظت بوصفها النسخة { $number }.
history-restore = استعادة
history-restore-yes = نعم، استعد النسخة { $number }
history-restore-question = هل تريد استعادة نسخة سابقة؟
history-restore-explained = اضغط «{ $button }» لإعادة كلماتها إلى الخطة. يرى جميع المتصلين التغيير. لن يضيع شيء: يمكن حفظ الخطة كما هي الآن أولًا.
history-restored-title = استُعيدت النسخة
history-restored = تحتوي الخطة الآن على كلمات النسخة { $number }.
history-comparing = جارٍ المقارنة…
history-what-changed = ما الذي تغيّر
history-none = لم تُحفظ أي نسخ بعد.
history-table-caption = النسخ المحفوظة، الأحدث أولًا
history-column-version = النسخة
history-column-name = الاسم
history-column-saved-by = حفظها
history-column-when = متى
history-column-fingerprint = البصمة
history-column-restore = استعادة
history-version-option = النسخة { $number }: { $name }
history-from = من
history-to = إلى
history-show-changes = اعرض ما تغيّر
history-compare = قارن بين نسختين
history-version-to-download = النسخة المراد تنزيلها
history-download = نزّل نسخة

## The network map

map-title = خريطة الشبكة
map-intro = الطفل في الوسط، ومن حوله الأشخاص والإجراءات التي تولّاها كل شخص في الخطة.
map-the-child = الطفل
map-the-child-lower = الطفل
map-description-centre = في الوسط: { $names }.
map-description-person-relationship =
    { $name }، { $relationship }: { $count ->
        [zero] لا إجراءات
        [one] إجراء واحد
        [two] إجراءان
        [few] { $count } إجراءات
        [many] { $count } إجراءً
       *[other] { $count } إجراء
    }.
map-description-person =
    { $name }: { $count ->
        [zero] لا إجراءات
        [one] إجراء واحد
        [two] إجراءان
        [few] { $count } إجراءات
        [many] { $count } إجراءً
       *[other] { $count } إجراء
    }.
map-key = دليل الألوان
map-family-and-friends = العائلة والأصدقاء
map-practitioners = المختصون وآخرون
map-badge-sample = ن
map-badge = عدد الإجراءات التي تولّاها الشخص
map-table-caption = من تولّى ماذا
map-column-name = الاسم
map-column-relationship = صلته بالطفل
map-column-actions = الإجراءات التي تولّاها
map-action-no-words = إجراء لم تُكتب كلماته بعد
map-none-yet = لا شيء بعد
map-actions-hidden = لا يمكن عرض الإجراءات الآن. { $reason }

## The people in the network

network-title = الأشخاص في الشبكة
network-nobody-yet = لم يُضف أحد بعد.
network-table-caption = الشبكة

## Contact details

contact-heading = بيانات الاتصال
contact-yours = بيانات الاتصال الخاصة بك
contact-yours-none = ليست لديك بيانات اتصال هنا بعد.
contact-other-people = أشخاص آخرون
contact-none-shared = لا تُشارك معك بيانات اتصال أي شخص.
contact-someone-gone = شخص لم يعد في الشبكة
contact-kind-address = العنوان
contact-kind-phone = الهاتف
contact-kind-email = البريد الإلكتروني
contact-phone = رقم الهاتف
contact-phone-number = رقم الهاتف { $number }
contact-phone-hint = اترك الرقم فارغًا لحذفه.
contact-email = عنوان البريد الإلكتروني
contact-who-can-see = من يمكنه رؤيته: { $who }
contact-visibility-staff = الموظفون فقط
contact-visibility-network = كل من في الشبكة
contact-visibility-named = الموظفون و: { $names }
contact-correct-heading = صحّح بياناتك
contact-correct-text = غيّر أي شيء غير صحيح. اترك المربع فارغًا لحذف ما فيه. الميسّر هو من يقرر من يمكنه رؤية بياناتك.
contact-save-mine = احفظ بياناتي
contact-nothing-changed = لم يتغير شيء
contact-mine-unchanged = بيانات الاتصال الخاصة بك كما كانت.
contact-saved = حُفظت
contact-mine-saved = حُفظت بيانات الاتصال الخاصة بك.

## A review meeting's review of the agreed plan

review-title = مراجعة الخطة المتفق عليها
review-not-a-review = هذا الاجتماع ليس اجتماع مراجعة: فهو لا يتبع خطة متفقًا عليها. يُنظَّم اجتماع المراجعة من اجتماع خطته نهائية، في صفحة «الاتفاق على الخطة» الخاصة به.
review-changes = ما الذي تغيّر منذ الخطة المتفق عليها
review-changes-intro = بدأت خطة المراجعة من النسخة المتفق عليها. يعرض هذا ما تغيّر فيها منذ ذلك الحين.
review-agreed-actions = الإجراءات المتفق عليها
review-on-time-unknown = سيُعرف بعد عقد المراجعة
review-on-time-yes = نعم
review-on-time-no = لا، عُقدت بعد اليوم المحدد لها
review-follows = تراجع الخطة المتفق عليها في
review-the-earlier-meeting = الاجتماع السابق
review-agreed-version = النسخة المتفق عليها
review-due-by = موعد المراجعة بحلول
review-held = عُقدت المراجعة
review-not-yet = ليس بعد
review-held-on-time = عُقدت في موعدها
review-not-reviewed = لم تُراجَع بعد
review-no-note = لا توجد ملاحظة.
review-recorded = سُجّلت في { $when }
review-action-number = الإجراء { $number }:
review-action-no-words = إجراء بلا كلمات
review-nobody-named = لم يُسمَّ أحد
review-not-given = غير مذكور
review-status-when-agreed = الحالة عند الاتفاق
review-no-actions = لم تتضمن الخطة المتفق عليها أي إجراءات.
review-nothing-changed = لم يتغير شيء منذ الخطة المتفق عليها.

## The agreed plan's review, on the agreement page

agreement-review-held = عُقد
agreement-review-not-recorded = لم يُسجَّل
agreement-review-due = تُراجع بحلول

## Someone with no name given

someone = شخص ما

## Interpreters

interpreter-declare-title = قبل أن تبدأ: صلتك بالعائلة
interpreter-declare-why = يجب ألا تكون للمترجم في اجتماع العائلة أي صلة بالعائلة، حتى يتمكن الجميع من التحدث بحرية.
interpreter-declare-if-connected = إذا كنت تعرف أي شخص في هذه العائلة، أو تربطك بهم قرابة، أو تعمل معهم خارج هذا الاجتماع، فلا تتابع. أخبر الميسّر، وسيجد مترجماً آخر.
interpreter-declare-box = ليست لي أي صلة بهذه العائلة
interpreter-declare-missing = أكّد أنه ليست لك أي صلة بهذه العائلة
interpreter-declare-continue = متابعة
interpreter-glossary-title = مسرد مصطلحاتك
interpreter-glossary-hint = كلمات وعبارات لهذا الاجتماع. أنت وحدك من يرى هذه الملاحظة.
interpreter-family-title = المترجمون
interpreter-family-hint = يغادر المترجم عندما يحين الوقت الخاص لعائلتك، إلا إذا طلبت منه البقاء.
interpreter-stays = يبقى معكم في الوقت الخاص
interpreter-leaves = يغادر في الوقت الخاص
interpreter-ask-stay = اطلب من { $name } البقاء في الوقت الخاص
interpreter-ask-leave = اطلب من { $name } مغادرة الوقت الخاص
interpreter-asked-stay = سيبقى { $name } مع عائلتك في الوقت الخاص.
interpreter-asked-leave = سيغادر { $name } عندما يحين الوقت الخاص لعائلتك.
interpreter-family-notes-title = الملاحظات الخاصة بالعائلة
interpreter-family-notes-hint = طلبت منك العائلة البقاء في وقتها الخاص. يمكنك قراءة ملاحظاتها؛ هي وحدها من يكتب فيها.

## Who is waited for on agreement

agreement-not-expected = لا يُنتظر قرارهم
agreement-not-expected-hint = يمكنهم اتخاذ قرار، لكنهم لم يحضروا الاجتماع ولم يُطلب منهم ذلك.

## The accessibility statement (the Public Sector Bodies Accessibility Regulations 2018)

footer-accessibility = بيان إمكانية الوصول
accessibility-title = بيان إمكانية الوصول لخدمة kinplan
accessibility-intro = ينطبق هذا البيان على kinplan، الخدمة التي يستخدمها مجلسك لاجتماعات شبكة العائلة. يديرها المجلس الذي أرسل إليك رابطك. نريد أن يتمكن أكبر عدد ممكن من الناس من استخدامها. فمثلاً، يجب أن تتمكن من:
accessibility-can-colours = تغيير الألوان ومستويات التباين والخطوط من إعدادات متصفحك أو جهازك
accessibility-can-zoom = التكبير حتى 400% دون أن يخرج النص من الشاشة
accessibility-can-keyboard = التنقل في الخدمة كلها باستخدام لوحة المفاتيح وحدها أو برامج التعرف على الكلام
accessibility-can-screen-reader = الاستماع إلى الخدمة باستخدام قارئ الشاشة، مثل JAWS أو NVDA أو VoiceOver
accessibility-can-languages = قراءة الخدمة بالإنجليزية أو الويلزية أو العربية، حين يوفرها مجلسك
accessibility-how-title = مدى إمكانية الوصول إلى هذه الخدمة
accessibility-known-issues = نعلم أن بعض الأجزاء ليست متاحة بالكامل. خريطة الشبكة صورة: والأشخاص أنفسهم مذكورون في جدول تحتها. لا تظهر الويلزية والعربية إلا بعد أن يفعّلها مجلسك، وقد لا يكون مترجم مؤهل قد راجعها بعد.
accessibility-feedback-title = الملاحظات ومعلومات الاتصال
accessibility-feedback = إذا احتجت إلى المعلومات بصيغة أخرى، مثل الطباعة الكبيرة أو الصيغة المبسطة أو الصوت أو طريقة برايل، أو وجدت مشكلة في الخدمة، فأخبر الميسّر أو اتصل بالمجلس الذي أرسل إليك رابطك. سيردون خلال 5 أيام عمل.
accessibility-enforcement-title = إجراءات الإنفاذ
accessibility-enforcement = لجنة المساواة وحقوق الإنسان (EHRC) هي المسؤولة عن إنفاذ لوائح إمكانية الوصول لهيئات القطاع العام (المواقع الإلكترونية وتطبيقات الهاتف المحمول) (رقم 2) لعام 2018. إذا لم تكن راضياً عن رد مجلسك على شكواك، فاتصل بخدمة المشورة والدعم في مجال المساواة (EASS).
accessibility-technical-title = معلومات تقنية عن إمكانية الوصول إلى هذه الخدمة
accessibility-compliance = هذه الخدمة متوافقة جزئياً مع معيار AA من إرشادات إمكانية الوصول إلى محتوى الويب، الإصدار 2.2، بسبب المشكلات المذكورة أعلاه.
accessibility-tested-title = كيف اختبرنا هذه الخدمة
accessibility-tested = تُفحص كل صفحة بأداة axe-core في كل مرة تتغير فيها الخدمة، بالإنجليزية والويلزية والعربية، على شاشة حاسوب وشاشة هاتف. أُعدّ هذا البيان في 5 ديسمبر 2026.

## The presenter view

present-sections-heading = أقسام الخطة
present-state-empty = فارغ
present-state-writing = تجري كتابته الآن
present-state-written = مكتوب
present-section-position = القسم { $number } من { $total }
present-now-showing = يُعرض الآن القسم { $number } من { $total }: { $section }
present-nothing-written = لم يُكتب شيء هنا بعد.
present-stage-moved-on = انتقل الاجتماع إلى: { $stage }
present-stage-moved-back = عاد الاجتماع إلى: { $stage }
present-private-time-text = تعمل العائلة على خطتها وحدها. لن يظهر على هذه الشاشة أي شيء تكتبه حتى تكون جاهزة.

## Whether what a person wrote is saved

save-saved = تم الحفظ
save-saving = جارٍ الحفظ…
save-offline = أنت غير متصل بالإنترنت. ما تكتبه محفوظ على هذا الجهاز وسيُرسل عند عودة الاتصال.

## The plan on a phone

room-contents = المحتويات
room-contents-who-is-here = من الحاضر
room-contents-written = (مكتوب)
room-contents-empty = (فارغ)
room-contents-actions = الإجراءات
room-contents-details = من يقود الخطة ومتى تُراجَع
room-previous = السابق
room-next = التالي
