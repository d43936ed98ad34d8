## Review: unreviewed
# كلمات kinplan من الخادم باللغة العربية: أخطاء واجهة البرمجة وعناوين ملفات التصدير وتسمياتها.
# لم يراجع مترجم مؤهل هذا الملف بعد.

## Errors from the API

error-sign-in = سجّل الدخول أولاً
error-internal = حدث خطأ من جهتنا؛ حاول مرة أخرى، وأخبر الخدمة إذا استمر ذلك
error-not-found = لم يُعثر على ذلك
error-too-many-attempts = { $minutes ->
    [one] محاولات فاشلة كثيرة جداً؛ حاول مرة أخرى بعد دقيقة واحدة
   *[other] محاولات فاشلة كثيرة جداً؛ حاول مرة أخرى بعد { $minutes } دقائق
}

## Joining by link

error-link-revoked = تم إيقاف هذا الرابط؛ اطلب رابطاً جديداً من الشخص الذي أرسله
error-link-expired = انتهت صلاحية هذا الرابط؛ اطلب رابطاً جديداً من الشخص الذي أرسله
error-link-locked = هذا الرابط مقفل بعد رموز خاطئة كثيرة جداً؛ اطلب رابطاً جديداً من الشخص الذي أرسله
error-link-locked-now = هذا الرمز غير صحيح، وقد أُقفل الرابط الآن؛ اطلب رابطاً جديداً
error-code-required = أدخل الرمز المكوّن من ستة أرقام الذي أُعطي لك
error-wrong-code = { $left ->
    [one] هذا الرمز غير صحيح؛ لديك محاولة واحدة أخرى
    [two] هذا الرمز غير صحيح؛ لديك محاولتان أخريان
    [few] هذا الرمز غير صحيح؛ لديك { $left } محاولات أخرى
   *[other] هذا الرمز غير صحيح؛ لديك { $left } محاولة أخرى
}
error-not-a-link = هذا ليس رابط انضمام ولا رمز دخول

## Languages

error-language-unknown = { $code } ليست لغة يمكن عرضها هنا؛ اختر واحدة من { $choices }
error-language-staff = صفحات الموظفين باللغة الإنجليزية؛ يختار المشارك لغته بنفسه

## Interpreters

error-interpreter-declare-first = أكّد أولاً أنه لا صلة لك بالعائلة
error-interpreter-only = هذا لا يقوله إلا المترجم
error-interpreter-connected = يجب ألا تكون للمترجم أي صلة بالعائلة؛ أخبر الميسّر، وسيجد مترجماً آخر
error-interpreter-family-asks = لا يستطيع أن يدعو المترجم إلى الوقت الخاص إلا أحد أفراد العائلة أو الميسّر
error-not-an-interpreter = هذا الشخص ليس مترجماً
error-meeting-closed = الاجتماع مغلق

## The privacy notice kinplan comes with (the council may publish its own)

privacy-notice-built-in =
    ما نحتفظ به: اسمك، وصلة قرابتك بالطفل، وما تكتبه في الخطة، ومتى فتحتها.
    من يراه: يرى الأشخاص في هذا الاجتماع الخطة؛ ويرى موظفو المجلس المعنيون بهذا الاجتماع كل شيء، بما في ذلك بيانات الاتصال الخاصة بك. لا يُعرض عنوانك على أي شخص آخر إلا إذا اتفق المنسّق على ذلك معك.
    المدة: يحتفظ المجلس بالخطة وبهذا السجل طوال المدة التي يفرضها القانون لسجلات الأطفال، ثم يحذفها.
    نسختك: يمكنك أن تطلب من المجلس نسخة من كل ما يحتفظ به عنك. اسأل منسّقك، وسيخبرك بالطريقة.
    يمكنك تغيير رأيك: يمكنك التوقف عن المشاركة في أي وقت من صفحتك. عندها يتوقف رابطك عن العمل.
privacy-notice-data-map = كل ما نحتفظ به، ولماذا، ومن يراه، وإلى متى، مذكور في خريطة البيانات: /data-protection

## Exports of a plan: headings and labels

export-nothing-written = لم يُكتب شيء بعد.
export-no-decisions = لم تُسجَّل أي قرارات على هذه النسخة بعد.
export-actions = الإجراءات
export-arrangements = من يقود الخطة ومتى تُراجَع
export-decisions = القرارات
export-about = عن هذه النسخة
export-network = شبكة العائلة
export-safety-notes = ملاحظات السلامة (في سجل الحالة فقط)
export-column-what = ماذا
export-column-who = من
export-column-by-when = بحلول متى
export-column-how-we-know = كيف سنعرف أنها تنجح
export-column-status = الحالة
export-column-name = الاسم
export-column-role = الدور
export-column-decision = القرار
export-column-comment = تعليق أو سبب
export-column-when = متى
export-column-version-decided = النسخة التي اتُّخذ القرار بشأنها (SHA-256)
export-subtitle = خطة العائلة، النسخة { $number }
export-untitled = اجتماع بلا عنوان
export-lead = فرد العائلة القائد
export-not-chosen = لم يُختر بعد
export-review-date = تاريخ المراجعة
export-none = لا شيء
export-other-version = نسخة مختلفة
export-fact-meeting = الاجتماع
export-fact-version = النسخة
export-fact-label = التسمية
export-no-label = بلا تسمية
export-fact-saved-by = حفظها
export-not-recorded = غير مسجَّل
export-fact-saved-on = حُفظت في
export-fact-status = الحالة
export-fact-place = موقعها في السجل
export-fact-copy = النسخة
export-copy-case-record = سجل الحالة، للموظفين: كل شيء، بما في ذلك ملاحظات السلامة
export-copy-for = من أجل { $name }: بيانات الاتصال فقط كما يُسمح له برؤيتها
export-copy-one-person = شخص واحد
export-fact-hash = بصمة SHA-256
export-fact-previous-hash = بصمة النسخة السابقة
export-previous-none = لا شيء: هذه هي النسخة الأولى
export-chain-position = النسخة { $index } من { $count }
export-chain-missing = النسخة { $number } (غير موجودة في سجل هذا الاجتماع)
export-chain-first = { $position }؛ النسخة الأولى
export-chain-previous = { $position }؛ السابقة { $previous }
export-chain-broken = { $position } (هذا لا يطابق النسخة التي قبلها في السجل)
export-not-written = لم يُكتب بعد
export-not-set = غير محدَّد
export-status-draft = مسودة
export-status-proposed = مقترحة للموافقة
export-status-final = نهائية
export-role-family = العائلة
export-role-practitioner = مختص
export-role-referrer = الجهة المُحيلة
export-role-facilitator = الميسّر
export-decision-agree = موافق
export-decision-agree-with-comment = موافق، مع تعليق
export-decision-do-not-agree = غير موافق
export-decision-agreed = تمت الموافقة
export-decision-not-agreed = لم تتم الموافقة
export-decision-needs-resource-approval = تحتاج إلى موافقة على الموارد
export-action-not-started = لم يبدأ
export-action-on-track = يسير كما ينبغي
export-action-done = تم
export-action-not-on-track = لا يسير كما ينبغي
export-footer = صُدِّرت من kinplan. النسخة { $number }، بصمة SHA-256
export-page = الصفحة { $page } من { $pages }

## The plan's sections

section-worries = ما يقلقنا
section-bottom-lines = الخطوط الحمراء: ما يجب أن يحدث ليكون الطفل آمناً
section-strengths = ما ينجح جيداً
section-child-worries = مخاوف الطفل
section-child-good-things = أشياء جيدة للطفل
section-child-dreams = آمال الطفل وأحلامه
section-family-answers = إجابات العائلة عن الأسئلة
section-support-requested = الدعم الذي نطلبه
section-contingency = إذا لم تنجح الخطة
section-monitoring = كيف سنعرف أن الخطة تنجح

## Dates and times (UK time)

month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
export-date = { $day } { $month } { $year }
export-time = { $date } الساعة { $hour24 }:{ $minute } { $zone }
