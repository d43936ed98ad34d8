// The frame around every page: skip link, header with the service name and navigation, the
// "Exit this page" button and the language switcher on family pages, the main area and the
// footer, all in the page's language, which `<html lang dir>` names.

import { ExitThisPage, ServiceNavigation } from 'govuk-frontend'
import { api, type Session } from './api'
import { h, replaceChildren } from './dom'
import { markDocumentLanguage, t } from './i18n'
import { languageSwitcher } from './components/language-switcher'
import { forgetLocalCopies } from './live/local-copies'
import { navigate } from './router'

export interface FrameOptions {
  title: string
  session: Session | null
  /** Pages the family uses: show "Exit this page" and the language switcher. */
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
  if (session.kind === 'staff') items.push(link('/dashboard', t('staff-nav-dashboard')), link('/cases', t('staff-nav-cases')), link('/meetings', t('staff-nav-meetings')))
  // The service's figures, retention, holds, erasure and subject access, and which languages
  // families are shown, are a manager's alone (the server says so too).
  if (session.kind === 'staff' && session.role === 'manager') items.push(link('/figures', t('staff-nav-figures')), link('/records', t('staff-nav-records')), link('/languages', t('staff-nav-languages')))
  else if (session.meeting_id) items.push(link(`/meetings/${session.meeting_id}`, t('nav-our-plan')))
  const signOutButton = h(
    'button',
    { type: 'button', class: 'kp-link-button govuk-service-navigation__link', onclick: () => void signOut(session) },
    session.kind === 'staff' ? t('staff-nav-sign-out') : t('nav-leave'),
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
          { 'aria-label': t('nav-menu'), class: 'govuk-service-navigation__wrapper' },
          h(
            'button',
            {
              type: 'button',
              class: 'govuk-service-navigation__toggle govuk-js-service-navigation-toggle',
              'aria-controls': 'navigation',
              hidden: true,
              'aria-hidden': 'true',
            },
            t('nav-menu'),
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
      h('span', { class: 'govuk-visually-hidden' }, t('exit-this-page-emergency')),
      ' ',
      t('exit-this-page'),
    ),
  )
}

/** Draws the frame for a page and gives back the main area to fill. */
export function frame(options: FrameOptions): HTMLElement {
  markDocumentLanguage()
  // A browser tab shows no isolation marks: its title is plain text.
  document.title = t('page-title', { title: options.title }).replace(/[\u2066-\u2069]/g, '')
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
      h('div', { class: 'govuk-generic-header__logo' }, h('a', { href: '/', class: 'govuk-generic-header__homepage-link' }, t('service-name'))),
    ),
  )
  const nav = navigation(options.session, Boolean(options.wide))
  const switcher = options.family ? languageSwitcher(options.session) : null
  replaceChildren(
    body,
    h('a', { href: '#main-content', class: 'govuk-skip-link', 'data-module': 'govuk-skip-link' }, t('skip-link')),
    header,
    nav,
    h('div', { class: `govuk-width-container${options.wide ? ' kp-wide' : ''}` }, switcher, exit, main),
    h(
      'footer',
      { class: 'govuk-footer' },
      h(
        'div',
        { class: `govuk-width-container${options.wide ? ' kp-wide' : ''}` },
        h('p', { class: 'govuk-body-s kp-footer-text' }, t('footer-text')),
        h(
          'ul',
          { class: 'govuk-footer__inline-list' },
          h('li', { class: 'govuk-footer__inline-list-item' }, h('a', { class: 'govuk-footer__link', href: '/accessibility' }, t('footer-accessibility'))),
        ),
      ),
    ),
  )
  if (exit)
    new ExitThisPage(exit, {
      i18n: {
        activated: t('exit-this-page-activated'),
        timedOut: t('exit-this-page-timed-out'),
        pressTwoMoreTimes: t('exit-this-page-press-two-more-times'),
        pressOneMoreTime: t('exit-this-page-press-one-more-time'),
      },
    })
  if (nav) new ServiceNavigation(nav)
  return main
}
