// The manager's page of languages: each language the service knows, whether a qualified
// translator has reviewed its words, and whether families are shown it. A reviewed language is
// always on; a manager may turn an unreviewed one on (for example while a review is arranged) or
// off again. The server decides, and refuses everyone but a manager.

import { ApiError, api, type Session } from '../api'
import { h, replaceChildren } from '../dom'
import { forgetLanguages, t, type Language } from '../i18n'
import { frame } from '../layout'
import { banner, button, problem, warningText } from '../components/forms'
import { failurePage, requireSession } from './common'

function refusalPage(session: Session): void {
  const main = frame({ title: t('staff-languages-title'), session, family: session.kind === 'participant' })
  main.append(h('h1', { class: 'govuk-heading-l' }, t('staff-languages-title')), problem(t('staff-languages-managers-only')))
}

export async function languagesPage(): Promise<void> {
  const session = await requireSession()
  if (!session) return
  let languages: Language[]
  try {
    languages = (await api.languages()).languages
    if (!(session.kind === 'staff' && session.role === 'manager')) {
      refusalPage(session)
      return
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) refusalPage(session)
    else failurePage(session, t('staff-languages-title'), (error as Error).message)
    return
  }
  const main = frame({ title: t('staff-languages-title'), session, wide: true })
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const tableSlot = h('div')

  async function turn(language: Language, enabled: boolean, trigger: HTMLButtonElement): Promise<void> {
    trigger.disabled = true
    try {
      await api.setLanguageEnabled(language.code, enabled)
      languages = (await api.languages()).languages
      // The language switcher and the shared screen ask again on their next page.
      forgetLanguages()
      const words = enabled ? t('staff-languages-turned-on', { name: language.name }) : t('staff-languages-turned-off', { name: language.name })
      replaceChildren(notice, banner(t('staff-languages-saved'), [h('p', { class: 'govuk-body' }, words)], true))
      draw()
      notice.querySelector<HTMLElement>('.govuk-notification-banner')?.focus()
    } catch (error) {
      replaceChildren(notice, problem((error as Error).message))
      trigger.disabled = false
    }
  }

  function draw(): void {
    const rows = languages.map((language) => {
      const state = language.reviewed
        ? h('strong', { class: 'govuk-tag govuk-tag--green' }, t('staff-languages-reviewed'))
        : h('strong', { class: 'govuk-tag govuk-tag--yellow' }, t('staff-languages-unreviewed'))
      const shown = language.enabled ? t('staff-languages-shown-yes') : t('staff-languages-shown-no')
      let action: HTMLElement | string = t('nothing-dash')
      if (!language.reviewed) {
        const change = button(language.enabled ? t('staff-languages-turn-off') : t('staff-languages-turn-on'), {
          kind: language.enabled ? 'warning' : 'secondary',
          inline: true,
        })
        change.append(h('span', { class: 'govuk-visually-hidden' }, ' ', language.name))
        change.addEventListener('click', () => void turn(language, !language.enabled, change))
        action = change
      }
      return h(
        'tr',
        { class: 'govuk-table__row', 'data-language': language.code },
        h('th', { scope: 'row', class: 'govuk-table__header' }, language.name),
        h('td', { class: 'govuk-table__cell', lang: language.code, dir: language.direction }, language.native_name),
        h('td', { class: 'govuk-table__cell' }, state),
        h('td', { class: 'govuk-table__cell', 'data-testid': 'language-shown' }, shown),
        h('td', { class: 'govuk-table__cell' }, action),
      )
    })
    replaceChildren(
      tableSlot,
      h(
        'table',
        { class: 'govuk-table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('staff-languages-caption')),
        h(
          'thead',
          { class: 'govuk-table__head' },
          h(
            'tr',
            { class: 'govuk-table__row' },
            [t('staff-languages-column-language'), t('staff-languages-column-own-name'), t('staff-languages-column-review'), t('staff-languages-column-shown'), t('staff-languages-column-change')].map(
              (title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title),
            ),
          ),
        ),
        h('tbody', { class: 'govuk-table__body' }, rows),
      ),
    )
  }

  draw()
  main.append(
    h('h1', { class: 'govuk-heading-l' }, t('staff-languages-title')),
    h('p', { class: 'govuk-body' }, t('staff-languages-intro')),
    warningText(t('staff-languages-warning')),
    notice,
    tableSlot,
  )
}
