// The web app's entry point: styles, the routes, and starting the router. Pages load on demand,
// so the join page on a phone does not wait for the editors and the staff pages.

import './styles/main.scss'
import { notFound, route, start, type PageRender } from './router'
import { accessibilityPage, homePage, leftPage, notFoundPage, stoppedPage } from './pages/misc'
import { enabledLanguages } from './i18n'

document.body.classList.add('govuk-template__body', 'govuk-frontend-supported')
// Asked at once, while the first page finds out who is here: every page needs the list.
void enabledLanguages()

/** A page whose code is fetched the first time it is shown. */
function lazy<M>(load: () => Promise<M>, pick: (module: M) => PageRender): PageRender {
  return async (params) => pick(await load())(params)
}

route('/', homePage)
route('/left', leftPage)
route('/stopped', stoppedPage)
route('/accessibility', accessibilityPage)
route('/sign-in', lazy(() => import('./pages/sign-in'), (m) => m.signInPage))
route('/join', lazy(() => import('./pages/join'), (m) => m.joinPage))
route('/dashboard', lazy(() => import('./pages/staff-dashboard'), (m) => m.staffDashboardPage))
route('/meetings', lazy(() => import('./pages/dashboard'), (m) => m.dashboardPage))
route('/meetings/:meetingId', lazy(() => import('./pages/room'), (m) => m.roomPage))
route('/meetings/:meetingId/network', lazy(() => import('./pages/network'), (m) => m.networkPage))
route('/meetings/:meetingId/agreement', lazy(() => import('./pages/agreement'), (m) => m.agreementPage))
route('/meetings/:meetingId/history', lazy(() => import('./pages/history'), (m) => m.historyPage))
route('/meetings/:meetingId/map', lazy(() => import('./pages/network-map'), (m) => m.networkMapPage))
route('/meetings/:meetingId/review', lazy(() => import('./pages/review'), (m) => m.reviewPage))
route('/meetings/:meetingId/present', lazy(() => import('./pages/present'), (m) => m.presentPage))
route('/cases', lazy(() => import('./pages/cases'), (m) => m.casesPage))
route('/cases/:caseId', lazy(() => import('./pages/case'), (m) => m.casePage))
route('/records', lazy(() => import('./pages/records'), (m) => m.recordsPage))
route('/figures', lazy(() => import('./pages/figures'), (m) => m.figuresPage))
route('/languages', lazy(() => import('./pages/languages'), (m) => m.languagesPage))
notFound(notFoundPage)

start()
