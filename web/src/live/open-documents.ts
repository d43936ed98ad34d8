// Who has the family's documents (the plan, the private notes) open, as the server knows them
// from their sign-in or link: shown to everyone in the room beside "Who is here", so the family
// sees anyone who opens their documents, whatever that person's own screen says about them.

import { api, type OpenDocument } from '../api'
import { h, replaceChildren } from '../dom'

/** How often the list is asked for again. */
const REFRESH_MS = 3000

const KIND_NAMES: Record<string, string> = {
  facilitator: 'facilitator',
  practitioner: 'practitioner',
  manager: 'manager',
  family: 'family',
  friend: 'friend',
  child: 'child or young person',
  advocate: 'advocate',
  interpreter: 'interpreter',
  observer: 'observer',
}

export interface OpenDocumentsList {
  element: HTMLElement
  destroy(): void
}

export function openDocumentsList(meetingId: string, headingLevel: 'h2' | 'h3' = 'h2'): OpenDocumentsList {
  const list = h('ul', { class: 'govuk-list kp-open-documents__list' })
  const element = h(
    'section',
    { class: 'kp-open-documents', 'aria-label': 'Who has the family plan open', 'data-testid': 'open-documents' },
    h(headingLevel, { class: 'govuk-heading-s' }, 'Who has the plan open'),
    h('p', { class: 'govuk-body-s' }, 'Checked by kinplan, not by anyone’s own screen.'),
    list,
  )
  let shown = ''
  const draw = (open: OpenDocument[]) => {
    // One line per person and what they are to the meeting; the documents they have open after it.
    const people = new Map<string, Set<string>>()
    for (const entry of open) {
      const key = `${entry.name} (${KIND_NAMES[entry.kind] ?? entry.kind})`
      const documents = people.get(key) ?? new Set<string>()
      documents.add(entry.document === 'family-time' ? 'private notes' : 'plan')
      people.set(key, documents)
    }
    const lines = [...people.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    const key = JSON.stringify(lines.map(([who, documents]) => [who, [...documents].sort()]))
    if (key === shown) return
    shown = key
    replaceChildren(
      list,
      lines.length === 0
        ? h('li', { class: 'kp-open-documents__none' }, 'Nobody at the moment.')
        : lines.map(([who, documents]) => h('li', { class: 'kp-open-documents__name' }, `${who}: ${[...documents].sort().join(' and ')}`)),
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
