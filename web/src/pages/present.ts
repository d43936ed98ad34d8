// The presenter view: the facilitator's big screen in the meeting room, read from across the room.
// It shows the stage and its timer, who is here, and one section of the plan at a time, large and
// following the plan live, beside the list of sections and how far each has got (empty, being
// written, written). It shows the plan's text and nothing else of the meeting: no contact details,
// no safety notes, no comments, no links or codes; in private family time, only that the family is
// in private time. The family's parts are in the meeting's language; the facilitator's controls
// (back to the room, full screen, the keys) in English, as on the room page. Keys move between
// sections, and the facilitator's keys move the stage on and back, announced at once.

import * as Y from 'yjs'
import { api, type Stage } from '../api'
import { h, replaceChildren, uniqueId, type Child } from '../dom'
import { STAGES, stageName } from '../format'
import { languageAttributes, markDocumentLanguage, t, translatorFor, type Translator } from '../i18n'
import { stageBar } from '../components/stage-bar'
import { LiveDocument } from '../live/document'
import { followMeeting } from '../live/meeting-events'
import { colourFor } from '../live/people'
import { presenceList } from '../live/presence'
import { SECTIONS, sectionHint, sectionTitle } from '../plan-schema'
import { navigate, type Cleanup } from '../router'
import { openMeeting } from './common'

/** How long a section counts as being written after its last change from someone else. */
const WRITING_MS = 5000

/** How long an announcement of a new stage stays on the screen. */
const ANNOUNCEMENT_MS = 15000

/** Nesting deeper than this is shown as plain text: no document written in the editor goes so deep. */
const MAX_DEPTH = 24

type SectionState = 'empty' | 'writing' | 'written'

/** The words of a part of a section, without formatting. */
function plainText(node: unknown, depth = 0): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert?: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  }
  if ((node instanceof Y.XmlElement || node instanceof Y.XmlFragment) && depth < MAX_DEPTH * 4) {
    return node
      .toArray()
      .map((child) => plainText(child, depth + 1))
      .join(' ')
  }
  return ''
}

/** A run of text with its bold, italic and the like; a link is shown as its words only. */
function inline(text: Y.XmlText): Child[] {
  return (text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]).map((op) => {
    if (typeof op.insert !== 'string') return null
    const marks = op.attributes ?? {}
    let node: Node = document.createTextNode(op.insert)
    if (marks.code) node = h('code', null, node)
    if (marks.bold) node = h('strong', null, node)
    if (marks.italic) node = h('em', null, node)
    if (marks.strike) node = h('s', null, node)
    if (marks.underline) node = h('u', null, node)
    return node
  })
}

const BLOCKS: Record<string, 'p' | 'ul' | 'ol' | 'li' | 'blockquote' | 'pre'> = {
  paragraph: 'p',
  heading: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
  codeBlock: 'pre',
}

/** One node of a section as read-only elements, built from text nodes only. */
function rendered(node: unknown, depth: number): Child {
  if (node instanceof Y.XmlText) return inline(node)
  if (!(node instanceof Y.XmlElement)) return null
  if (node.nodeName === 'hardBreak') return h('br')
  if (node.nodeName === 'horizontalRule') return h('hr')
  if (depth >= MAX_DEPTH) return h('p', { dir: 'auto' }, plainText(node))
  const tag = BLOCKS[node.nodeName] ?? 'div'
  const textBlock = tag === 'p' || tag === 'pre'
  return h(
    tag,
    { class: node.nodeName === 'heading' ? 'kp-present__subheading' : null, dir: textBlock ? 'auto' : null },
    node.toArray().map((child) => rendered(child, depth + 1)),
  )
}

/** The presenter's own frame: no service header or footer, only what the screen needs. */
function presenterFrame(title: string, toolbar: HTMLElement): HTMLElement {
  markDocumentLanguage()
  document.title = t('page-title', { title }).replace(/[\u2066-\u2069]/g, '')
  const body = document.body
  body.classList.remove('kp-shared-screen')
  body.classList.add('kp-presenting')
  const main = h('main', { class: 'kp-present', id: 'main-content', tabindex: '-1' })
  replaceChildren(
    body,
    h('a', { href: '#main-content', class: 'govuk-skip-link', 'data-module': 'govuk-skip-link' }, t('skip-link')),
    h('header', { class: 'kp-present-toolbar' }, toolbar),
    main,
  )
  return main
}

/** A key as it is written on the keyboard. */
function key(...names: string[]): HTMLElement {
  return h('span', { class: 'kp-present-keys__key' }, names.map((name, index) => [index > 0 ? ' + ' : '', h('kbd', null, name)]))
}

export async function presentPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, t('staff-present-title'))
  if (!opened) return
  const { session, meeting, isFacilitator } = opened
  const roomPath = `/meetings/${encodeURIComponent(meeting.id)}`
  // The presenter view is the facilitator's screen: anyone else who opens it gets the room.
  if (session.kind !== 'staff') {
    navigate(roomPath, { replace: true })
    return
  }
  const shown: Translator = await translatorFor(meeting.language ?? 'en')
  const shownPart = languageAttributes(shown)
  const rtl = shown.direction === 'rtl'
  // The arrows that go forward and back in the reading direction of the meeting's language.
  const forwardArrow = rtl ? 'ArrowLeft' : 'ArrowRight'
  const backArrow = rtl ? 'ArrowRight' : 'ArrowLeft'
  const forwardSign = rtl ? '←' : '→'
  const backSign = rtl ? '→' : '←'
  let stage: Stage = meeting.stage
  let focused = 0
  const cleanups: (() => void)[] = []

  // The facilitator's controls.
  const fullScreenButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-present-toolbar__button', 'data-module': 'govuk-button' }, t('staff-present-full-screen'))
  fullScreenButton.hidden = !document.fullscreenEnabled
  const keysButton = h(
    'button',
    { type: 'button', class: 'govuk-button govuk-button--secondary kp-present-toolbar__button', 'data-module': 'govuk-button', 'aria-haspopup': 'dialog' },
    t('staff-present-keys'),
  )
  const toolbar = h(
    'div',
    { class: 'kp-present-toolbar__inner' },
    h('a', { class: 'govuk-link kp-present-toolbar__back', href: roomPath }, t('staff-present-back')),
    h('span', { class: 'kp-present-toolbar__name' }, t('staff-present-title')),
    h('div', { class: 'kp-present-toolbar__buttons' }, fullScreenButton, keysButton),
  )
  const main = presenterFrame(`${t('staff-present-title')}: ${meeting.title}`, toolbar)

  const user = { name: session.name, color: colourFor(session.id) }
  const plan = new LiveDocument(meeting.id, 'plan', meeting.documents.plan, user)
  const fragments = SECTIONS.map((section) => plan.doc.getXmlFragment(section.name))
  const sectionOfRoot = new Map<Y.AbstractType<unknown>, number>(fragments.map((fragment, index) => [fragment as Y.AbstractType<unknown>, index]))
  const lastChange = new Map<number, number>()

  const bar = stageBar({ stage, changedAt: meeting.stage_changed_at, canMove: false, shown, onMove: async () => {} })
  cleanups.push(bar.destroy)

  // Said aloud and shown: the stage moved. Said aloud only: another section is in focus.
  const announcement = h('p', { ...shownPart, class: 'kp-present__announcement', role: 'status', 'data-testid': 'present-announcement' })
  const sectionNews = h('p', { ...shownPart, class: 'govuk-visually-hidden', 'aria-live': 'polite' })
  const staffProblem = h('p', { class: 'kp-present__problem', role: 'alert' })
  let announcementTimer: number | undefined
  const announce = (text: string) => {
    window.clearTimeout(announcementTimer)
    announcement.textContent = text
    announcementTimer = window.setTimeout(() => (announcement.textContent = ''), ANNOUNCEMENT_MS)
  }
  cleanups.push(() => window.clearTimeout(announcementTimer))

  // The sections, each with how far it has got; pressing one puts it in focus.
  const sectionsHeadingId = uniqueId('present-sections')
  const stateWords: Record<SectionState, string> = {
    empty: shown.t('present-state-empty'),
    writing: shown.t('present-state-writing'),
    written: shown.t('present-state-written'),
  }
  const stateMarks: Record<SectionState, string> = { empty: '○', writing: '✎', written: '✓' }
  const items = SECTIONS.map((section, index) => {
    const state = h('span', { class: 'kp-present-state' })
    const button = h(
      'button',
      { type: 'button', class: 'kp-present-sections__button', 'data-section': section.name },
      h('span', { class: 'kp-present-sections__title' }, sectionTitle(section.name, shown)),
      state,
    )
    button.addEventListener('click', () => focusSection(index))
    return { element: h('li', { class: 'kp-present-sections__item' }, button), button, state, drawn: '' as SectionState | '' }
  })
  const sectionsList = h(
    'section',
    { class: 'kp-present-sections', 'aria-labelledby': sectionsHeadingId, 'data-testid': 'present-sections' },
    h('h2', { class: 'kp-present__heading-s', id: sectionsHeadingId }, shown.t('present-sections-heading')),
    h('ol', { class: 'kp-present-sections__list' }, items.map((item) => item.element)),
  )

  // The section in focus, large.
  const focusTitleId = uniqueId('present-focus')
  const focusPosition = h('p', { class: 'kp-present-focus__position' })
  const focusTitle = h('h2', { class: 'kp-present-focus__title', id: focusTitleId })
  const focusState = h('span', { class: 'kp-present-state' })
  const focusHint = h('p', { class: 'kp-present-focus__hint' })
  const focusText = h('div', { class: 'kp-present-focus__text', 'data-testid': 'present-text' })
  const refused = h('p', { class: 'kp-present-focus__refused', hidden: true })
  const focus = h(
    'section',
    { class: 'kp-present-focus', 'aria-labelledby': focusTitleId, tabindex: '0', 'data-testid': 'present-focus' },
    h('div', { class: 'kp-present-focus__top' }, focusPosition, focusState),
    focusTitle,
    focusHint,
    refused,
    focusText,
  )

  const presence = presenceList(plan, 'h2', shown)
  cleanups.push(presence.destroy)
  const work = h(
    'div',
    { ...shownPart, class: 'kp-present__work', 'data-testid': 'present-work' },
    sectionsList,
    focus,
    h('div', { class: 'kp-present__people' }, presence.element),
  )

  // Private family time: nothing of the family's, only that they are in private time.
  const privatePanel = h(
    'div',
    { ...shownPart, class: 'kp-present-private', 'data-testid': 'present-private-time', hidden: true },
    h('h2', { class: 'kp-present-private__title' }, shown.t('room-private-time-title')),
    h('p', { class: 'kp-present-private__text' }, shown.t('present-private-time-text')),
  )

  // The keys, shown on demand.
  const keysTitleId = uniqueId('present-keys')
  const keyRows: [HTMLElement, string][] = [
    [h('span', null, key('↓'), ' ', key(forwardSign), ' ', key('j'), ' ', key('Page Down')), t('staff-present-key-next')],
    [h('span', null, key('↑'), ' ', key(backSign), ' ', key('k'), ' ', key('Page Up')), t('staff-present-key-previous')],
    [h('span', null, key('Home'), ' ', key('End')), t('staff-present-key-first-last')],
  ]
  if (isFacilitator) {
    keyRows.push(
      [key('Shift', forwardSign), t('staff-present-key-stage-on')],
      [key('Shift', backSign), t('staff-present-key-stage-back')],
    )
  }
  keyRows.push([key('f'), t('staff-present-key-full-screen')], [key('?'), t('staff-present-key-help')])
  const closeKeys = h('button', { type: 'button', class: 'govuk-button kp-present-keys__close', 'data-module': 'govuk-button' }, t('staff-present-keys-close'))
  const keysDialog = h(
    'dialog',
    { class: 'kp-present-keys', 'aria-labelledby': keysTitleId, 'data-testid': 'present-keys' },
    h('h2', { class: 'kp-present__heading-s', id: keysTitleId }, t('staff-present-keys-title')),
    h(
      'dl',
      { class: 'kp-present-keys__list' },
      keyRows.map(([keys, meaning]) => h('div', { class: 'kp-present-keys__row' }, h('dt', null, keys), h('dd', null, meaning))),
    ),
    isFacilitator ? h('p', { class: 'kp-present-keys__note' }, t('staff-present-keys-stage-note')) : null,
    closeKeys,
  )
  const toggleKeys = () => {
    if (keysDialog.open) keysDialog.close()
    else keysDialog.showModal()
  }
  keysButton.addEventListener('click', toggleKeys)
  closeKeys.addEventListener('click', () => keysDialog.close())
  keysDialog.addEventListener('close', () => keysButton.focus())

  main.append(
    h(
      'div',
      { class: 'kp-present__top' },
      h('h1', { class: 'kp-present__title', dir: 'auto' }, meeting.title),
      bar.element,
    ),
    announcement,
    sectionNews,
    staffProblem,
    work,
    privatePanel,
    keysDialog,
  )

  /** Sections someone else's caret is in now. */
  function sectionsWithCarets(): Set<number> {
    const found = new Set<number>()
    plan.awareness.getStates().forEach((state, clientId) => {
      if (clientId === plan.doc.clientID) return
      const cursor = (state as { cursor?: { anchor?: unknown } | null }).cursor
      const anchor = cursor?.anchor as { tname?: unknown } | undefined
      if (!anchor) return
      // A position named by a root that is not a section is not looked up: looking would add it.
      if (typeof anchor.tname === 'string' && !SECTIONS.some((section) => section.name === anchor.tname)) return
      try {
        const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), plan.doc)
        if (!absolute) return
        let type: Y.AbstractType<unknown> = absolute.type
        for (let depth = 0; type._item && depth < 10000; depth += 1) type = type._item.parent as Y.AbstractType<unknown>
        const index = sectionOfRoot.get(type)
        if (index !== undefined) found.add(index)
      } catch {
        // A caret in text this screen has not received yet: it counts once the text arrives.
      }
    })
    return found
  }

  function stateOf(index: number, carets: Set<number>, now: number): SectionState {
    if (carets.has(index) || now - (lastChange.get(index) ?? 0) < WRITING_MS) return 'writing'
    return plainText(fragments[index]).trim() ? 'written' : 'empty'
  }

  function drawState(element: HTMLElement, state: SectionState): void {
    element.className = `kp-present-state kp-present-state--${state}`
    element.dataset.state = state
    replaceChildren(element, h('span', { class: 'kp-present-state__mark', 'aria-hidden': 'true' }, stateMarks[state]), ' ', stateWords[state])
  }

  function drawStates(): void {
    const carets = sectionsWithCarets()
    const now = Date.now()
    items.forEach((item, index) => {
      const state = stateOf(index, carets, now)
      if (item.drawn !== state) {
        item.drawn = state
        drawState(item.state, state)
      }
      if (index === focused && focusState.dataset.state !== state) drawState(focusState, state)
    })
  }

  function drawFocus(): void {
    const name = SECTIONS[focused].name
    focusPosition.textContent = shown.t('present-section-position', { number: focused + 1, total: SECTIONS.length })
    focusTitle.textContent = sectionTitle(name, shown)
    focusHint.textContent = sectionHint(name, shown)
    items.forEach((item, index) => {
      if (index === focused) item.button.setAttribute('aria-current', 'true')
      else item.button.removeAttribute('aria-current')
    })
    drawText()
    focusState.dataset.state = ''
    drawStates()
  }

  function drawText(): void {
    const inPrivateTime = stage === 'private-family-time'
    const isRefused = plan.state.status === 'refused'
    refused.hidden = !isRefused || inPrivateTime
    refused.textContent = isRefused && !inPrivateTime ? (plan.state.message ?? '') : ''
    if (inPrivateTime || isRefused) {
      replaceChildren(focusText)
      return
    }
    const fragment = fragments[focused]
    if (!plainText(fragment).trim()) {
      replaceChildren(focusText, h('p', { class: 'kp-present-focus__empty' }, shown.t('present-nothing-written')))
      return
    }
    replaceChildren(focusText, fragment.toArray().map((child) => rendered(child, 0)))
  }

  function focusSection(index: number, options: { say?: boolean } = {}): void {
    const next = Math.max(0, Math.min(SECTIONS.length - 1, index))
    if (next === focused && !options.say) return
    focused = next
    drawFocus()
    focus.scrollTop = 0
    items[focused].button.scrollIntoView({ block: 'nearest' })
    sectionNews.textContent = shown.t('present-now-showing', {
      number: focused + 1,
      total: SECTIONS.length,
      section: sectionTitle(SECTIONS[focused].name, shown),
    })
  }

  function layout(): void {
    const inPrivateTime = stage === 'private-family-time'
    work.hidden = inPrivateTime
    privatePanel.hidden = !inPrivateTime
    drawText()
    drawStates()
  }

  // Drawn again at most once a frame, however many changes arrive.
  let frameRequest = 0
  const redrawSoon = () => {
    if (frameRequest) return
    frameRequest = window.requestAnimationFrame(() => {
      frameRequest = 0
      layout()
    })
  }
  cleanups.push(() => window.cancelAnimationFrame(frameRequest))

  fragments.forEach((fragment, index) => {
    const observer = (_events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      // Someone writing now, not the document catching up after connecting.
      if (transaction.origin === plan.provider && plan.state.synced) lastChange.set(index, Date.now())
      redrawSoon()
    }
    fragment.observeDeep(observer)
    cleanups.push(() => fragment.unobserveDeep(observer))
  })
  plan.awareness.on('change', redrawSoon)
  cleanups.push(() => plan.awareness.off('change', redrawSoon))
  cleanups.push(plan.onChange(() => redrawSoon()))
  // "Being written" ends a few seconds after the last change.
  const statesTimer = window.setInterval(drawStates, 1000)
  cleanups.push(() => window.clearInterval(statesTimer))

  function onStage(next: Stage, changedAt: string): void {
    const previous = stage
    stage = next
    bar.setStage(next, changedAt)
    if (next !== previous) {
      const forward = STAGES.indexOf(next) > STAGES.indexOf(previous)
      announce(shown.t(forward ? 'present-stage-moved-on' : 'present-stage-moved-back', { stage: stageName(next, shown) }))
      // Access depends on the stage: ask again (the server also closes what must close).
      void plan.refresh()
    }
    layout()
  }

  let moving = false
  async function moveStage(step: 1 | -1): Promise<void> {
    if (!isFacilitator || moving) return
    const next = STAGES[STAGES.indexOf(stage) + step]
    if (stage === 'closed' || !next || next === 'closed') {
      staffProblem.textContent = step > 0 ? t('staff-present-no-next-stage') : t('staff-present-no-previous-stage')
      return
    }
    moving = true
    staffProblem.textContent = ''
    try {
      const moved = await api.moveStage(meeting.id, next)
      onStage(moved.stage, moved.stage_changed_at)
    } catch (error) {
      staffProblem.textContent = (error as Error).message
    } finally {
      moving = false
    }
  }

  async function toggleFullScreen(): Promise<void> {
    try {
      if (document.fullscreenElement) await document.exitFullscreen()
      else if (document.fullscreenEnabled) await document.documentElement.requestFullscreen()
    } catch {
      // The browser said no (not allowed here): the page works the same without.
    }
  }
  fullScreenButton.addEventListener('click', () => void toggleFullScreen())
  const onFullScreen = () => {
    fullScreenButton.textContent = document.fullscreenElement ? t('staff-present-leave-full-screen') : t('staff-present-full-screen')
  }
  document.addEventListener('fullscreenchange', onFullScreen)
  cleanups.push(() => document.removeEventListener('fullscreenchange', onFullScreen))

  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    const target = event.target as HTMLElement | null
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
    if (event.key === '?') {
      event.preventDefault()
      toggleKeys()
      return
    }
    // The dialog closes itself on Escape; nothing else moves behind it.
    if (keysDialog.open) return
    if (event.shiftKey && (event.key === forwardArrow || event.key === backArrow)) {
      if (!isFacilitator) return
      event.preventDefault()
      void moveStage(event.key === forwardArrow ? 1 : -1)
      return
    }
    if (event.shiftKey) return
    if (event.key === 'f') {
      event.preventDefault()
      void toggleFullScreen()
      return
    }
    if (stage === 'private-family-time') return
    const moves: Record<string, number> = {
      ArrowDown: focused + 1,
      PageDown: focused + 1,
      j: focused + 1,
      [forwardArrow]: focused + 1,
      ArrowUp: focused - 1,
      PageUp: focused - 1,
      k: focused - 1,
      [backArrow]: focused - 1,
      Home: 0,
      End: SECTIONS.length - 1,
    }
    const to = moves[event.key]
    if (to === undefined) return
    event.preventDefault()
    focusSection(to)
  }
  document.addEventListener('keydown', onKey)
  cleanups.push(() => document.removeEventListener('keydown', onKey))

  cleanups.push(
    followMeeting(meeting.id, {
      stage: (event) => onStage(event.stage, event.changed_at),
      // The facilitator's access may have changed: ask again.
      roomChanged: () => void plan.refresh(),
    }),
  )
  drawFocus()
  layout()
  void plan.start()

  return () => {
    for (const cleanup of cleanups) cleanup()
    plan.destroy()
    if (keysDialog.open) keysDialog.close()
    document.body.classList.remove('kp-presenting')
    // Full screen was for the presenter view; the room is read on the facilitator's own screen.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {})
  }
}
