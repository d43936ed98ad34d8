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

/** Goes to `path` in the app. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  void show().then(() => focusMain())
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
    navigate(url.pathname + url.search)
  })
  window.addEventListener('popstate', () => void show())
  void show()
}
