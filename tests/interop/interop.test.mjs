// Interop tests: the kinplan server driven by the real, unmodified npm
// `y-websocket` client (and, for the handshake checks, the plain `ws` client).
//
// Run:   cargo build --bin kinplan
//        cd tests/interop && npm ci && npm test
//
// The binary defaults to ../../target/debug/kinplan; set KINPLAN_BIN to use
// another one. Every test starts its own server(s) on 127.0.0.1:0 with its own
// SQLite database in a fresh temp dir, and tears everything down afterwards.
// Server stderr goes to a log file in that temp dir; its tail is printed when
// a test fails.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFile } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const __dirname = path.dirname(fileURLToPath(import.meta.url))

const KINPLAN_BIN = process.env.KINPLAN_BIN
  ? path.resolve(process.env.KINPLAN_BIN)
  : path.resolve(__dirname, '../../target/debug/kinplan')

// y-websocket message types (first varuint of every binary frame)
const MSG_SYNC = 0
const MSG_AWARENESS = 1
const MSG_AUTH = 2
const MSG_QUERY_AWARENESS = 3
const MSG_NAMES = { 0: 'sync', 1: 'awareness', 2: 'auth', 3: 'queryAwareness' }
// auth sub-message types (y-protocols/auth)
const AUTH_PERMISSION_DENIED = 0

const SERVER_START_TIMEOUT_MS = 30_000
const SERVER_STOP_TIMEOUT_MS = 10_000
const SYNC_TIMEOUT_MS = 10_000
const LOG_TAIL_LINES = 150

// ---------------------------------------------------------------------------
// small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `predicate` (sync or async) every 25 ms until it returns truthy.
 * Throws a clear error naming `what` (a string, or a function producing one
 * so that it can describe the state at the time of failure) on timeout.
 */
async function waitFor (predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs
  let lastError = null
  for (;;) {
    try {
      if (await predicate()) return
      lastError = null
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const description = typeof what === 'function' ? what() : what
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}` +
        (lastError ? `\n(last predicate error: ${lastError.stack || lastError})` : '')
      )
    }
    await sleep(25)
  }
}

function requireBinary () {
  let ok = false
  try {
    ok = fs.statSync(KINPLAN_BIN).isFile()
    fs.accessSync(KINPLAN_BIN, fs.constants.X_OK)
  } catch {
    ok = false
  }
  if (!ok) {
    throw new Error(
      `kinplan binary not found (or not executable) at ${KINPLAN_BIN}.\n` +
      'Run `cargo build --bin kinplan` in the repository root first ' +
      '(or point KINPLAN_BIN at a built kinplan binary).'
    )
  }
}

function readVarUint (bytes, pos) {
  let num = 0
  let mult = 1
  for (;;) {
    if (pos >= bytes.length) throw new Error('unexpected end of frame while reading varuint')
    const b = bytes[pos++]
    num += (b & 0x7f) * mult
    mult *= 128
    if (b < 0x80) return [num, pos]
    if (mult > 2 ** 53) throw new Error('varuint too long')
  }
}

/** Decodes a y-websocket auth frame: varuint 2, varuint authType, varstring reason. */
function parseAuthFrame (bytes) {
  let [type, pos] = readVarUint(bytes, 0)
  if (type !== MSG_AUTH) return null
  let authType
  ;[authType, pos] = readVarUint(bytes, pos)
  let reason = null
  if (authType === AUTH_PERMISSION_DENIED) {
    let len
    ;[len, pos] = readVarUint(bytes, pos)
    reason = Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8')
  }
  return { authType, reason }
}

function toBytes (data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return new Uint8Array(Buffer.from(String(data)))
}

/** JSON with sorted object keys, so that maps compare independent of key order. */
function stableJson (value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v
  )
}

function tail (text, lines) {
  const all = text.split('\n')
  return (all.length > lines ? `[... ${all.length - lines} earlier lines cut ...]\n` : '') +
    all.slice(-lines).join('\n')
}

// ---------------------------------------------------------------------------
// the kinplan server process

class KinplanServer {
  constructor (env, index) {
    this.env = env
    this.index = index
    this.logPath = path.join(env.dir, `server-${index}.log`)
    this.stdoutLines = []
    this.exitInfo = null
    this.port = null
    this.proc = null
  }

  get httpUrl () { return `http://127.0.0.1:${this.port}` }
  get syncUrl () { return `ws://127.0.0.1:${this.port}/sync` }
  get running () { return this.proc !== null && this.exitInfo === null }

  async start () {
    const logFd = fs.openSync(this.logPath, 'a')
    const args = ['serve', '--listen', '127.0.0.1:0', '--database', this.env.dbUrl]
    fs.writeSync(logFd, `# ${KINPLAN_BIN} ${args.join(' ')}\n`)
    try {
      this.proc = spawn(KINPLAN_BIN, args, {
        stdio: ['ignore', 'pipe', logFd],
        env: { RUST_LOG: 'info,kinplan=debug,kinplan_server=debug', ...process.env }
      })
    } finally {
      fs.closeSync(logFd) // the child keeps its own copy
    }
    this.exited = new Promise((resolve) => {
      this.proc.on('error', (err) => {
        if (this.exitInfo === null) this.exitInfo = { code: null, signal: null, error: err }
        resolve(this.exitInfo)
      })
      this.proc.on('exit', (code, signal) => {
        this.exitInfo = { code, signal }
        resolve(this.exitInfo)
      })
    })
    const lines = readline.createInterface({ input: this.proc.stdout })
    const firstLine = new Promise((resolve) => {
      lines.on('line', (line) => {
        this.stdoutLines.push(line)
        if (this.stdoutLines.length === 1) resolve(line)
      })
    })
    let timer
    const outcome = await Promise.race([
      firstLine.then((line) => ({ line })),
      this.exited.then((exit) => ({ exit })),
      new Promise((resolve) => { timer = setTimeout(() => resolve({ timeout: true }), SERVER_START_TIMEOUT_MS) })
    ])
    clearTimeout(timer)
    if (outcome.exit) {
      throw new Error(
        `kinplan serve (server #${this.index}) exited before printing its listening line: ` +
        `${JSON.stringify({ ...outcome.exit, error: outcome.exit.error?.message })}\n` +
        `--- stderr ---\n${tail(this.log(), 60)}`
      )
    }
    if (outcome.timeout) {
      throw new Error(
        `kinplan serve (server #${this.index}) printed no line on stdout within ${SERVER_START_TIMEOUT_MS} ms\n` +
        `--- stderr ---\n${tail(this.log(), 60)}`
      )
    }
    const match = /^kinplan listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(outcome.line)
    if (!match) {
      throw new Error(
        `kinplan serve (server #${this.index}): first stdout line is ${JSON.stringify(outcome.line)}, ` +
        'expected exactly "kinplan listening on http://127.0.0.1:<PORT>"'
      )
    }
    this.port = Number(match[1])
    assert.ok(this.port > 0 && this.port < 65536, `bad port in ${JSON.stringify(outcome.line)}`)
    return this
  }

  /**
   * Sends `signal` and waits for the process to exit. Throws if it has not
   * exited within `timeoutMs` (after SIGKILLing it, so nothing is left over).
   */
  async stop (signal = 'SIGTERM', timeoutMs = SERVER_STOP_TIMEOUT_MS) {
    if (!this.running) return this.exitInfo
    this.proc.kill(signal)
    let timer
    const exit = await Promise.race([
      this.exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs) })
    ])
    clearTimeout(timer)
    if (exit === null) {
      this.proc.kill('SIGKILL')
      await this.exited
      throw new Error(`kinplan server #${this.index} did not exit within ${timeoutMs} ms of ${signal} (SIGKILLed it)`)
    }
    return exit
  }

  log () {
    try {
      return fs.readFileSync(this.logPath, 'utf8')
    } catch (err) {
      return `(could not read ${this.logPath}: ${err.message})`
    }
  }
}

// ---------------------------------------------------------------------------
// a y-websocket client: Y.Doc + WebsocketProvider, with every socket recorded

let clientCounter = 0

class Client {
  constructor (env, server, room, token, label, providerOptions = {}) {
    this.env = env
    this.label = label
    this.room = room
    this.doc = new Y.Doc()
    this.sockets = [] // every WebSocket the provider opened
    this.frames = [] // every frame received: { at, socket, binary, bytes, type }
    this.closes = [] // { at, socket, code, reason }
    this.errors = []
    this.pings = 0
    this.statuses = [] // provider 'status' events, in order
    this.terminalCloses = [] // provider 'closed' events
    this.createdAt = Date.now()
    this.destroyed = false
    const self = this

    // The unmodified y-websocket client, given a recording subclass of `ws` as
    // its WebSocket polyfill: this only adds listeners, it changes nothing.
    class RecordingWebSocket extends WebSocket {
      constructor (address, protocols) {
        super(address, protocols)
        const socketIndex = self.sockets.length
        self.sockets.push(this)
        this.on('message', (data, isBinary) => {
          const bytes = toBytes(data)
          self.frames.push({
            at: Date.now(),
            socket: socketIndex,
            binary: isBinary,
            bytes,
            type: isBinary && bytes.length > 0 ? bytes[0] : null
          })
        })
        this.on('ping', () => { self.pings++ })
        this.on('close', (code, reason) => {
          self.closes.push({ at: Date.now(), socket: socketIndex, code, reason: reason.toString() })
        })
        this.on('error', (err) => { self.errors.push(err.message) })
      }
    }

    this.provider = new WebsocketProvider(server.syncUrl, room, this.doc, {
      WebSocketPolyfill: RecordingWebSocket,
      params: token === null ? {} : { token },
      disableBc: true,
      ...providerOptions
    })
    this.provider.on('status', ({ status }) => this.statuses.push({ at: Date.now(), status }))
    this.provider.on('closed', (event) => this.terminalCloses.push(event))
    this.id = ++clientCounter
  }

  get clientID () { return this.doc.clientID }
  get text () { return this.doc.getText('shared') }
  get map () { return this.doc.getMap('meta') }
  get array () { return this.doc.getArray('log') }

  disconnects () { return this.statuses.filter((s) => s.status === 'disconnected').length }

  authFrames () {
    return this.frames
      .filter((f) => f.binary && f.type === MSG_AUTH)
      .map((f) => ({ at: f.at, ...parseAuthFrame(f.bytes) }))
  }

  describe () {
    const counts = {}
    for (const f of this.frames) {
      const key = f.binary ? (MSG_NAMES[f.type] ?? `type${f.type}`) : 'TEXT-frame'
      counts[key] = (counts[key] ?? 0) + 1
    }
    const rel = (t) => `+${t - this.createdAt}ms`
    return [
      `client ${this.label} (Y clientID ${this.clientID}, room ${JSON.stringify(this.room)}):`,
      `  synced=${this.provider.synced} wsconnected=${this.provider.wsconnected} sockets opened=${this.sockets.length}`,
      `  status events: ${this.statuses.map((s) => `${s.status}@${rel(s.at)}`).join(', ') || '(none)'}`,
      `  socket closes: ${this.closes.map((c) => `code ${c.code}${c.reason ? ` "${c.reason}"` : ''}@${rel(c.at)}`).join(', ') || '(none)'}`,
      `  socket errors: ${this.errors.join(' | ') || '(none)'}`,
      `  frames received: ${JSON.stringify(counts)}; ws pings: ${this.pings}`,
      `  text=${JSON.stringify(this.doc.getText('shared').toString())}`,
      `  map=${stableJson(this.doc.getMap('meta').toJSON())}`
    ].join('\n')
  }

  async waitSynced (timeoutMs = SYNC_TIMEOUT_MS) {
    await waitFor(() => this.provider.synced, timeoutMs, () => `${this.label} to reach 'synced'\n${this.describe()}`)
  }

  destroy () {
    if (this.destroyed) return
    this.destroyed = true
    this.provider.destroy()
    this.doc.destroy()
  }
}

// ---------------------------------------------------------------------------
// per-test environment: temp dir, database, servers, clients, raw sockets

class Env {
  static async create () {
    const env = new Env()
    env.dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'kinplan-interop-'))
    env.dbPath = path.join(env.dir, 'kinplan.db')
    env.dbUrl = `sqlite://${env.dbPath}`
    env.servers = []
    env.clients = []
    env.rawSockets = []
    env.commandLog = []
    return env
  }

  async startServer () {
    const server = new KinplanServer(this, this.servers.length + 1)
    this.servers.push(server)
    return server.start()
  }

  /** `kinplan token ...` against this test's database; returns the JWT. */
  async token (document, role, extraArgs = []) {
    const args = ['token', '--database', this.dbUrl, '--document', document, '--role', role, ...extraArgs]
    const { stdout, stderr } = await new Promise((resolve, reject) => {
      execFile(KINPLAN_BIN, args, { timeout: 30_000 }, (err, stdout, stderr) => {
        this.commandLog.push(`$ kinplan ${args.join(' ')}\n${stderr}`)
        if (err) {
          reject(new Error(`\`kinplan ${args.join(' ')}\` failed: ${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`))
        } else {
          resolve({ stdout, stderr })
        }
      })
    })
    const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
    assert.equal(lines.length, 1,
      `\`kinplan ${args.join(' ')}\` should print exactly one token line, printed ${JSON.stringify(stdout)} (stderr: ${stderr})`)
    assert.match(lines[0], /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
      `\`kinplan token\` output does not look like a JWT: ${JSON.stringify(lines[0])}`)
    return lines[0]
  }

  client (server, room, token, label, providerOptions) {
    const client = new Client(this, server, room, token, label, providerOptions)
    this.clients.push(client)
    return client
  }

  /**
   * Opens a plain `ws` connection to `url` and records what happens:
   * whether it opened, the frames received, and how it was closed.
   */
  rawConnect (url) {
    const record = { url, opened: false, frames: [], close: null, error: null }
    const ws = new WebSocket(url)
    ws.binaryType = 'arraybuffer'
    this.rawSockets.push(ws)
    record.ws = ws
    ws.on('open', () => { record.opened = true })
    ws.on('message', (data, isBinary) => {
      const bytes = toBytes(data)
      record.frames.push({ binary: isBinary, type: isBinary && bytes.length ? bytes[0] : null, bytes })
    })
    ws.on('error', (err) => { record.error = err.message })
    ws.on('close', (code, reason) => { record.close = { code, reason: reason.toString() } })
    record.summary = () => JSON.stringify({
      url: record.url.replace(/token=[^&]+/, 'token=…'),
      opened: record.opened,
      framesReceived: record.frames.map((f) => f.binary ? (MSG_NAMES[f.type] ?? f.type) : 'TEXT'),
      close: record.close,
      error: record.error
    })
    return record
  }

  diagnostics () {
    const parts = [`temp dir: ${this.dir}`]
    for (const c of this.clients) parts.push(c.describe())
    for (const s of this.servers) {
      parts.push(
        `--- kinplan server #${s.index} (port ${s.port}, exit ${JSON.stringify(s.exitInfo)}); ` +
        `stdout lines: ${JSON.stringify(s.stdoutLines)}; stderr tail (${s.logPath}):\n` +
        tail(s.log(), LOG_TAIL_LINES)
      )
    }
    if (this.commandLog.length) parts.push('--- kinplan token runs:\n' + this.commandLog.join('\n'))
    return parts.join('\n')
  }

  async cleanup () {
    for (const c of this.clients) {
      try { c.destroy() } catch {}
    }
    for (const ws of this.rawSockets) {
      try { ws.terminate() } catch {}
    }
    await Promise.all(this.servers.map(async (s) => {
      if (!s.running) return
      try {
        await s.stop('SIGTERM', 5_000)
      } catch {
        // already SIGKILLed by stop(); not an assertion here
      }
    }))
    await fsp.rm(this.dir, { recursive: true, force: true })
  }
}

/**
 * Declares a test that gets a fresh Env, fails clearly when the binary is
 * missing, prints clients' and servers' state when it fails, and always
 * cleans up (providers destroyed, every server killed, temp dir removed).
 */
function interopTest (name, options, fn) {
  test(name, options, async (t) => {
    requireBinary()
    const env = await Env.create()
    try {
      await fn(env, t)
    } catch (err) {
      let diagnostics
      try { diagnostics = env.diagnostics() } catch (e) { diagnostics = `(diagnostics failed: ${e.message})` }
      process.stderr.write(`\n===== diagnostics for failed test "${name}" =====\n${diagnostics}\n===== end of diagnostics =====\n`)
      throw err
    } finally {
      await env.cleanup()
    }
  })
}

// ---------------------------------------------------------------------------
// 1. convergence

interopTest('1. three y-websocket clients converge on concurrent Y.Text, Y.Map and Y.Array edits', { timeout: 60_000 }, async (env) => {
  const server = await env.startServer()
  const room = 'interop-converge'
  const clients = []
  for (let i = 0; i < 3; i++) {
    clients.push(env.client(server, room, await env.token(room, 'editor'), `client${i}`))
  }
  await Promise.all(clients.map((c) => c.waitSynced()))

  const ROUNDS = 5
  const PER_ROUND = 4
  const markers = []
  for (let r = 0; r < ROUNDS; r++) {
    // All three clients edit in the same tick, before any of them has received
    // the others' updates: these edits are truly concurrent.
    clients.forEach((c, i) => {
      for (let k = 0; k < PER_ROUND; k++) {
        const marker = `<c${i}r${r}k${k}>`
        markers.push(marker)
        // insert at the very start or the very end so that no insertion can be
        // split by another one and every marker stays intact
        if ((i + k) % 2 === 0) c.text.insert(0, marker)
        else c.text.insert(c.text.length, marker)
      }
      c.map.set(`client${i}-round${r}`, { client: i, round: r })
      c.map.set('contested', `client${i}-round${r}`)
      c.array.push([`c${i}r${r}`])
    })
    // let some rounds interleave with network delivery in different ways
    await sleep(40 * r)
  }

  const snapshot = (c) => ({
    text: c.text.toString(),
    map: stableJson(c.map.toJSON()),
    array: JSON.stringify(c.array.toJSON())
  })
  const converged = () => {
    const s = clients.map(snapshot)
    return s.every((x) => x.text === s[0].text && x.map === s[0].map && x.array === s[0].array) &&
      markers.every((m) => s[0].text.includes(m)) &&
      clients[0].array.length === 3 * ROUNDS
  }
  await waitFor(converged, 15_000, () =>
    'all three documents to converge and contain every insertion; current states:\n' +
    clients.map((c) => `${c.label}: ${JSON.stringify(snapshot(c))}`).join('\n'))

  const [a, b, c] = clients.map(snapshot)
  assert.equal(b.text, a.text)
  assert.equal(c.text, a.text)
  assert.equal(b.map, a.map)
  assert.equal(c.map, a.map)
  assert.equal(b.array, a.array)
  assert.equal(c.array, a.array)
  for (const m of markers) {
    assert.equal(a.text.split(m).length - 1, 1, `marker ${m} should occur exactly once in ${a.text}`)
  }
  assert.equal(a.text.length, markers.join('').length, 'the text holds exactly the inserted markers')
  const map = clients[0].map.toJSON()
  for (let i = 0; i < 3; i++) {
    for (let r = 0; r < ROUNDS; r++) {
      assert.deepEqual(map[`client${i}-round${r}`], { client: i, round: r })
    }
  }
  assert.match(map.contested, /^client[0-2]-round4$/, 'last-writer-wins key holds one of the final writes')
  const arr = clients[0].array.toJSON()
  for (let i = 0; i < 3; i++) {
    for (let r = 0; r < ROUNDS; r++) assert.ok(arr.includes(`c${i}r${r}`), `array lacks c${i}r${r}`)
  }
  // identical state vectors: every client has integrated exactly the same operations
  const sv = clients.map((x) => Buffer.from(Y.encodeStateVector(x.doc)).toString('hex'))
  const decodedSv = clients.map((x) => stableJson(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(x.doc)))))
  assert.equal(decodedSv[1], decodedSv[0], `state vectors differ: ${sv.join(' / ')}`)
  assert.equal(decodedSv[2], decodedSv[0], `state vectors differ: ${sv.join(' / ')}`)
})

// ---------------------------------------------------------------------------
// 2. awareness

function seesUser (observer, other) {
  const state = observer.provider.awareness.getStates().get(other.clientID)
  return state !== undefined && state.user !== undefined && state.user.name === other.label
}

function awarenessSummary (clients) {
  return clients.filter((c) => !c.destroyed).map((c) =>
    `${c.label} (clientID ${c.clientID}) sees: ` +
    JSON.stringify(Object.fromEntries(c.provider.awareness.getStates()))).join('\n')
}

interopTest('2. awareness states are shared between clients, and removed when a client is destroyed', { timeout: 60_000 }, async (env) => {
  const server = await env.startServer()
  const room = 'interop-awareness'
  const token = await env.token(room, 'editor')
  const clients = ['alice', 'bob', 'carol'].map((name) => env.client(server, room, token, name))
  await Promise.all(clients.map((c) => c.waitSynced()))
  for (const c of clients) c.provider.awareness.setLocalStateField('user', { name: c.label })

  await waitFor(
    () => clients.every((c) => clients.every((o) => o === c || seesUser(c, o))),
    10_000,
    () => 'every client to see the other two clients\' awareness states\n' + awarenessSummary(clients))

  const [alice, bob, carol] = clients
  alice.destroy()
  await waitFor(
    () => !bob.provider.awareness.getStates().has(alice.clientID) &&
      !carol.provider.awareness.getStates().has(alice.clientID),
    5_000,
    () => `bob and carol to see alice's awareness state (clientID ${alice.clientID}) removed after alice's provider was destroyed\n` +
      awarenessSummary(clients))
  assert.ok(seesUser(bob, carol), 'bob still sees carol')
  assert.ok(seesUser(carol, bob), 'carol still sees bob')
})

interopTest('2b. the server removes the awareness state of a client whose connection drops without a goodbye', { timeout: 60_000 }, async (env) => {
  // Not the y-protocols 30 s timeout: the server must announce the removal of
  // the states a connection controlled as soon as that connection is gone.
  const server = await env.startServer()
  const room = 'interop-awareness-drop'
  const token = await env.token(room, 'editor')
  const alice = env.client(server, room, token, 'alice')
  const bob = env.client(server, room, token, 'bob')
  // this one must not reconnect once its socket is cut
  const dropped = env.client(server, room, token, 'dropped', { shouldReconnect: () => false })
  const clients = [alice, bob, dropped]
  await Promise.all(clients.map((c) => c.waitSynced()))
  for (const c of clients) c.provider.awareness.setLocalStateField('user', { name: c.label })
  await waitFor(
    () => clients.every((c) => clients.every((o) => o === c || seesUser(c, o))),
    10_000,
    () => 'every client to see the other two clients\' awareness states\n' + awarenessSummary(clients))

  // cut the TCP connection: no close frame, no awareness "null" update
  assert.equal(dropped.sockets.length, 1)
  dropped.sockets[0].terminate()
  const cutAt = Date.now()
  await waitFor(
    () => !alice.provider.awareness.getStates().has(dropped.clientID) &&
      !bob.provider.awareness.getStates().has(dropped.clientID),
    5_000,
    () => `alice and bob to see the dropped client's awareness state (clientID ${dropped.clientID}) removed ` +
      `within 5 s of its connection being cut (${Date.now() - cutAt} ms so far)\n` + awarenessSummary(clients))
  assert.ok(seesUser(alice, bob) && seesUser(bob, alice), 'alice and bob still see each other')
})

// ---------------------------------------------------------------------------
// 3. restart

interopTest('3a. content survives a graceful restart (SIGTERM) of the server', { timeout: 60_000 }, async (env, t) => {
  const room = 'interop-restart-term'
  const server1 = await env.startServer()
  const token = await env.token(room, 'editor')
  const writer = env.client(server1, room, token, 'writer')
  await writer.waitSynced()
  writer.text.insert(0, 'kept across a graceful restart')
  writer.map.set('title', 'restart plan')
  writer.map.set('items', ['one', 'two', 'three'])
  const expectedText = writer.text.toString()
  const expectedMap = stableJson(writer.map.toJSON())

  // the content is on the server once a second client has received it from there
  const watcher = env.client(server1, room, token, 'watcher')
  await watcher.waitSynced()
  await waitFor(() => watcher.text.toString() === expectedText && stableJson(watcher.map.toJSON()) === expectedMap,
    10_000, () => `a second client to receive the writer's content\n${watcher.describe()}`)

  // stop the server while both clients are still connected
  const exit = await server1.stop('SIGTERM')
  t.diagnostic(`server #1 exit after SIGTERM: ${JSON.stringify(exit)}`)
  writer.destroy()
  watcher.destroy()

  const server2 = await env.startServer()
  // the token issued before the restart must still be valid (same database, same secret)
  const fresh = env.client(server2, room, token, 'fresh-after-restart')
  await fresh.waitSynced()
  // sync step 2 from the server carries its whole state: it must be there now
  assert.equal(fresh.text.toString(), expectedText, 'text after restart')
  assert.equal(stableJson(fresh.map.toJSON()), expectedMap, 'map after restart')
})

interopTest('3b. content another client has seen survives a crash (SIGKILL) of the server', { timeout: 60_000 }, async (env) => {
  const room = 'interop-restart-kill'
  const server1 = await env.startServer()
  const token = await env.token(room, 'editor')
  const writer = env.client(server1, room, token, 'writer')
  const watcher = env.client(server1, room, token, 'watcher')
  await Promise.all([writer.waitSynced(), watcher.waitSynced()])

  // many small updates, each its own transaction (and its own message)
  const N = 40
  for (let i = 0; i < N; i++) {
    writer.text.insert(writer.text.length, `[line ${i}]`)
    writer.map.set(`key${i}`, i)
    if (i % 10 === 9) await sleep(5)
  }
  const expectedText = writer.text.toString()
  const expectedMap = stableJson(writer.map.toJSON())
  await waitFor(() => watcher.text.toString() === expectedText && stableJson(watcher.map.toJSON()) === expectedMap,
    10_000, () => `the watcher to receive all ${N} updates\n${watcher.describe()}`)

  // crash right after the watcher has seen everything
  await server1.stop('SIGKILL')
  writer.destroy()
  watcher.destroy()

  const server2 = await env.startServer()
  const fresh = env.client(server2, room, token, 'fresh-after-crash')
  await fresh.waitSynced()
  assert.equal(fresh.text.toString(), expectedText, 'text seen by another client before the crash must survive it')
  assert.equal(stableJson(fresh.map.toJSON()), expectedMap, 'map seen by another client before the crash must survive it')
})

// ---------------------------------------------------------------------------
// 4. viewer tokens

interopTest('4. a viewer receives the document, its own edits are refused and it is told so', { timeout: 60_000 }, async (env, t) => {
  const server = await env.startServer()
  const room = 'interop-viewer'
  const editorToken = await env.token(room, 'editor')
  const viewerToken = await env.token(room, 'viewer')

  const editor = env.client(server, room, editorToken, 'editor')
  await editor.waitSynced()
  editor.text.insert(0, 'written by the editor')
  editor.map.set('title', 'Plan A')

  // y-websocket reports a permission-denied auth message with console.warn
  const warnings = []
  const originalWarn = console.warn
  console.warn = (...args) => { warnings.push(args.map(String).join(' ')) }
  try {
    const viewer = env.client(server, room, viewerToken, 'viewer')
    await viewer.waitSynced()
    await waitFor(() => viewer.text.toString() === 'written by the editor' && viewer.map.get('title') === 'Plan A',
      10_000, () => `the viewer to receive the editor's content\n${viewer.describe()}`)

    const editAt = Date.now()
    viewer.text.insert(0, 'VIEWER-EDIT ')
    viewer.map.set('viewer-key', 'must not propagate')

    const denied = waitFor(() => viewer.authFrames().some((f) => f.authType === AUTH_PERMISSION_DENIED), 5_000,
      () => 'a permission-denied auth message (first bytes 0x02 0x00) from the server on the viewer\'s connection\n' +
        viewer.describe()).then(() => null, (err) => err)
    await sleep(1_500)
    const deniedNote = `(permission-denied messages received by the viewer so far: ${viewer.authFrames().length})`
    assert.ok(!editor.text.toString().includes('VIEWER-EDIT'),
      `the viewer's text edit reached the editor: ${JSON.stringify(editor.text.toString())} ${deniedNote}`)
    assert.ok(!editor.map.has('viewer-key'),
      `the viewer's map edit reached the editor: ${stableJson(editor.map.toJSON())} ${deniedNote}`)
    const deniedError = await denied
    if (deniedError) throw deniedError

    const denials = viewer.authFrames()
    t.diagnostic('permission-denied messages on the viewer connection: ' + JSON.stringify(denials.map((d) => ({
      reason: d.reason, msRelativeToViewerEdit: d.at - editAt
    }))))
    for (const d of denials) {
      assert.equal(d.authType, AUTH_PERMISSION_DENIED, `unexpected auth message type ${d.authType}`)
      assert.equal(typeof d.reason, 'string')
    }
    assert.ok(warnings.some((w) => w.includes('Permission denied')),
      `y-websocket should have reported the permission-denied message (console.warn); warnings: ${JSON.stringify(warnings)}`)
    t.diagnostic(`viewer sockets opened: ${viewer.sockets.length}; closes: ${JSON.stringify(viewer.closes)}`)

    // the viewer keeps receiving what editors write
    editor.text.insert(editor.text.length, ' + more')
    await waitFor(() => viewer.text.toString().includes('written by the editor + more'), 10_000,
      () => `the viewer to receive a later edit by the editor\n${viewer.describe()}`)

    // and the server's copy never took the viewer's edit
    const fresh = env.client(server, room, editorToken, 'fresh-editor')
    await fresh.waitSynced()
    assert.equal(fresh.text.toString(), 'written by the editor + more', 'server state after the viewer\'s refused edit')
    assert.ok(!fresh.map.has('viewer-key'), `server state has the viewer's map edit: ${stableJson(fresh.map.toJSON())}`)
    assert.ok(!editor.text.toString().includes('VIEWER-EDIT'), 'the viewer\'s edit reached the editor later on')
  } finally {
    console.warn = originalWarn
  }
})

// ---------------------------------------------------------------------------
// 5. handshake: close codes for bad credentials

async function expectClose (env, url, expectedCode, what) {
  const probe = env.rawConnect(url)
  await waitFor(() => probe.close !== null, 5_000,
    () => `the server to close the connection for ${what} (expected close code ${expectedCode}); observed: ${probe.summary()}`)
  assert.equal(probe.close.code, expectedCode,
    `${what}: expected WebSocket close code ${expectedCode}, observed: ${probe.summary()}`)
  const syncFrames = probe.frames.filter((f) => f.binary && f.type === MSG_SYNC)
  assert.equal(syncFrames.length, 0, `${what}: the server sent document data before closing: ${probe.summary()}`)
  return probe
}

interopTest('5. bad, missing and wrong-document tokens are refused with close codes 4401 / 4403', { timeout: 60_000 }, async (env) => {
  const server = await env.startServer()
  const tokenA = await env.token('interop-doc-a', 'editor')
  const base = server.syncUrl

  // control: the same URL shape with a valid token is accepted and syncs
  const ok = env.rawConnect(`${base}/interop-doc-a?token=${encodeURIComponent(tokenA)}`)
  await waitFor(() => ok.opened && ok.frames.some((f) => f.binary && f.type === MSG_SYNC), 5_000,
    () => `a connection with a valid token to open and receive a sync message; observed: ${ok.summary()}`)
  ok.ws.close(1000)

  await expectClose(env, `${base}/interop-doc-a?token=garbage`, 4401, 'a garbage token')
  await expectClose(env, `${base}/interop-doc-a`, 4401, 'a missing token')
  await expectClose(env, `${base}/interop-doc-b?token=${encodeURIComponent(tokenA)}`, 4403, 'a token for another document')
})

// ---------------------------------------------------------------------------
// 6. keep-alive (SLOW: ~35 s by nature, bounded)

interopTest('6. [slow, ~35 s] a lone client stays connected: no reconnect for 35 s', { timeout: 90_000 }, async (env, t) => {
  const server = await env.startServer()
  const room = 'interop-keepalive'
  const lone = env.client(server, room, await env.token(room, 'editor'), 'lone')
  await lone.waitSynced()
  lone.text.insert(0, 'alone in the room')
  const start = Date.now()
  // y-websocket closes and reconnects when it has received no message for 30 s
  // (checked every 3 s), so 35 s is enough to see it happen.
  await sleep(35_000)

  const times = [start, ...lone.frames.filter((f) => f.at >= start).map((f) => f.at), Date.now()]
  let maxGap = 0
  for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap, times[i] - times[i - 1])
  const types = lone.frames.filter((f) => f.at >= start).map((f) => f.binary ? (MSG_NAMES[f.type] ?? f.type) : 'TEXT')
  t.diagnostic(`frames received during the 35 s: ${JSON.stringify(types)}; ` +
    `longest silence: ${maxGap} ms; ws pings: ${lone.pings}`)

  assert.equal(lone.disconnects(), 0,
    `the provider emitted 'disconnected' ${lone.disconnects()} time(s) (longest silence from the server ${maxGap} ms)\n${lone.describe()}`)
  assert.equal(lone.sockets.length, 1, `the provider opened ${lone.sockets.length} sockets (reconnected)\n${lone.describe()}`)
  assert.ok(lone.provider.wsconnected && lone.provider.synced, `still connected and synced\n${lone.describe()}`)
})
