// "Who is here": the names of everyone connected to a live document, from its awareness states.

import { h, replaceChildren } from '../dom'
import { pageLanguage, type Translator } from '../i18n'
import type { LiveDocument } from './document'
import { safeName } from './people'

export interface PresenceList {
  element: HTMLElement
  destroy(): void
}

/** The list; `shown` is the language it is written in (the page's unless given). */
export function presenceList(live: LiveDocument, headingLevel: 'h2' | 'h3' = 'h2', shown: Translator = pageLanguage()): PresenceList {
  const list = h('ul', { class: 'govuk-list kp-presence__list' })
  const status = h('p', { class: 'govuk-body-s kp-presence__status' })
  const element = h(
    'section',
    { class: 'kp-presence', 'aria-label': shown.t('presence-heading'), 'data-testid': 'presence' },
    h(headingLevel, { class: 'govuk-heading-s' }, shown.t('presence-heading')),
    list,
    status,
  )
  let drawn = ''
  const draw = () => {
    const me = live.doc.clientID
    const names: { name: string; self: boolean }[] = []
    live.awareness.getStates().forEach((state, clientId) => {
      const user = (state as { user?: { name?: unknown } }).user
      if (!user) return
      names.push({ name: safeName(user.name), self: clientId === me })
    })
    const unique = new Map<string, boolean>()
    for (const entry of names) unique.set(entry.name, (unique.get(entry.name) ?? false) || entry.self)
    const sorted = [...unique.entries()].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] ? -1 : 1))
    const key = JSON.stringify(sorted)
    if (key === drawn) return
    drawn = key
    replaceChildren(
      list,
      sorted.map(([name, self]) =>
        h('li', { class: 'kp-presence__name' }, h('bdi', null, name), self ? h('span', { class: 'kp-presence__you' }, ' ', shown.t('presence-you')) : null),
      ),
    )
  }
  const stopState = live.onChange((state) => {
    status.textContent =
      state.status === 'offline'
        ? shown.t('presence-offline')
        : state.status === 'connecting'
          ? shown.t('presence-connecting')
          : ''
    draw()
  })
  live.awareness.on('change', draw)
  draw()
  return {
    element,
    destroy() {
      stopState()
      live.awareness.off('change', draw)
    },
  }
}
