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
