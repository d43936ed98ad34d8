// The links between a meeting's pages: the room, the network (people and links for the
// facilitator; the people and their shared contact details for everyone else), for a review
// meeting the review of the agreed plan, agreement, history and the map.

import type { Meeting, Session } from '../api'
import { h } from '../dom'
import { t } from '../i18n'

export function meetingNav(meeting: Pick<Meeting, 'id' | 'follows_meeting_id'>, session: Session, isFacilitator: boolean): HTMLElement {
  const base = `/meetings/${encodeURIComponent(meeting.id)}`
  const items: [string, string][] = [[base, session.kind === 'staff' ? t('staff-room-caption') : t('nav-our-plan')]]
  items.push([`${base}/network`, isFacilitator ? t('staff-network-title-facilitator') : t('meeting-nav-people')])
  if (meeting.follows_meeting_id) items.push([`${base}/review`, t('review-title')])
  items.push([`${base}/agreement`, t('agreement-title')], [`${base}/history`, t('meeting-nav-versions')], [`${base}/map`, t('map-title')])
  return h(
    'nav',
    { class: 'kp-meeting-nav', 'aria-label': t('meeting-nav-label') },
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
