// The frame around every page: skip link, header with the service name and navigation, the
// "Exit this page" button on family pages, the main area and the footer.

import { ExitThisPage, ServiceNavigation } from 'govuk-frontend'
import { api, type Session } from './api'
import { h, replaceChildren } from './dom'
import { forgetLocalCopies } from './live/local-copies'
import { navigate } from './router'

export interface FrameOptions {
  title: string
  session: Session | null
  /** Pages the family uses: show "Exit this page". */
  family?: boolean
  /** The shared screen: larger type. */
  sharedScreen?: boolean
  /** Wider than the reading width. */
  wide?: boolean
}

/** Where people go when they press "Exit this page": a neutral site. */
export const EXIT_URL = 'https://www.bbc.co.uk/weather'

async function signOut(session: Session): Promise<void> {
  try {
    await api.signOut()
  } catch {
    // Signed out already, or offline: the local copies still go.
  }
  await forgetLocalCopies()
  navigate(session.kind === 'staff' ? '/sign-in' : '/left', { replace: true })
}

function navigation(session: Session | null, wide: boolean): HTMLElement | null {
  if (!session) return null
  const items: HTMLElement[] = []
  const link = (href: string, text: string) => {
    const path = window.location.pathname
    const current = path === href
    // A case's own page is in the cases part of the service.
    const within = current || path.startsWith(`${href}/`)
    return h(
      'li',
      { class: `govuk-service-navigation__item${within ? ' govuk-service-navigation__item--active' : ''}` },
      h('a', { class: 'govuk-service-navigation__link', href, 'aria-current': current ? 'page' : within ? 'true' : null }, text),
    )
  }
  if (session.kind === 'staff') items.push(link('/dashboard', 'Dashboard'), link('/cases', 'Cases'), link('/meetings', 'Meetings'))
  // The service's figures, and retention, holds, erasure and subject access, are a manager's
  // alone (the server says so too).
  if (session.kind === 'staff' && session.role === 'manager') items.push(link('/figures', 'Figures'), link('/records', 'Records'))
  else if (session.meeting_id) items.push(link(`/meetings/${session.meeting_id}`, 'Our plan'))
  const signOutButton = h(
    'button',
    { type: 'button', class: 'kp-link-button govuk-service-navigation__link', onclick: () => void signOut(session) },
    session.kind === 'staff' ? 'Sign out' : 'Leave and clear this device',
  )
  items.push(h('li', { class: 'govuk-service-navigation__item' }, signOutButton))
  return h(
    'div',
    { class: 'govuk-service-navigation', 'data-module': 'govuk-service-navigation' },
    h(
      'div',
      { class: `govuk-width-container${wide ? ' kp-wide' : ''}` },
      h(
        'div',
        { class: 'govuk-service-navigation__container' },
        h(
          'nav',
          { 'aria-label': 'Menu', class: 'govuk-service-navigation__wrapper' },
          h(
            'button',
            {
              type: 'button',
              class: 'govuk-service-navigation__toggle govuk-js-service-navigation-toggle',
              'aria-controls': 'navigation',
              hidden: true,
              'aria-hidden': 'true',
            },
            'Menu',
          ),
          h('ul', { class: 'govuk-service-navigation__list', id: 'navigation' }, items),
        ),
      ),
    ),
  )
}

function exitThisPage(): HTMLElement {
  return h(
    'div',
    { class: 'govuk-exit-this-page', 'data-module': 'govuk-exit-this-page' },
    h(
      'a',
      {
        href: EXIT_URL,
        role: 'button',
        draggable: 'false',
        class: 'govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button',
        'data-module': 'govuk-button',
        'data-external': 'true',
        rel: 'nofollow noreferrer',
      },
      h('span', { class: 'govuk-visually-hidden' }, 'Emergency'),
      ' Exit this page',
    ),
  )
}

/** Draws the frame for a page and gives back the main area to fill. */
export function frame(options: FrameOptions): HTMLElement {
  document.title = `${options.title} – kinplan`
  const body = document.body
  body.classList.toggle('kp-shared-screen', Boolean(options.sharedScreen))
  const main = h('main', { class: 'govuk-main-wrapper', id: 'main-content', tabindex: '-1' })
  const exit = options.family ? exitThisPage() : null
  const header = h(
    'header',
    { class: 'govuk-generic-header kp-header' },
    h(
      'div',
      { class: `govuk-generic-header__container govuk-width-container${options.wide ? ' kp-wide' : ''}` },
      h('div', { class: 'govuk-generic-header__logo' }, h('a', { href: '/', class: 'govuk-generic-header__homepage-link' }, 'kinplan')),
    ),
  )
  const nav = navigation(options.session, Boolean(options.wide))
  replaceChildren(
    body,
    h('a', { href: '#main-content', class: 'govuk-skip-link', 'data-module': 'govuk-skip-link' }, 'Skip to main content'),
    header,
    nav,
    h('div', { class: `govuk-width-container${options.wide ? ' kp-wide' : ''}` }, exit, main),
    h(
      'footer',
      { class: 'govuk-footer' },
      h(
        'div',
        { class: `govuk-width-container${options.wide ? ' kp-wide' : ''}` },
        h('p', { class: 'govuk-body-s kp-footer-text' }, 'kinplan: family plans, written together.'),
      ),
    ),
  )
  if (exit) new ExitThisPage(exit)
  if (nav) new ServiceNavigation(nav)
  return main
}
