// The language switcher on the family's pages: the languages the service offers, each in its own
// name and marked with its own `lang`. Choosing one shows the page in it at once; for someone who
// joined by link it is kept on their link (so it lasts after a reload and on their next visit),
// and before joining it is kept for this tab.

import { api, type Session } from '../api'
import { h } from '../dom'
import { chooseBeforeJoining, knownLanguages, pageLanguage, t, usePageLanguage } from '../i18n'
import { redraw } from '../router'

async function choose(session: Session | null, code: string, status: HTMLElement): Promise<void> {
  if (session?.kind === 'participant') {
    try {
      await api.setSessionLanguage(code)
    } catch (error) {
      status.hidden = false
      status.textContent = (error as Error).message
      return
    }
  } else {
    chooseBeforeJoining(code)
  }
  await usePageLanguage(code)
  // Drawn again in the new language; the chosen language keeps the focus.
  redraw(() => document.querySelector<HTMLElement>('.kp-language-switcher [aria-current="true"]')?.focus())
}

/** The switcher, or null when the service offers only one language. */
export function languageSwitcher(session: Session | null): HTMLElement | null {
  const languages = knownLanguages()
  if (languages.length < 2) return null
  const current = pageLanguage().code
  const status = h('p', { class: 'govuk-error-message kp-language-switcher__status', role: 'alert', hidden: true })
  const items = languages.map((language) => {
    const own = { lang: language.code, dir: language.direction }
    if (language.code === current) {
      return h('li', { class: 'kp-language-switcher__item' }, h('span', { ...own, class: 'kp-language-switcher__current', 'aria-current': 'true', tabindex: '-1' }, language.native_name))
    }
    const button = h('button', { ...own, type: 'button', class: 'kp-link-button kp-language-switcher__choice', 'data-language': language.code }, language.native_name)
    button.addEventListener('click', () => {
      button.disabled = true
      void choose(session, language.code, status).finally(() => {
        button.disabled = false
      })
    })
    return h('li', { class: 'kp-language-switcher__item' }, button)
  })
  return h(
    'nav',
    { class: 'kp-language-switcher', 'aria-label': t('language-switcher-label') },
    h('ul', { class: 'kp-language-switcher__list' }, items),
    status,
  )
}
