// The records page's subject access request: choose the person (someone in a meeting's network,
// or a staff member by email), tick the other people whose names may stay because they agreed,
// and download the archive the server makes.

import { api, type Download, type Participant, type SubjectAccessRequest } from '../api'
import { t } from '../i18n'
import { h, replaceChildren } from '../dom'
import { ErrorSummary, banner, button, checkboxes, radios, textInput, whileBusy, type CheckboxesField, type FieldError } from '../components/forms'
import { personLabel, targetChooser, type RecordsView } from './records-view'

/** Saves `file` through a link with `download`, kept on the page so it can be saved again. */
function offerDownload(file: Download, urls: string[]): HTMLAnchorElement {
  const url = URL.createObjectURL(file.blob)
  urls.push(url)
  const link = h('a', { class: 'govuk-link', href: url, download: file.fileName, 'data-testid': 'archive-link' }, t('staff-records-sar-download-again', { file: file.fileName }))
  return link
}

/** The subject access form; `urls` collects the object URLs made, for the page to release. */
export function subjectAccessSection(view: RecordsView, urls: string[]): HTMLElement[] {
  const errors = new ErrorSummary()
  const chooser = targetChooser(view, { name: 'sar', scopeLegend: null, personLabel: t('staff-records-sar-person-asking') })
  const consentedArea = h('div', { class: 'kp-consented' })
  let consented: CheckboxesField | null = null

  function drawConsented(people: Participant[]): void {
    consented = null
    const subject = chooser.person.control.value
    if (!subject) {
      replaceChildren(consentedArea, h('p', { class: 'govuk-body' }, t('staff-records-sar-choose-person-see-others-their')))
      return
    }
    const others = people.filter((person) => person.id !== subject)
    if (others.length === 0) {
      replaceChildren(consentedArea, h('p', { class: 'govuk-body' }, t('staff-records-sar-nobody-else-meeting')))
      return
    }
    consented = checkboxes({
      legend: t('staff-records-sar-people-who-agreed-their-names'),
      legendSize: 's',
      name: 'sar-consented',
      hint: t('staff-records-sar-everyone-else-s-name-replaced'),
      items: others.map((person) => ({ value: person.id, label: personLabel(person) })),
    })
    replaceChildren(consentedArea, consented.group)
  }
  chooser.onPeople(drawConsented)
  chooser.person.control.addEventListener('change', () => drawConsented(chooser.people()))
  drawConsented([])

  const email = textInput({ label: t('staff-records-sar-their-email-address'), hint: t('staff-records-sar-email-they-sign-kinplan'), name: 'sar-email', type: 'email', spellcheck: false, autocomplete: 'off' })
  const who = radios({
    legend: t('staff-records-sar-who-request-from'),
    legendSize: 's',
    name: 'sar-who',
    small: true,
    items: [
      { value: 'participant', label: t('staff-records-sar-someone-meeting-s-network'), conditional: [chooser.elements, consentedArea] },
      { value: 'staff', label: t('staff-records-sar-staff-member'), conditional: email.group },
    ],
  })
  const status = h('p', { class: 'govuk-body kp-status', role: 'status' })
  const result = h('div', { class: 'kp-sar-result' })
  const make = button(t('staff-records-sar-download-archive'), { type: 'submit' })

  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-sar-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        let about: SubjectAccessRequest | null = null
        const kind = who.value()
        if (!kind) problems.push({ control: who.inputs[0], message: t('staff-records-sar-choose-who-request-from') })
        else if (kind === 'staff') {
          const address = email.control.value.trim()
          if (!address) problems.push({ control: email.control, message: t('staff-records-sar-enter-staff-member-s-email') })
          else about = { user_email: address, consented: [] }
        } else if (!chooser.meeting.control.value) {
          problems.push({ control: chooser.meeting.control, message: t('staff-records-sar-choose-meeting') })
        } else if (!chooser.person.control.value) {
          problems.push({ control: chooser.person.control, message: t('staff-records-sar-choose-person-asking') })
        } else {
          about = { participant_id: chooser.person.control.value, consented: consented?.checked() ?? [] }
        }
        if (!about || problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        replaceChildren(result)
        try {
          const request = about
          const file = await whileBusy(make, t('staff-records-sar-preparing-archive'), status, () => api.subjectAccess(request))
          const link = offerDownload(file, urls)
          const shown = banner(
            t('staff-records-sar-archive-ready'),
            [
              h('p', { class: 'govuk-body' }, t('staff-records-sar-downloading-holds-everything-kinplan-keeps', { file: file.fileName })),
              h('p', { class: 'govuk-body' }, link),
            ],
            true,
          )
          shown.setAttribute('tabindex', '-1')
          replaceChildren(result, shown)
          shown.focus()
          // The same link, pressed for them: the browser saves the file.
          link.click()
        } catch (error) {
          errors.show([{ message: (error as Error).message }])
        }
      },
    },
    errors.element,
    who.group,
    make,
    status,
  )
  return [
    h(
      'p',
      { class: 'govuk-body' },
      t('staff-records-sar-download-everything-kinplan-holds-about'),
    ),
    h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, form)),
    result,
  ]
}
