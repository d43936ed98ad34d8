// Staff sign-in: email and password. Family members never sign in; they open their link.

import { api, sessionOrNull } from '../api'
import { h } from '../dom'
import { t, usePageLanguage } from '../i18n'
import { frame } from '../layout'
import { ErrorSummary, button, textInput } from '../components/forms'
import { navigate } from '../router'

export async function signInPage(): Promise<void> {
  const existing = await sessionOrNull().catch(() => null)
  if (existing) {
    navigate(existing.kind === 'staff' ? '/dashboard' : `/meetings/${existing.meeting_id}`, { replace: true })
    return
  }
  // Staff pages are in English.
  await usePageLanguage('en')
  const main = frame({ title: t('staff-sign-in-title'), session: null })
  const errors = new ErrorSummary()
  const email = textInput({ label: t('staff-sign-in-email'), type: 'email', autocomplete: 'email', spellcheck: false, name: 'email' })
  const password = textInput({ label: t('staff-sign-in-password'), type: 'password', autocomplete: 'current-password', name: 'password' })
  const submit = button(t('staff-sign-in-button'), { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems = []
        if (!email.control.value.trim()) problems.push({ control: email.control, message: t('staff-sign-in-error-email') })
        if (!password.control.value) problems.push({ control: password.control, message: t('staff-sign-in-error-password') })
        if (problems.length) {
          errors.show(problems)
          return
        }
        submit.disabled = true
        try {
          await api.signIn(email.control.value.trim(), password.control.value)
          navigate('/dashboard', { replace: true })
        } catch (error) {
          errors.show([{ control: password.control, message: (error as Error).message }])
        } finally {
          submit.disabled = false
        }
      },
    },
    email.group,
    password.group,
    submit,
  )
  main.append(
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        errors.element,
        h('h1', { class: 'govuk-heading-l' }, t('staff-sign-in-title')),
        h('p', { class: 'govuk-body' }, t('staff-sign-in-for-staff')),
        h('div', { class: 'govuk-inset-text' }, t('staff-sign-in-family')),
        form,
      ),
    ),
  )
}
