// Client-side routes: which page draws which path, moving between pages without a reload, and
// tidying up the page being left (live connections, timers, editors).

export type Cleanup = () => void
export type PageRender = (params: Record<string, string>) => Promise<Cleanup | void> | Cleanup | void

interface Route {
  pattern: RegExp
  keys: string[]
  render: PageRender
}

const routes: Route[] = []
let fallback: PageRender = () => {}
let currentCleanup: Cleanup | null = null
let rendering = 0

/** Adds a route such as `/meetings/:meetingId/history`. */
export function route(path: string, render: PageRender): void {
  const keys: string[] = []
  const source = path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1))
        return '([^/]+)'
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  routes.push({ pattern: new RegExp(`^${source}/?$`), keys, render })
}

export function notFound(render: PageRender): void {
  fallback = render
}

async function show(): Promise<void> {
  rendering += 1
  const mine = rendering
  if (currentCleanup) {
    const cleanup = currentCleanup
    currentCleanup = null
    try {
      cleanup()
    } catch (error) {
      console.error(error)
    }
  }
  const path = window.location.pathname
  let render = fallback
  let params: Record<string, string> = {}
  for (const candidate of routes) {
    const match = candidate.pattern.exec(path)
    if (match) {
      render = candidate.render
      params = Object.fromEntries(candidate.keys.map((key, index) => [key, decodeURIComponent(match[index + 1])]))
      break
    }
  }
  const cleanup = await render(params)
  if (mine !== rendering) {
    // Another navigation started while this page was loading.
    if (cleanup) cleanup()
    return
  }
  currentCleanup = cleanup ?? null
}

/** Draws the current page again (after its language changed), then runs `after`. */
export function redraw(after?: () => void): void {
  void show().then(() => after?.())
}

/** Goes to `path` in the app (with a `#fragment`, to that part of the page). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  void show().then(() => focusTarget())
}

/** Moves focus to the part of the page the address names, or else to the main area. */
function focusTarget(): void {
  if (!focusPart()) focusMain()
}

/** Moves focus to the element the address's `#fragment` names, when there is one. */
function focusPart(): boolean {
  let id = ''
  try {
    id = decodeURIComponent(window.location.hash.slice(1))
  } catch {
    return false
  }
  const target = id ? document.getElementById(id) : null
  if (!target) return false
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
  target.focus({ preventScroll: true })
  target.scrollIntoView()
  return true
}

function focusMain(): void {
  const main = document.getElementById('main-content')
  if (main) main.focus({ preventScroll: false })
  window.scrollTo(0, 0)
}

/** Starts the router: draws the current path and follows links and the back button. */
export function start(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const anchor = (event.target as Element | null)?.closest?.('a')
    if (!anchor || anchor.hasAttribute('download') || anchor.target || anchor.hasAttribute('data-external')) return
    const url = new URL(anchor.href, window.location.href)
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return
    if (url.pathname === window.location.pathname && url.hash) return
    event.preventDefault()
    navigate(url.pathname + url.search + url.hash)
  })
  window.addEventListener('popstate', () => void show())
  // A page opened at a part of it (`/cases/ID#support`) is drawn first, then shown at that part.
  void show().then(() => {
    if (window.location.hash) focusPart()
  })
}
