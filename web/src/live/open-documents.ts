// Who has the family's documents (the plan, the private notes) open, as the server knows them
// from their sign-in or link: shown to everyone in the room beside "Who is here", so the family
// sees anyone who opens their documents, whatever that person's own screen says about them.

import { api, type OpenDocument } from '../api'
import { h, replaceChildren } from '../dom'
import { english, pageLanguage, type Translator } from '../i18n'

/** How often the list is asked for again. */
const REFRESH_MS = 3000

/** What someone is to the meeting, in a word or two ("family", "interpreter"). */
function kindWord(kind: string, shown: Translator): string {
  const id = `open-documents-kind-${kind}`
  return english.has(id) ? shown.t(id) : kind
}

export interface OpenDocumentsList {
  element: HTMLElement
  destroy(): void
}

/** The list; `shown` is the language it is written in (the page's unless given). */
export function openDocumentsList(meetingId: string, headingLevel: 'h2' | 'h3' = 'h2', shown: Translator = pageLanguage()): OpenDocumentsList {
  const list = h('ul', { class: 'govuk-list kp-open-documents__list' })
  const element = h(
    'section',
    { class: 'kp-open-documents', 'aria-label': shown.t('open-documents-label'), 'data-testid': 'open-documents' },
    h(headingLevel, { class: 'govuk-heading-s' }, shown.t('open-documents-heading')),
    h('p', { class: 'govuk-body-s' }, shown.t('open-documents-checked')),
    list,
  )
  let drawn = ''
  const draw = (open: OpenDocument[]) => {
    // One line per person and what they are to the meeting; the documents they have open after it.
    const people = new Map<string, Set<string>>()
    for (const entry of open) {
      const key = shown.t('open-documents-who', { name: entry.name, kind: kindWord(entry.kind, shown) })
      const documents = people.get(key) ?? new Set<string>()
      documents.add(entry.document === 'family-time' ? shown.t('open-documents-private-notes') : shown.t('open-documents-plan'))
      people.set(key, documents)
    }
    const lines = [...people.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    const key = JSON.stringify(lines.map(([who, documents]) => [who, [...documents].sort()]))
    if (key === drawn) return
    drawn = key
    replaceChildren(
      list,
      lines.length === 0
        ? h('li', { class: 'kp-open-documents__none' }, shown.t('open-documents-nobody'))
        : lines.map(([who, documents]) =>
            h('li', { class: 'kp-open-documents__name' }, shown.t('open-documents-line', { who, documents: shown.list([...documents].sort()) })),
          ),
    )
  }
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const refresh = async () => {
    try {
      draw(await api.openDocuments(meetingId))
    } catch {
      // Offline or signed out: keep what was shown; the room says why elsewhere.
    }
    if (!stopped) timer = setTimeout(() => void refresh(), REFRESH_MS)
  }
  void refresh()
  return {
    element,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
