// Holds the pages a family opens on a cheap phone to their budgets, from the build's own output
// (dist/.vite/manifest.json): the scripts and styles a page needs before it can be used, gzip
// compressed as they travel. Fails (exit 1) naming the page and its size when one is over.
//
//   node scripts/check-budget.mjs          after `npm run build`
//
// The budgets are in web/README.md ("Budgets for cheap phones").

import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const webDir = resolve(fileURLToPath(new URL('..', import.meta.url)))
const dist = join(webDir, 'dist')
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))

/** The page budgets, in KiB compressed: what the first page a family opens may need. */
export const BUDGETS = [
  { page: 'the join page', source: 'src/pages/join.ts', budget: 100 },
  { page: 'the plan (the meeting room)', source: 'src/pages/room.ts', budget: 350 },
]

/** Every file a manifest entry needs loaded: itself, what it imports statically, and their styles. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const imported of manifest[key]?.imports ?? []) closure(imported, seen)
  return seen
}

function filesOf(keys) {
  const files = new Set()
  for (const key of keys) {
    const entry = manifest[key]
    if (!entry) throw new Error(`the build has no ${key}: run npm run build first`)
    files.add(entry.file)
    for (const css of entry.css ?? []) files.add(css)
  }
  return [...files]
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
if (!entry) throw new Error('the build has no entry in its manifest')
let failed = false
for (const { page, source, budget } of BUDGETS) {
  if (!manifest[source]) throw new Error(`the build has no chunk for ${source}`)
  const keys = new Set([...closure(entry), ...closure(source)])
  const files = filesOf(keys)
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0)
  const kib = bytes / 1024
  const over = kib > budget
  failed ||= over
  console.log(`${over ? 'OVER' : 'ok  '} ${page}: ${kib.toFixed(1)} KiB compressed of ${budget} KiB (${files.length} files)`)
}
process.exit(failed ? 1 : 0)
