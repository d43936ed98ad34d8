// Safeguarding on the network page: people's contact details with who sees each, the forms that
// change them (the facilitator's, with who may see them; a participant's own, values only), and
// the separations that keep two people apart. The server decides what each person is sent; these
// views only show it, and never guess at what was left out.

import { api, type ContactChange, type ContactDetail, type DetailKind, type Participant, type PrivateRoom, type Separation, type Visibility } from '../api'
import { h, replaceChildren, type Child } from '../dom'
import { dateTime } from '../format'
import { pageLanguage, t } from '../i18n'
import { ErrorSummary, banner, button, checkboxes, radios, select, textArea, textInput, type FieldError } from '../components/forms'
import type { MeetingContext } from './common'
import { consentLine, stopTakingPart } from './consent'

const KINDS: DetailKind[] = ['address', 'phone', 'email']
const MAX_PHONES = 5

/** A kind of contact detail, as the heading of its row ("Phone"). */
function kindName(kind: DetailKind): string {
  return t(`contact-kind-${kind}`)
}

/** What the page needs to draw and change contact details and separations. */
export interface SafeguardingView {
  context: MeetingContext
  /** The meeting's separations; null when the person asking is not staff. */
  separations: Separation[] | null
  /** The private rooms, the default room first; null when the person asking is not staff. */
  rooms: PrivateRoom[] | null
  /** Where confirmations go. */
  notice: HTMLElement
  /** Fetches the network (with separations and rooms) again and draws the page. */
  refresh: () => Promise<void>
}

/** Shows a confirmation at the top of the page and moves focus to it: the form it came from is drawn again. */
export function announce(view: SafeguardingView, title: string, text: string, success = true): void {
  const shown = banner(title, [h('p', { class: 'govuk-body' }, text)], success)
  shown.setAttribute('tabindex', '-1')
  replaceChildren(view.notice, shown)
  shown.focus()
}

export function nameOf(people: Participant[], id: string): string {
  return people.find((person) => person.id === id)?.display_name ?? t('contact-someone-gone')
}

/** The people kept from seeing `owner`'s details by a separation. */
function separatedFrom(view: SafeguardingView, owner: string): string[] {
  return (view.separations ?? [])
    .filter((separation) => separation.no_details && (separation.first_id === owner || separation.second_id === owner))
    .map((separation) => (separation.first_id === owner ? separation.second_id : separation.first_id))
}

/** Who sees a detail, in words; null when the server did not say (the one asking is neither staff nor its owner). */
export function visibilityWords(detail: ContactDetail, people: Participant[]): string | null {
  switch (detail.visibility) {
    case 'staff':
      return t('contact-visibility-staff')
    case 'network':
      return t('contact-visibility-network')
    case 'named': {
      const names = (detail.shown_to ?? []).map((id) => nameOf(people, id))
      return names.length > 0 ? t('contact-visibility-named', { names: names.join(', ') }) : t('contact-visibility-staff')
    }
    default:
      return null
  }
}

function valuesOf(person: Participant, kind: DetailKind): string[] {
  return person.contact.filter((detail) => detail.kind === kind).map((detail) => detail.value)
}

function detailRows(view: SafeguardingView, person: Participant): HTMLElement[] {
  const people = view.context.people
  const separated = separatedFrom(view, person.id).map((id) => nameOf(people, id))
  return KINDS.flatMap((kind) =>
    person.contact
      .filter((detail) => detail.kind === kind)
      .map((detail) => {
        const words = visibilityWords(detail, people)
        const overridden =
          words && detail.visibility !== 'staff' && separated.length > 0
            ? t('staff-contact-never', { names: new Intl.ListFormat(pageLanguage().locale, { type: 'disjunction' }).format(separated) })
            : ''
        return h(
          'div',
          { class: 'govuk-summary-list__row', 'data-kind': kind },
          h('dt', { class: 'govuk-summary-list__key' }, kindName(kind)),
          h(
            'dd',
            { class: 'govuk-summary-list__value' },
            h('span', { class: 'kp-contact-value', dir: kind === 'address' ? 'auto' : 'ltr' }, detail.value),
            words ? h('span', { class: 'govuk-body-s kp-block kp-muted kp-visibility', 'data-testid': 'visibility' }, t('contact-who-can-see', { who: `${words}${overridden}` })) : null,
          ),
        )
      }),
  )
}

function detailList(view: SafeguardingView, person: Participant, empty: string): HTMLElement {
  const rows = detailRows(view, person)
  return rows.length > 0 ? h('dl', { class: 'govuk-summary-list' }, rows) : h('p', { class: 'govuk-body' }, empty)
}

function card(title: Child, person: Participant, ...content: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'govuk-summary-card', 'data-contact': person.display_name },
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, title)),
    h('div', { class: 'govuk-summary-card__content' }, content),
  )
}

/** Text fields for the address, phone numbers and email, holding `person`'s current values. */
function valueFields(person: Participant) {
  const phones = valuesOf(person, 'phone')
  const address = textArea({ label: t('contact-kind-address'), name: `address-${person.id}`, value: valuesOf(person, 'address')[0] ?? '', rows: 3 })
  address.control.setAttribute('autocomplete', 'off')
  const slots = Math.min(MAX_PHONES, phones.length + 1)
  const phoneFields = Array.from({ length: slots }, (_, index) =>
    textInput({
      label: index === 0 ? t('contact-phone') : t('contact-phone-number', { number: index + 1 }),
      hint: index === 0 ? t('contact-phone-hint') : undefined,
      name: `phone-${person.id}-${index + 1}`,
      type: 'tel',
      autocomplete: 'off',
      width: '20',
      value: phones[index] ?? '',
    }),
  )
  const email = textInput({
    label: t('contact-email'),
    name: `email-${person.id}`,
    type: 'email',
    autocomplete: 'off',
    spellcheck: false,
    value: valuesOf(person, 'email')[0] ?? '',
  })
  const entered = (kind: DetailKind): string[] => {
    if (kind === 'address') return [address.control.value.trim()].filter(Boolean)
    if (kind === 'email') return [email.control.value.trim()].filter(Boolean)
    return phoneFields.map((field) => field.control.value.trim()).filter(Boolean)
  }
  return { address, phoneFields, email, entered }
}

function sameList(one: string[], other: string[]): boolean {
  return one.length === other.length && one.every((value, index) => value === other[index])
}

/** The change for `kinds` as a request body: an empty value removes a detail. */
function valuesChange(kinds: DetailKind[], entered: (kind: DetailKind) => string[]): ContactChange {
  const change: ContactChange = {}
  for (const kind of kinds) {
    if (kind === 'address') change.address = entered('address')[0] ?? ''
    if (kind === 'email') change.email = entered('email')[0] ?? ''
    if (kind === 'phone') change.phones = entered('phone')
  }
  return change
}

/** The facilitator's form for anyone's details and who may see each kind of them. */
function facilitatorForm(view: SafeguardingView, person: Participant): HTMLElement {
  const { meeting, people } = view.context
  const errors = new ErrorSummary()
  const fields = valueFields(person)
  const separated = separatedFrom(view, person.id)
  // Staff see every detail anyway; people kept apart by a separation can never be shown them.
  const choosable = people.filter((other) => other.id !== person.id && !other.is_staff && !separated.includes(other.id))
  const choices = KINDS.map((kind) => {
    const current = person.contact.find((detail) => detail.kind === kind)
    const named = checkboxes({
      legend: t(`staff-contact-who-else-${kind}`),
      legendSize: 's',
      name: `show-${kind}-${person.id}`,
      hint: t('staff-contact-staff-always'),
      items: choosable.map((other) => ({
        value: other.id,
        label: other.relationship ? `${other.display_name} (${other.relationship})` : other.display_name,
        checked: (current?.shown_to ?? []).includes(other.id),
      })),
    })
    const group = radios({
      legend: t(`staff-contact-who-${kind}`),
      legendSize: 's',
      name: `visibility-${kind}-${person.id}`,
      value: current?.visibility ?? 'staff',
      small: true,
      items: [
        { value: 'staff', label: t('contact-visibility-staff') },
        { value: 'network', label: t('contact-visibility-network'), hint: t('staff-contact-network-hint') },
        {
          value: 'named',
          label: t('staff-contact-named'),
          conditional: choosable.length > 0 ? named.group : h('p', { class: 'govuk-body' }, t('staff-contact-nobody-to-choose')),
        },
      ],
    })
    return { kind, current, group, named }
  })
  const save = button(t('staff-contact-save'), { type: 'submit' })
  const form = h(
    'form',
    {
      novalidate: true,
      class: 'kp-contact-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const problems: FieldError[] = []
        const plans = choices.map((choice) => {
          const visibility = (choice.group.value() || 'staff') as Visibility
          const showTo = visibility === 'named' ? choice.named.checked() : []
          const values = fields.entered(choice.kind)
          if (visibility === 'named' && showTo.length === 0 && values.length > 0) {
            problems.push({
              control: choice.named.first ?? choice.group.inputs[0],
              message: t(`staff-contact-error-choose-${choice.kind}`),
            })
          }
          const before = person.contact.filter((detail) => detail.kind === choice.kind)
          const unchanged =
            sameList(values, before.map((detail) => detail.value)) &&
            (before.length === 0 ||
              (before[0].visibility === visibility && sameList([...showTo].sort(), [...(before[0].shown_to ?? [])].sort())))
          return { kind: choice.kind, visibility, showTo, changed: !unchanged }
        })
        if (problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        const changed = plans.filter((plan) => plan.changed)
        if (changed.length === 0) {
          announce(view, t('contact-nothing-changed'), t('staff-contact-unchanged', { name: person.display_name }), false)
          return
        }
        // One request for the kinds that share who may see them: the visibility applies to the
        // details a request gives.
        const groups = new Map<string, typeof changed>()
        for (const plan of changed) {
          const key = `${plan.visibility}|${[...plan.showTo].sort().join(',')}`
          groups.set(key, [...(groups.get(key) ?? []), plan])
        }
        save.disabled = true
        try {
          for (const group of groups.values()) {
            const change = valuesChange(
              group.map((plan) => plan.kind),
              fields.entered,
            )
            change.visibility = group[0].visibility
            if (group[0].visibility === 'named') change.show_to = group[0].showTo
            await api.setContact(meeting.id, person.id, change)
          }
          await view.refresh()
          announce(view, t('contact-saved'), t('staff-contact-saved', { name: person.display_name }))
        } catch (error) {
          errors.show([{ message: (error as Error).message }])
        } finally {
          save.disabled = false
        }
      },
    },
    errors.element,
    fields.address.group,
    choices[0].group.group,
    fields.phoneFields.map((field) => field.group),
    choices[1].group.group,
    fields.email.group,
    choices[2].group.group,
    save,
  )
  return h(
    'details',
    { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, t('staff-contact-change', { name: person.display_name }))),
    h('div', { class: 'govuk-details__text' }, form),
  )
}

/** A participant's own form: the values only; the facilitator decides who sees them. */
function ownForm(view: SafeguardingView, person: Participant): HTMLElement {
  const errors = new ErrorSummary()
  const fields = valueFields(person)
  const save = button(t('contact-save-mine'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-contact-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        errors.clear()
        const changed = KINDS.filter((kind) => !sameList(fields.entered(kind), valuesOf(person, kind)))
        if (changed.length === 0) {
          announce(view, t('contact-nothing-changed'), t('contact-mine-unchanged'), false)
          return
        }
        save.disabled = true
        try {
          await api.setContact(view.context.meeting.id, person.id, valuesChange(changed, fields.entered))
          await view.refresh()
          announce(view, t('contact-saved'), t('contact-mine-saved'))
        } catch (error) {
          errors.show([{ message: (error as Error).message }])
        } finally {
          save.disabled = false
        }
      },
    },
    h('h4', { class: 'govuk-heading-s' }, t('contact-correct-heading')),
    h('p', { class: 'govuk-body' }, t('contact-correct-text')),
    errors.element,
    fields.address.group,
    fields.phoneFields.map((field) => field.group),
    fields.email.group,
    save,
  )
}

/** The contact details section: everyone's for staff, and for a participant their own and what others share with them. */
export function contactSection(view: SafeguardingView): HTMLElement {
  const { context } = view
  const editable = context.meeting.stage !== 'closed'
  if (context.session.kind !== 'staff') {
    const me = context.people.find((person) => person.is_you) ?? null
    const others = context.people.filter((person) => !person.is_you && person.contact.length > 0)
    return h(
      'section',
      { class: 'kp-contact', 'aria-labelledby': 'contact-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'contact-heading' }, t('contact-heading')),
      me
        ? card(
            t('contact-yours'),
            me,
            detailList(view, me, t('contact-yours-none')),
            editable ? ownForm(view, me) : null,
            stopTakingPart(context.meeting.id),
          )
        : null,
      h('h3', { class: 'govuk-heading-s' }, t('contact-other-people')),
      others.length > 0
        ? others.map((person) => card(person.display_name, person, detailList(view, person, '')))
        : h('p', { class: 'govuk-body' }, t('contact-none-shared')),
    )
  }
  const canChange = context.isFacilitator && editable
  return h(
    'section',
    { class: 'kp-contact', 'aria-labelledby': 'contact-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'contact-heading' }, t('contact-heading')),
    h('p', { class: 'govuk-body' }, context.isFacilitator ? t('staff-contact-intro-facilitator') : t('staff-contact-intro-others')),
    context.people.map((person) =>
      card(
        person.relationship ? `${person.display_name} (${person.relationship})` : person.display_name,
        person,
        consentLine(person),
        detailList(view, person, t('staff-contact-none')),
        canChange ? facilitatorForm(view, person) : null,
      ),
    ),
  )
}

function keptApart(separation: Separation): string[] {
  return [
    separation.no_details ? t('staff-separation-no-details') : null,
    separation.no_shared_room ? t('staff-separation-no-shared-room') : null,
  ].filter((text): text is string => text !== null)
}

function separationForm(view: SafeguardingView): HTMLElement {
  const { meeting, people } = view.context
  const errors = new ErrorSummary()
  const options = [{ value: '', label: t('staff-separation-choose-person') }, ...people.map((person) => ({ value: person.id, label: person.display_name }))]
  const first = select({ label: t('staff-separation-first'), options, name: 'first_id', value: '' })
  const second = select({ label: t('staff-separation-second'), options, name: 'second_id', value: '' })
  const what = checkboxes({
    legend: t('staff-separation-what'),
    legendSize: 's',
    name: 'kept_apart',
    hint: t('staff-separation-what-hint'),
    items: [
      { value: 'no_details', label: t('staff-separation-no-details'), hint: t('staff-separation-no-details-hint') },
      { value: 'no_shared_room', label: t('staff-separation-no-shared-room') },
    ],
  })
  const reason = textArea({ label: t('staff-separation-reason'), hint: t('staff-separation-reason-hint'), name: 'reason', rows: 3 })
  const record = button(t('staff-separation-record'), { type: 'submit' })
  return h(
    'form',
    {
      novalidate: true,
      class: 'kp-separation-form',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        const chosen = what.checked()
        const problems: FieldError[] = []
        if (!first.control.value) problems.push({ control: first.control, message: t('staff-separation-error-first') })
        if (!second.control.value) problems.push({ control: second.control, message: t('staff-separation-error-second') })
        else if (second.control.value === first.control.value) problems.push({ control: second.control, message: t('staff-separation-error-same') })
        if (chosen.length === 0) problems.push({ control: what.inputs[0], message: t('staff-separation-error-what') })
        if (!reason.control.value.trim()) problems.push({ control: reason.control, message: t('staff-separation-error-reason') })
        if (problems.length > 0) {
          errors.show(problems)
          return
        }
        errors.clear()
        record.disabled = true
        try {
          await api.addSeparation(meeting.id, {
            first_id: first.control.value,
            second_id: second.control.value,
            no_details: chosen.includes('no_details'),
            no_shared_room: chosen.includes('no_shared_room'),
            reason: reason.control.value.trim(),
          })
          const between = t('staff-separation-between', { first: nameOf(people, first.control.value), second: nameOf(people, second.control.value) })
          await view.refresh()
          announce(view, t('staff-separation-recorded-title'), t('staff-separation-recorded', { between }))
        } catch (error) {
          errors.show([{ message: (error as Error).message }])
        } finally {
          record.disabled = false
        }
      },
    },
    h('h3', { class: 'govuk-heading-s' }, t('staff-separation-record-heading')),
    errors.element,
    first.group,
    second.group,
    what.group,
    reason.group,
    record,
  )
}

/** The separations, for staff only; the facilitator also records them. Null for anyone else. */
export function separationsSection(view: SafeguardingView): HTMLElement | null {
  const { context, separations } = view
  if (separations === null) return null
  const people = context.people
  const list =
    separations.length === 0
      ? h('p', { class: 'govuk-body' }, t('staff-separation-none'))
      : h(
          'table',
          { class: 'govuk-table', 'data-testid': 'separations' },
          h('caption', { class: 'govuk-visually-hidden' }, t('staff-separation-caption')),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h('tr', { class: 'govuk-table__row' }, [t('staff-separation-column-between'), t('staff-separation-column-kept-apart'), t('staff-separation-column-reason'), t('staff-separation-column-recorded')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title))),
          ),
          h(
            'tbody',
            { class: 'govuk-table__body' },
            separations.map((separation) =>
              h(
                'tr',
                { class: 'govuk-table__row' },
                h('td', { class: 'govuk-table__cell' }, t('staff-separation-between', { first: nameOf(people, separation.first_id), second: nameOf(people, separation.second_id) })),
                h('td', { class: 'govuk-table__cell' }, h('ul', { class: 'govuk-list' }, keptApart(separation).map((text) => h('li', null, text)))),
                h('td', { class: 'govuk-table__cell kp-reason' }, separation.reason),
                h('td', { class: 'govuk-table__cell' }, dateTime(separation.created_at)),
              ),
            ),
          ),
        )
  return h(
    'section',
    { class: 'kp-separations', 'aria-labelledby': 'separations-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'separations-heading' }, t('staff-separation-heading')),
    h('p', { class: 'govuk-body' }, t('staff-separation-intro')),
    list,
    context.isFacilitator && context.meeting.stage !== 'closed'
      ? h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' }, separationForm(view)))
      : null,
  )
}
