// The plan's facts (Y.Map "meta"): the lead family member and the review date, live.

import * as Y from 'yjs'
import type { Participant } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { dateInput, type DateField } from '../components/forms'
import { dateOnly, isFamilySide } from '../format'
import { pageLanguage, type Translator } from '../i18n'
import { META, META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE } from '../plan-schema'
import type { LiveDocument } from './document'

export interface PlanDetails {
  element: HTMLElement
  destroy(): void
}

/** The plan's facts; `shown` is the language they are written in (the page's unless given). */
export function planDetails(live: LiveDocument, people: Participant[], shown: Translator = pageLanguage()): PlanDetails {
  const t = (id: string) => shown.t(id)
  const meta = live.doc.getMap<unknown>(META)
  const family = people.filter((person) => isFamilySide(person.kind))
  const headingId = uniqueId('details-heading')
  const body = h('div')
  const element = h(
    'section',
    { class: 'kp-section', 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, t('plan-details-heading')),
    body,
  )
  const value = (key: string) => {
    const found = meta.get(key)
    return typeof found === 'string' ? found : ''
  }
  const leadName = (lead: string) => family.find((person) => person.id === lead)?.display_name ?? lead
  let mode: boolean | null = null
  let lead: HTMLSelectElement | null = null
  let review: DateField | null = null
  let leadText: HTMLElement | null = null
  let reviewText: HTMLElement | null = null

  function build(editable: boolean): void {
    mode = editable
    if (editable) {
      const leadId = uniqueId('lead')
      lead = h('select', { class: 'govuk-select', id: leadId })
      lead.addEventListener('change', () => meta.set(META_LEAD_FAMILY_MEMBER, lead?.value ?? ''))
      // The GOV.UK date input, not the browser's picker; kept once it is a real day, or cleared.
      const date = dateInput({ legend: t('plan-details-review-date'), legendSize: 's', hint: t('plan-details-review-date-hint'), name: 'review-date' })
      review = date
      for (const box of [date.day, date.month, date.year]) {
        box.addEventListener('input', () => {
          const day = date.value()
          if (day === null) meta.set(META_REVIEW_DATE, '')
          else if (day !== 'invalid') meta.set(META_REVIEW_DATE, day)
        })
      }
      replaceChildren(
        body,
        h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: leadId }, t('plan-details-lead')), lead),
        date.group,
      )
    } else {
      leadText = h('dd', { class: 'govuk-summary-list__value' })
      reviewText = h('dd', { class: 'govuk-summary-list__value' })
      replaceChildren(
        body,
        h(
          'dl',
          { class: 'govuk-summary-list' },
          h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, t('plan-details-lead')), leadText),
          h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, t('plan-details-review-date')), reviewText),
        ),
      )
    }
  }

  function draw(): void {
    const editable = live.canEdit
    if (mode !== editable) build(editable)
    const leadValue = value(META_LEAD_FAMILY_MEMBER)
    const reviewValue = value(META_REVIEW_DATE)
    if (editable && lead && review) {
      if (document.activeElement !== lead) {
        const options = [h('option', { value: '' }, t('plan-details-not-chosen'))]
        for (const person of family) options.push(h('option', { value: person.id }, person.display_name))
        if (leadValue && !family.some((person) => person.id === leadValue)) options.push(h('option', { value: leadValue }, leadValue))
        replaceChildren(lead, options)
        lead.value = leadValue
      }
      const typing = [review.day, review.month, review.year].includes(document.activeElement as HTMLInputElement)
      if (!typing && review.value() !== reviewValue) review.set(reviewValue || null)
    } else if (leadText && reviewText) {
      leadText.textContent = leadValue ? leadName(leadValue) : t('plan-details-not-chosen')
      reviewText.textContent = reviewValue ? dateOnly(reviewValue, shown) : t('plan-details-not-set')
    }
  }

  const observer = (_event: Y.YMapEvent<unknown>) => draw()
  meta.observe(observer)
  const stop = live.onChange(() => draw())
  draw()
  return {
    element,
    destroy() {
      meta.unobserve(observer)
      stop()
    },
  }
}
