// The meeting room: the shared screen in the room and the family's own view on a phone. It shows
// the stage bar with its timer, who is here, the plan's sections as live editors, the actions
// and the plan's facts, practitioners' comments, and in private family time the family's own
// space (staff see only that the family is in private time). The family's space is the person's
// own private room's notes: when the facilitator moves them to another room, the page opens that
// room's notes instead. Staff see the family's parts of the room (the stages, the plan, who is
// here) in the meeting's language, which the facilitator chooses here, and their own controls in
// English; a participant sees the whole page in their own language.

import { api, proposalOrNull, type Stage } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { knownLanguages, languageAttributes, pageLanguage, t, translatorFor, type Translator } from '../i18n'
import { frame } from '../layout'
import { banner, problem, select } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { stageBar } from '../components/stage-bar'
import { LiveDocument, type LiveState } from '../live/document'
import { localCopyName } from '../live/local-copies'
import { followMeeting } from '../live/meeting-events'
import { colourFor } from '../live/people'
import { presenceList } from '../live/presence'
import { openDocumentsList } from '../live/open-documents'
import { sectionEditor, type SectionEditor } from '../live/section-editor'
import { actionsTable } from '../live/actions-table'
import { planDetails } from '../live/plan-details'
import { commentsPanel } from '../live/comments'
import { FAMILY_TIME_FRAGMENT, SECTIONS, sectionHint, sectionTitle } from '../plan-schema'
import { redraw, type Cleanup } from '../router'
import { openMeeting, type MeetingContext } from './common'
import { glossaryPanel, interpretersForTheFamily } from './interpreter'

/**
 * Says near what the person is writing whether it is saved: "Saved" once the server has stored
 * their latest edit, "Saving…" until then, and what happens to it while they are offline. It sits
 * in the section they last wrote in (or moved into).
 */
function saveStatus(live: LiveDocument) {
  const element = h('p', { class: 'govuk-body-s kp-save-state', 'data-testid': 'save-state', 'aria-live': 'polite', hidden: true })
  const stop = live.onSaveChange((state) => {
    element.hidden = state === null
    element.dataset.state = state ?? ''
    element.textContent = state === 'saved' ? t('save-saved') : state === 'saving' ? t('save-saving') : state === 'offline' ? t('save-offline') : ''
  })
  return { element, destroy: stop, follow: (where: HTMLElement) => where.addEventListener('focusin', () => where.append(element)) }
}

/**
 * On a phone, the plan one part at a time: a contents list of the sections (each with its state:
 * empty, or written) and the actions and facts, "next" and "previous" under the part shown, and a
 * link to who is here. On a wider screen every part shows and the contents are links down the page.
 */
function planPaging(live: LiveDocument, sections: HTMLElement[], shown: Translator) {
  type Page = { element: HTMLElement; title: string; name?: string }
  const pages: Page[] = sections.map((element) => ({
    element,
    name: element.dataset.section,
    title: element.querySelector('h2')?.textContent ?? '',
  }))
  let current = 0
  const list = h('ol', { class: 'govuk-list kp-contents__list' })
  // Folded away on a phone, where the list would push the plan off the screen; open on a wider one.
  const folded = h(
    'details',
    { class: 'govuk-details kp-contents__details', open: !window.matchMedia('(max-width: 40.0525em)').matches },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, shown.t('room-contents'))),
    h('div', { class: 'govuk-details__text' }, list),
  )
  const contents = h(
    'nav',
    { class: 'kp-contents', 'aria-label': shown.t('room-contents'), 'data-testid': 'plan-contents' },
    h('a', { class: 'govuk-link kp-contents__who', href: '#who-is-here' }, shown.t('room-contents-who-is-here')),
    folded,
  )
  const previous = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-pager__button', 'data-testid': 'previous-part' })
  const next = h('button', { type: 'button', class: 'govuk-button kp-pager__button', 'data-testid': 'next-part' })
  const pager = h('div', { class: 'govuk-button-group kp-pager' }, previous, next)
  const written = (name?: string) => {
    if (!name) return null
    const fragment = live.doc.getXmlFragment(name)
    return fragment.length > 0 && fragment.toString().replace(/<[^>]*>/g, '').trim().length > 0
  }
  const show = (index: number, focus = false) => {
    current = Math.max(0, Math.min(pages.length - 1, index))
    pages.forEach((page, i) => page.element.classList.toggle('kp-part--current', i === current))
    draw()
    if (focus) {
      const heading = pages[current].element.querySelector<HTMLElement>('h2')
      heading?.setAttribute('tabindex', '-1')
      heading?.focus()
    }
  }
  const draw = () => {
    replaceChildren(
      list,
      ...pages.map((page, i) => {
        const state = written(page.name)
        const link = h(
          'a',
          {
            class: 'govuk-link kp-contents__link',
            href: `#${page.element.getAttribute('aria-labelledby') ?? ''}`,
            'aria-current': i === current ? 'step' : null,
            onclick: (event: Event) => {
              event.preventDefault()
              show(i, true)
              if (!window.matchMedia('(max-width: 40.0525em)').matches) pages[i].element.scrollIntoView()
            },
          },
          page.title,
        )
        return h(
          'li',
          { class: 'kp-contents__item' },
          link,
          state === null ? null : h('span', { class: `kp-contents__state kp-contents__state--${state ? 'written' : 'empty'}` }, ' ', state ? shown.t('room-contents-written') : shown.t('room-contents-empty')),
        )
      }),
    )
    previous.hidden = current === 0
    next.hidden = current === pages.length - 1
    replaceChildren(previous, shown.t('room-previous'), h('span', { class: 'govuk-visually-hidden' }, ': ', pages[current - 1]?.title ?? ''))
    replaceChildren(next, shown.t('room-next'), h('span', { class: 'govuk-visually-hidden' }, ': ', pages[current + 1]?.title ?? ''))
  }
  previous.addEventListener('click', () => show(current - 1, true))
  next.addEventListener('click', () => show(current + 1, true))
  const observer = () => draw()
  live.doc.on('update', observer)
  show(0)
  return {
    contents,
    pager,
    addPages(more: Page[]) {
      pages.push(...more)
      show(current)
    },
    destroy: () => live.doc.off('update', observer),
  }
}

function section(live: LiveDocument, name: string, title: string, hint: string, user: { name: string; color: string }) {
  const headingId = uniqueId(`section-${name}`)
  const hintId = `${headingId}-hint`
  const editor = sectionEditor(live, name, user, { labelledBy: headingId, describedBy: hintId })
  const element = h(
    'section',
    { class: 'kp-section', 'data-section': name, 'aria-labelledby': headingId },
    h('h2', { class: 'govuk-heading-m', id: headingId }, title),
    h('p', { class: 'govuk-hint', id: hintId }, hint),
    editor.element,
  )
  return { element, editor }
}

/**
 * The facilitator's choice of the language the family's parts of the room are shown in; choosing
 * one keeps it on the meeting and draws the room again in it.
 */
function languageChoice(meetingId: string, shown: Translator): HTMLElement | null {
  const languages = knownLanguages()
  if (languages.length < 2) return null
  const choice = select({
    label: t('staff-room-language'),
    hint: t('staff-room-language-hint'),
    name: 'meeting-language',
    value: shown.code,
    options: languages.map((language) => ({
      value: language.code,
      label: language.code === 'en' ? language.native_name : `${language.native_name} (${language.name})`,
    })),
  })
  const status = h('div', { 'aria-live': 'polite' })
  choice.control.addEventListener('change', async () => {
    const code = choice.control.value
    choice.control.disabled = true
    try {
      await api.setMeetingLanguage(meetingId, code)
      redraw(() => document.querySelector<HTMLSelectElement>('select[name="meeting-language"]')?.focus())
    } catch (error) {
      choice.control.value = shown.code
      replaceChildren(status, problem((error as Error).message))
    } finally {
      choice.control.disabled = false
    }
  })
  return h('div', { class: 'kp-meeting-language' }, choice.group, status)
}

export async function roomPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, t('room-title'))
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { meeting, isFacilitator, isFamilySide, me } = context
  const staff = session.kind === 'staff'
  // An interpreter reads the family's notes only while the family asks them to stay.
  const isInterpreter = !staff && me?.kind === 'interpreter'
  // The family's parts of the page: in the meeting's language on staff's screens, else the page's.
  const shown: Translator = staff ? await translatorFor(meeting.language ?? 'en') : pageLanguage()
  const st = (id: string) => shown.t(id)
  const main = frame({ title: meeting.title, session, family: !staff, sharedScreen: staff, wide: true })
  const user = { name: session.name, color: colourFor(session.id) }
  let stage: Stage = meeting.stage
  let proposalStatus: string | null = (await proposalOrNull(meeting.id).catch(() => null))?.status ?? null

  const plan = new LiveDocument(meeting.id, 'plan', meeting.documents.plan, user)
  const comments = new LiveDocument(meeting.id, 'comments', meeting.documents.comments, user)
  const editors: SectionEditor[] = []
  const cleanups: (() => void)[] = []
  const planSaved = saveStatus(plan)
  cleanups.push(planSaved.destroy)

  // Messages about the meeting as a whole.
  const notice = h('div', { class: 'kp-notice', 'aria-live': 'polite' })
  const showNotice = (title: string, message: string, success = false) =>
    replaceChildren(notice, banner(title, [h('p', { class: 'govuk-body' }, message)], success))

  const bar = stageBar({
    stage,
    changedAt: meeting.stage_changed_at,
    canMove: isFacilitator,
    shown,
    onMove: async (next) => {
      try {
        const moved = await api.moveStage(meeting.id, next)
        replaceChildren(notice)
        onStage(moved.stage, moved.stage_changed_at)
      } catch (error) {
        replaceChildren(notice, problem((error as Error).message))
      }
    },
  })

  // Staff, and anyone else who leaves, see this while the family is alone.
  const privatePanel = h(
    'div',
    { class: 'govuk-panel kp-private-panel', 'data-testid': 'private-time' },
    h('h2', { class: 'govuk-panel__title' }, st('room-private-time-title')),
    h('div', { class: 'govuk-panel__body' }, isFacilitator ? st('room-private-time-facilitator') : st('room-private-time-others')),
  )
  const refusedPanel = h('div', { class: 'govuk-inset-text', 'data-testid': 'plan-refused' })
  const accessNote = h('p', { class: 'govuk-body kp-access-note', 'data-testid': 'access-note' })

  // The plan: sections, actions and facts. On a phone, one section at a time, with a contents
  // list of every section and its state, and "next" and "previous" under it.
  const planArea = h('div', { class: 'kp-plan', 'data-testid': 'plan' })
  const sectionElements: HTMLElement[] = []
  for (const definition of SECTIONS) {
    const { element, editor } = section(plan, definition.name, sectionTitle(definition.name, shown), sectionHint(definition.name, shown), user)
    editors.push(editor)
    planSaved.follow(element)
    sectionElements.push(element)
    planArea.append(element)
  }
  const paging = planPaging(plan, sectionElements, shown)
  cleanups.push(paging.destroy)
  const actions = actionsTable(plan, context.people, shown, staff ? null : (me?.id ?? null))
  planSaved.follow(actions.element)
  const details = planDetails(plan, context.people, shown)
  planArea.append(actions.element, details.element)
  sectionElements.push(actions.element, details.element)
  paging.addPages([
    { element: actions.element, title: st('room-contents-actions') },
    { element: details.element, title: st('room-contents-details') },
  ])
  planArea.prepend(paging.contents)
  planArea.append(paging.pager)
  cleanups.push(actions.destroy, details.destroy)

  // The family's own space: the notes of the person's private room, replaced when they move.
  const familyArea = isFamilySide || isInterpreter ? h('div', { class: 'kp-family-space', 'data-testid': 'family-space' }) : null
  const familyRefused = h('div', { class: 'govuk-inset-text', 'data-testid': 'family-space-refused', hidden: true })
  let familySpace: { live: LiveDocument; editor: SectionEditor; stop: () => void } | null = null
  let recheckTimer: number | undefined
  let checkingRoom = false

  function openFamilySpace(documentName: string): void {
    const live = new LiveDocument(meeting.id, 'family-time', documentName, user)
    const { element, editor } = section(
      live,
      FAMILY_TIME_FRAGMENT,
      isInterpreter ? t('interpreter-family-notes-title') : t('room-private-notes-title'),
      isInterpreter ? t('interpreter-family-notes-hint') : t('room-private-notes-hint'),
      user,
    )
    const stops = [
      live.onChange((state) => {
        editor.setEditable(live.canEdit)
        onFamilyState(state)
      }),
      // The server gave a token for another room's notes: the facilitator moved this person.
      live.onMoved((next) => moveFamilySpace(next)),
    ]
    const notesSaved = saveStatus(live)
    notesSaved.follow(element)
    stops.push(notesSaved.destroy)
    const old = familySpace
    familySpace = { live, editor, stop: () => stops.forEach((stop) => stop()) }
    if (familyArea) replaceChildren(familyArea, familyRefused, element)
    if (old) {
      old.stop()
      old.editor.destroy()
      old.live.destroy()
      // The old room's notes are not this person's any more: keep no copy of them on the device.
      if ('indexedDB' in window) indexedDB.deleteDatabase(localCopyName(old.live.documentName))
    }
    void live.start()
  }

  function moveFamilySpace(documentName: string): void {
    if (!familySpace || familySpace.live.documentName === documentName) return
    openFamilySpace(documentName)
    showNotice(t('room-moved-title'), t('room-moved-text'))
  }

  /**
   * Asks the server which room's notes are this person's now. A refusal may mean the room
   * changed while the connection was being made, or that the facilitator has yet to put them in a
   * room of their own; `retry` asks for the notes again when the room is the same.
   */
  async function checkRoom(retry: boolean): Promise<void> {
    if (!familySpace || checkingRoom) return
    checkingRoom = true
    try {
      const fresh = await api.meeting(meeting.id)
      if (fresh.documents.family_time !== familySpace.live.documentName) moveFamilySpace(fresh.documents.family_time)
      else if (retry) await familySpace.live.refresh()
    } catch {
      // Offline or refused: the next check tries again.
    } finally {
      checkingRoom = false
    }
  }

  function onFamilyState(state: LiveState): void {
    // An interpreter the family has not asked to stay sees nothing of their notes, not even why.
    if (familyArea && isInterpreter) familyArea.hidden = state.status === 'refused'
    familyRefused.hidden = state.status !== 'refused' || isInterpreter
    familyRefused.textContent = state.status === 'refused' ? (state.message ?? '') : ''
    window.clearInterval(recheckTimer)
    recheckTimer = undefined
    if (state.status !== 'refused') return
    void checkRoom(false)
    // In private time a person waiting for a room of their own gets in once they have one.
    if (stage === 'private-family-time') recheckTimer = window.setInterval(() => void checkRoom(true), 15000)
  }

  const commentsArea = commentsPanel(comments, session.name, shown)
  cleanups.push(commentsArea.destroy)
  const presence = presenceList(plan, 'h2', shown)
  presence.element.id = 'who-is-here'
  cleanups.push(presence.destroy)
  const openers = openDocumentsList(meeting.id, 'h2', shown)
  cleanups.push(openers.destroy)
  const glossary = isInterpreter && me ? glossaryPanel(meeting.id, me, user) : null
  if (glossary) cleanups.push(glossary.destroy)
  const interpreters = isFamilySide ? interpretersForTheFamily(context) : null

  const column = h('div', { class: 'govuk-grid-column-two-thirds-from-desktop kp-room__main' })
  const shownPart = shown === pageLanguage() ? {} : languageAttributes(shown)
  main.append(
    h('span', { class: 'govuk-caption-l' }, staff ? t('staff-room-caption') : t('room-caption')),
    h('h1', { class: 'govuk-heading-l' }, meeting.title),
    meetingNav(meeting, session, isFacilitator),
    bar.element,
    isFacilitator ? h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: `/meetings/${encodeURIComponent(meeting.id)}/present` }, t('staff-room-open-presenter'))) : '',
    (isFacilitator ? languageChoice(meeting.id, shown) : null) ?? '',
    notice,
    h(
      'div',
      { ...shownPart, class: 'govuk-grid-row kp-room' },
      column,
      h(
        'div',
        { class: 'govuk-grid-column-one-third-from-desktop kp-room__side' },
        presence.element,
        openers.element,
        interpreters ?? '',
        glossary?.element ?? '',
      ),
    ),
  )

  function accessText(): string {
    const role = plan.state.role
    if (stage === 'closed') return st('room-access-closed')
    if (proposalStatus === 'final') return st('room-access-final')
    if (proposalStatus === 'open') return st('room-access-proposed')
    if (role === 'editor') {
      if (isFacilitator) return st('room-access-facilitator-writes')
      return st('room-access-editor')
    }
    if (role === 'viewer') return staff ? st('room-access-staff-viewer') : st('room-access-viewer')
    return ''
  }

  function layout(): void {
    const refused = plan.state.status === 'refused'
    const inPrivateTime = stage === 'private-family-time'
    privatePanel.hidden = !(refused && inPrivateTime)
    refusedPanel.hidden = !(refused && !inPrivateTime)
    refusedPanel.textContent = plan.state.message ?? ''
    planArea.hidden = refused
    accessNote.hidden = refused
    accessNote.textContent = accessText()
    const order: (HTMLElement | null)[] =
      inPrivateTime && familyArea
        ? [privatePanel, refusedPanel, familyArea, accessNote, planArea, commentsArea.element]
        : [privatePanel, refusedPanel, accessNote, planArea, familyArea, commentsArea.element]
    order
      .filter((piece): piece is HTMLElement => piece !== null)
      .forEach((piece, index) => {
        if (column.children[index] !== piece) column.insertBefore(piece, column.children[index] ?? null)
      })
  }

  function onStage(next: Stage, changedAt: string): void {
    const changed = next !== stage
    stage = next
    bar.setStage(next, changedAt)
    if (changed) {
      // Access depends on the stage: ask again (the server also closes what must close).
      for (const live of [plan, comments, familySpace?.live]) void live?.refresh()
      if (familySpace) onFamilyState(familySpace.live.state)
    }
    layout()
  }

  cleanups.push(plan.onChange(() => {
    for (const editor of editors) editor.setEditable(plan.canEdit)
    layout()
  }))
  cleanups.push(
    followMeeting(meeting.id, {
      stage: (event) => onStage(event.stage, event.changed_at),
      proposal: (event) => {
        proposalStatus = event.status
        layout()
      },
      ended: () => {
        if (!staff) showNotice(t('room-ended-title'), t('room-ended-text'))
      },
      // Moved to another room, or (an interpreter) asked to stay or to leave: look again.
      roomChanged: () => {
        for (const live of [plan, comments]) void live.refresh()
        void checkRoom(true)
      },
    }),
  )
  layout()
  void plan.start()
  void comments.start()
  if (isFamilySide || isInterpreter) openFamilySpace(meeting.documents.family_time)

  return () => {
    for (const cleanup of cleanups) cleanup()
    for (const editor of editors) editor.destroy()
    window.clearInterval(recheckTimer)
    familySpace?.stop()
    familySpace?.editor.destroy()
    familySpace?.live.destroy()
    familySpace = null
    bar.destroy()
    plan.destroy()
    comments.destroy()
  }
}
