// The web app's API types come from the server: `kinplan openapi` prints the OpenAPI document
// (web/openapi.json) and openapi-typescript turns it into src/api-schema.d.ts, which src/api.ts
// uses. Both files are committed, so a change to either side shows in review.
//
//   node scripts/api-types.mjs          writes both files again (npm run api-types)
//   node scripts/api-types.mjs --check  fails if either differs from what is committed (npm run check-api)
//
// The kinplan binary is built first with `cargo build --bin kinplan`, unless KINPLAN_BIN names
// one or KINPLAN_SKIP_CARGO_BUILD is set.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const repoDir = join(webDir, '..')
const check = process.argv.includes('--check')
const files = { spec: join(webDir, 'openapi.json'), types: join(webDir, 'src', 'api-schema.d.ts') }

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.error) throw result.error
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
    process.exit(1)
  }
  return result.stdout
}

function kinplanBinary() {
  if (process.env.KINPLAN_BIN) return process.env.KINPLAN_BIN
  if (!process.env.KINPLAN_SKIP_CARGO_BUILD) run('cargo', ['build', '--bin', 'kinplan'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] })
  const binary = join(process.env.CARGO_TARGET_DIR ?? join(repoDir, 'target'), 'debug', 'kinplan')
  if (!existsSync(binary)) {
    console.error(`no kinplan binary at ${binary}: run \`cargo build --bin kinplan\` first`)
    process.exit(1)
  }
  return binary
}

const work = mkdtempSync(join(tmpdir(), 'kinplan-api-types-'))
try {
  const made = { spec: join(work, 'openapi.json'), types: join(work, 'api-schema.d.ts') }
  writeFileSync(made.spec, run(kinplanBinary(), ['openapi']))
  run(join(webDir, 'node_modules', '.bin', 'openapi-typescript'), [made.spec, '--output', made.types], { cwd: webDir })

  const stale = Object.keys(files).filter((key) => !existsSync(files[key]) || !readFileSync(files[key]).equals(readFileSync(made[key])))
  if (!check) {
    for (const key of Object.keys(files)) writeFileSync(files[key], readFileSync(made[key]))
    console.log(stale.length ? `updated ${stale.map((key) => files[key]).join(' and ')}` : 'web/openapi.json and web/src/api-schema.d.ts were up to date')
  } else if (stale.length) {
    console.error(
      `${stale.map((key) => files[key].slice(repoDir.length + 1)).join(' and ')} ${stale.length > 1 ? 'differ' : 'differs'} from what the server's API says.\n` +
        'Run `npm run api-types` in web/ (after `cargo build --bin kinplan`) and commit the result; then fix what `npm run typecheck` finds.',
    )
    process.exit(1)
  } else {
    console.log('web/openapi.json and web/src/api-schema.d.ts match the server')
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
