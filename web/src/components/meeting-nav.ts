// The links between a meeting's pages: the room, the network (people and links for the
// facilitator; the people and their shared contact details for everyone else), for a review
// meeting the review of the agreed plan, agreement, history and the map.

import type { Meeting, Session } from '../api'
import { h } from '../dom'

export function meetingNav(meeting: Pick<Meeting, 'id' | 'follows_meeting_id'>, session: Session, isFacilitator: boolean): HTMLElement {
  const base = `/meetings/${encodeURIComponent(meeting.id)}`
  const items: [string, string][] = [[base, session.kind === 'staff' ? 'Meeting room' : 'Our plan']]
  items.push([`${base}/network`, isFacilitator ? 'People and links' : 'People'])
  if (meeting.follows_meeting_id) items.push([`${base}/review`, 'Review of the agreed plan'])
  items.push([`${base}/agreement`, 'Agreeing the plan'], [`${base}/history`, 'Versions'], [`${base}/map`, 'Network map'])
  return h(
    'nav',
    { class: 'kp-meeting-nav', 'aria-label': 'Meeting pages' },
    h(
      'ul',
      { class: 'kp-meeting-nav__list' },
      items.map(([href, text]) => {
        const current = window.location.pathname === href
        return h(
          'li',
          { class: `kp-meeting-nav__item${current ? ' kp-meeting-nav__item--current' : ''}` },
          h('a', { class: 'govuk-link', href, 'aria-current': current ? 'page' : null }, text),
        )
      }),
    ),
  )
}
