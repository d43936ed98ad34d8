// Staff sign-in: email and password. Family members never sign in; they open their link.

import { api, sessionOrNull } from '../api'
import { h } from '../dom'
import { frame } from '../layout'
import { ErrorSummary, button, textInput } from '../components/forms'
import { navigate } from '../router'

export async function signInPage(): Promise<void> {
  const existing = await sessionOrNull().catch(() => null)
  if (existing) {
    navigate(existing.kind === 'staff' ? '/dashboard' : `/meetings/${existing.meeting_id}`, { replace: true })
    return
  }
  const main = frame({ title: 'Sign in', session: null })
  const errors = new ErrorSummary()
  const email = textInput({ label: 'Email address', type: 'email', autocomplete: 'email', spellcheck: false, name: 'email' })
  const password = textInput({ label: 'Password', type: 'password', autocomplete: 'current-password', name: 'password' })
  const submit = button('Sign in', { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems = []
        if (!email.control.value.trim()) problems.push({ control: email.control, message: 'Enter your email address' })
        if (!password.control.value) problems.push({ control: password.control, message: 'Enter your password' })
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
        h('h1', { class: 'govuk-heading-l' }, 'Sign in'),
        h('p', { class: 'govuk-body' }, 'For staff: facilitators, social workers and other practitioners.'),
        h(
          'div',
          { class: 'govuk-inset-text' },
          'If you are part of the family or a friend, you do not need to sign in. Open the link you were sent.',
        ),
        form,
      ),
    ),
  )
}
