// The records page's subject access request: choose the person (someone in a meeting's network,
// or a staff member by email), tick the other people whose names may stay because they agreed,
// and download the archive the server makes.

import { api, type Download, type Participant, type SubjectAccessRequest } from '../api'
import { h, replaceChildren } from '../dom'
import { ErrorSummary, banner, button, checkboxes, radios, textInput, whileBusy, type CheckboxesField, type FieldError } from '../components/forms'
import { personLabel, targetChooser, type RecordsView } from './records-view'

/** Saves `file` through a link with `download`, kept on the page so it can be saved again. */
function offerDownload(file: Download, urls: string[]): HTMLAnchorElement {
  const url = URL.createObjectURL(file.blob)
  urls.push(url)
  const link = h('a', { class: 'govuk-link', href: url, download: file.fileName, 'data-testid': 'archive-link' }, `Download ${file.fileName} again`)
  return link
}

/** The subject access form; `urls` collects the object URLs made, for the page to release. */
export function subjectAccessSection(view: RecordsView, urls: string[]): HTMLElement[] {
  const errors = new ErrorSummary()
  const chooser = targetChooser(view, { name: 'sar', scopeLegend: null, personLabel: 'The person asking' })
  const consentedArea = h('div', { class: 'kp-consented' })
  let consented: CheckboxesField | null = null

  function drawConsented(people: Participant[]): void {
    consented = null
    const subject = chooser.person.control.value
    if (!subject) {
      replaceChildren(consentedArea, h('p', { class: 'govuk-body' }, 'Choose the person to see the others in their meeting.'))
      return
    }
    const others = people.filter((person) => person.id !== subject)
    if (others.length === 0) {
      replaceChildren(consentedArea, h('p', { class: 'govuk-body' }, 'Nobody else is in this meeting.'))
      return
    }
    consented = checkboxes({
      legend: 'People who agreed that their names may stay',
      legendSize: 's',
      name: 'sar-consented',
      hint: 'Everyone else’s name is replaced by their relationship, and their contact details are left out. Select all that apply.',
      items: others.map((person) => ({ value: person.id, label: personLabel(person) })),
    })
    replaceChildren(consentedArea, consented.group)
  }
  chooser.onPeople(drawConsented)
  chooser.person.control.addEventListener('change', () => drawConsented(chooser.people()))
  drawConsented([])

  const email = textInput({ label: 'Their email address', hint: 'The email they sign in to kinplan with.', name: 'sar-email', type: 'email', spellcheck: false, autocomplete: 'off' })
  const who = radios({
    legend: 'Who is the request from?',
    legendSize: 's',
    name: 'sar-who',
    small: true,
    items: [
      { value: 'participant', label: 'Someone in a meeting’s network', conditional: [chooser.elements, consentedArea] },
      { value: 'staff', label: 'A staff member', conditional: email.group },
    ],
  })
  const status = h('p', { class: 'govuk-body kp-status', role: 'status' })
  const result = h('div', { class: 'kp-sar-result' })
  const make = button('Download the archive', { type: 'submit' })

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
        if (!kind) problems.push({ control: who.inputs[0], message: 'Choose who the request is from' })
        else if (kind === 'staff') {
          const address = email.control.value.trim()
          if (!address) problems.push({ control: email.control, message: 'Enter the staff member’s email address' })
          else about = { user_email: address, consented: [] }
        } else if (!chooser.meeting.control.value) {
          problems.push({ control: chooser.meeting.control, message: 'Choose a meeting' })
        } else if (!chooser.person.control.value) {
          problems.push({ control: chooser.person.control, message: 'Choose the person asking' })
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
          const file = await whileBusy(make, 'Preparing the archive…', status, () => api.subjectAccess(request))
          const link = offerDownload(file, urls)
          const shown = banner(
            'Archive ready',
            [
              h('p', { class: 'govuk-body' }, `${file.fileName} is downloading. It holds everything kinplan keeps about the person, as JSON and as a PDF to read. Keep it safe: it is personal data.`),
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
      'Download everything kinplan holds about one person, as one archive of JSON and a PDF to read. Other people’s names are replaced by their relationship and their contact details are left out, unless they agreed. Each download is recorded in the audit log.',
    ),
    h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, form)),
    result,
  ]
}
