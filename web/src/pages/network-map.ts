// The network map: an SVG picture with the child at the centre, the people around them joined by
// lines, and how many actions each has taken on; the same facts follow as a table for everyone
// who does not use the picture.

import * as Y from 'yjs'
import type { Participant } from '../api'
import { h, replaceChildren, s, uniqueId } from '../dom'
import { isFamilySide, kindName } from '../format'
import { pageLanguage, t } from '../i18n'
import { frame } from '../layout'
import { scrollable } from '../components/forms'
import { meetingNav } from '../components/meeting-nav'
import { LiveDocument } from '../live/document'
import { followMeeting } from '../live/meeting-events'
import { colourFor } from '../live/people'
import { ACTIONS } from '../plan-schema'
import type { Cleanup } from '../router'
import { openMeeting, type MeetingContext } from './common'

const WIDTH = 960
const HEIGHT = 640
const CENTRE = { x: WIDTH / 2, y: HEIGHT / 2 }
const COLOURS = { child: '#00703c', family: '#1d70b8', professional: '#505a5f' }

interface Taken {
  what: string
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase())
  return (letters.length > 2 ? [letters[0], letters[letters.length - 1]] : letters).join('') || '?'
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

function personNode(person: Participant | null, x: number, y: number, taken: number, radius: number): SVGElement {
  const name = person?.display_name ?? t('map-the-child')
  const colour = !person ? COLOURS.child : person.kind === 'child' ? COLOURS.child : isFamilySide(person.kind) ? COLOURS.family : COLOURS.professional
  const relationship = person ? person.relationship || kindName(person.kind) : ''
  return s(
    'g',
    { class: 'kp-map__person' },
    s('circle', { cx: x, cy: y, r: radius, fill: colour }),
    s('text', { x, y: y + 6, 'text-anchor': 'middle', class: 'kp-map__initials' }, initials(name)),
    s('text', { x, y: y + radius + 22, 'text-anchor': 'middle', class: 'kp-map__name' }, truncate(name, 22)),
    relationship ? s('text', { x, y: y + radius + 42, 'text-anchor': 'middle', class: 'kp-map__relationship' }, truncate(relationship, 26)) : null,
    taken > 0
      ? s(
          'g',
          null,
          s('circle', { cx: x + radius * 0.75, cy: y - radius * 0.75, r: 15, class: 'kp-map__badge' }),
          s('text', { x: x + radius * 0.75, y: y - radius * 0.75 + 5, 'text-anchor': 'middle', class: 'kp-map__badge-text' }, pageLanguage().number(taken)),
        )
      : null,
  )
}

function mapPicture(people: Participant[], actionsOf: (person: Participant) => Taken[]): SVGElement {
  const titleId = uniqueId('map-title')
  const descId = uniqueId('map-desc')
  const children = people.filter((person) => person.kind === 'child')
  const around = people.filter((person) => person.kind !== 'child')
  const lines: SVGElement[] = []
  const nodes: SVGElement[] = []
  const centres = children.length ? children : [null]
  centres.forEach((child, index) => {
    const x = CENTRE.x + (index - (centres.length - 1) / 2) * 110
    nodes.push(personNode(child, x, CENTRE.y, child ? actionsOf(child).length : 0, 46))
  })
  around.forEach((person, index) => {
    const angle = -Math.PI / 2 + (index * 2 * Math.PI) / Math.max(around.length, 1)
    const x = CENTRE.x + Math.cos(angle) * 360
    const y = CENTRE.y + Math.sin(angle) * 215
    lines.push(s('line', { x1: CENTRE.x, y1: CENTRE.y, x2: x, y2: y, class: 'kp-map__line' }))
    nodes.push(personNode(person, x, y, actionsOf(person).length, 34))
  })
  const tr = pageLanguage()
  const description = [
    t('map-description-centre', { names: children.length ? tr.list(children.map((child) => child.display_name)) : t('map-the-child-lower') }),
    ...around.map((person) => {
      const count = actionsOf(person).length
      return person.relationship
        ? t('map-description-person-relationship', { name: person.display_name, relationship: person.relationship, count })
        : t('map-description-person', { name: person.display_name, count })
    }),
  ].join(' ')
  return s(
    'svg',
    { class: 'kp-map', viewBox: `0 0 ${WIDTH} ${HEIGHT + 40}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, 'data-testid': 'network-map' },
    s('title', { id: titleId }, t('map-title')),
    s('desc', { id: descId }, description),
    lines,
    nodes,
  )
}

function legend(): HTMLElement {
  const item = (colour: string, text: string) => {
    const swatch = h('span', { class: 'kp-map-legend__swatch', 'aria-hidden': 'true' })
    swatch.style.backgroundColor = colour
    return h('li', { class: 'kp-map-legend__item' }, swatch, text)
  }
  return h(
    'ul',
    { class: 'govuk-list kp-map-legend', 'aria-label': t('map-key') },
    item(COLOURS.child, t('map-the-child')),
    item(COLOURS.family, t('map-family-and-friends')),
    item(COLOURS.professional, t('map-practitioners')),
    h('li', { class: 'kp-map-legend__item' }, h('span', { class: 'kp-map-legend__badge', 'aria-hidden': 'true' }, t('map-badge-sample')), t('map-badge')),
  )
}

function actionsTableFor(people: Participant[], actionsOf: (person: Participant) => Taken[]): HTMLElement {
  return scrollable(h(
    'table',
    { class: 'govuk-table', 'data-testid': 'map-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, t('map-table-caption')),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, [t('map-column-name'), t('map-column-relationship'), t('map-column-actions')].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)))),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      people.map((person) => {
        const taken = actionsOf(person)
        return h(
          'tr',
          { class: 'govuk-table__row' },
          h('th', { scope: 'row', class: 'govuk-table__header' }, person.display_name),
          h('td', { class: 'govuk-table__cell' }, person.relationship || kindName(person.kind)),
          h(
            'td',
            { class: 'govuk-table__cell' },
            taken.length ? h('ul', { class: 'govuk-list govuk-list--bullet' }, taken.map((action) => h('li', { dir: 'auto' }, action.what || t('map-action-no-words')))) : t('map-none-yet'),
          ),
        )
      }),
    ),
  ), t('map-table-caption'))
}

export async function networkMapPage(params: Record<string, string>): Promise<Cleanup | void> {
  const opened = await openMeeting(params, t('map-title'))
  if (!opened) return
  const context: MeetingContext = opened
  const { session } = context
  const { meeting, people } = context
  const staff = session.kind === 'staff'
  const main = frame({ title: t('page-of-meeting', { page: t('map-title'), meeting: meeting.title }), session, family: !staff, wide: true })
  const note = h('p', { class: 'govuk-inset-text', 'data-testid': 'map-note' })
  const picture = h('div', { class: 'kp-map-wrapper' })
  const table = h('div')
  main.append(
    h('span', { class: 'govuk-caption-l' }, meeting.title),
    h('h1', { class: 'govuk-heading-l' }, t('map-title')),
    meetingNav(meeting, session, context.isFacilitator),
    h('p', { class: 'govuk-body' }, t('map-intro')),
    note,
    legend(),
    picture,
    table,
  )
  const plan = new LiveDocument(meeting.id, 'plan', meeting.documents.plan, { name: session.name, color: colourFor(session.id) })
  const actions = plan.doc.getArray<Y.Map<unknown>>(ACTIONS)
  const actionsOf = (person: Participant): Taken[] =>
    actions
      .toArray()
      .filter((map) => map instanceof Y.Map)
      .filter((map) => {
        const who = map.get('who')
        return who === person.id || (typeof who === 'string' && who.trim().toLowerCase() === person.display_name.trim().toLowerCase())
      })
      .map((map) => ({ what: typeof map.get('what') === 'string' ? (map.get('what') as string) : '' }))
  const draw = () => {
    replaceChildren(picture, mapPicture(people, actionsOf))
    replaceChildren(table, actionsTableFor(people, actionsOf))
    const refused = plan.state.status === 'refused'
    note.hidden = !refused
    note.textContent = refused ? t('map-actions-hidden', { reason: plan.state.message ?? '' }) : ''
  }
  actions.observeDeep(draw)
  const stop = plan.onChange(draw)
  // The plan opens and closes with the stage (private family time).
  let stage = meeting.stage
  const stopEvents = followMeeting(meeting.id, {
    stage: (event) => {
      if (event.stage !== stage) void plan.refresh()
      stage = event.stage
    },
  })
  void plan.start()
  return () => {
    stop()
    stopEvents()
    actions.unobserveDeep(draw)
    plan.destroy()
  }
}
