// One live document of a meeting (plan, family-time or comments): the Yjs document, its
// y-websocket connection with a short-lived token, its local copy in IndexedDB, and what the
// person may do with it now. Tokens are fetched again whenever the server says access changed
// (4000) or the token ran out (4401); 4403 means no access now, with the server's reason. A token
// that names another document (the family's private room changed) is not used: the page is told,
// and opens that document instead.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { api, ApiError, type DocumentKind, type DocumentRole } from '../api'
import { sentence } from '../format'
import { t } from '../i18n'
import { localCopyName } from './local-copies'
import type { LiveUser } from './people'

export type LiveStatus = 'connecting' | 'connected' | 'offline' | 'refused'

/**
 * Whether what this person wrote has reached the server's storage: `saved` once the server's
 * stored state vector holds every edit of this page's client, `saving` until then, `offline`
 * while there is no connection (the edits wait in the local copy). Null before they write.
 */
export type SaveState = 'saved' | 'saving' | 'offline'

export interface LiveState {
  status: LiveStatus
  /** What the current token allows; null before the first token or when refused. */
  role: DocumentRole | null
  /** Why the document cannot be opened, in plain English, when refused. */
  message: string | null
  /** The document has caught up with the server since the last connection. */
  synced: boolean
}

const CLOSE_ACCESS_CHANGED = 4000
const CLOSE_UNAUTHORIZED = 4401

function syncUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${window.location.host}/sync`
}

export class LiveDocument {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  state: LiveState = { status: 'connecting', role: null, message: null, synced: false }

  private local: IndexeddbPersistence | null = null
  private listeners = new Set<(state: LiveState) => void>()
  private movedListeners = new Set<(document: string) => void>()
  private retryTimer: number | undefined
  private retryDelay = 1000
  private unauthorizedInARow = 0
  private destroyed = false
  private readonly onOnline = () => void this.refresh()
  saveState: SaveState | null = null
  private saveListeners = new Set<(state: SaveState | null) => void>()
  private saveTimer: number | undefined
  private checking = false
  private readonly onOffline = () => this.goOffline()

  constructor(
    readonly meetingId: string,
    readonly kind: DocumentKind,
    readonly documentName: string,
    user: LiveUser,
  ) {
    this.provider = new WebsocketProvider(syncUrl(), documentName, this.doc, {
      connect: false,
      disableBc: true,
      params: {},
      // 4xxx closes are the server's word on access: this class decides what to do next.
      shouldReconnect: (event: CloseEvent) => !(event.code >= 4000 && event.code < 5000),
    })
    this.provider.awareness.setLocalStateField('user', user)
    this.provider.on('status', ({ status }: { status: string }) => {
      if (this.state.status === 'refused' || this.state.status === 'offline') return
      this.update({ status: status === 'connected' ? 'connected' : 'connecting' })
    })
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.unauthorizedInARow = 0
        this.retryDelay = 1000
        // Back online: what waited in the local copy has just been sent; ask whether it is stored.
        if (this.saveState !== null && this.saveState !== 'saved') this.setSave('saving', 300)
      }
      this.update({ synced })
    })
    // An edit made on this page (not one from the server, nor the local copy being read back).
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || (this.local !== null && origin === this.local)) return
      this.setSave(navigator.onLine && this.state.status !== 'offline' ? 'saving' : 'offline', 400)
    })
    this.provider.on('closed', ({ code, reason }: { code: number; reason: string }) => this.closedByServer(code, reason))
    window.addEventListener('online', this.onOnline)
    window.addEventListener('offline', this.onOffline)
  }

  /** Calls `listener` now and on every change of state; gives back a function that stops it. */
  onChange(listener: (state: LiveState) => void): () => void {
    this.listeners.add(listener)
    listener(this.state)
    return () => this.listeners.delete(listener)
  }

  /**
   * Calls `listener` with the document's new name when the server hands this person a token for
   * another document of the same kind (the facilitator moved them to another private room).
   * This document stays closed from then on.
   */
  onMoved(listener: (document: string) => void): () => void {
    this.movedListeners.add(listener)
    return () => this.movedListeners.delete(listener)
  }

  get awareness() {
    return this.provider.awareness
  }

  get canEdit(): boolean {
    return this.state.role === 'editor' && this.state.status !== 'refused'
  }

  /** Calls `listener` now and whenever whether this person's edits are saved changes. */
  onSaveChange(listener: (state: SaveState | null) => void): () => void {
    this.saveListeners.add(listener)
    listener(this.saveState)
    return () => this.saveListeners.delete(listener)
  }

  private setSave(state: SaveState, checkAfter?: number): void {
    if (this.saveState !== state) {
      this.saveState = state
      for (const listener of [...this.saveListeners]) listener(state)
    }
    window.clearTimeout(this.saveTimer)
    if (checkAfter !== undefined && state === 'saving') this.saveTimer = window.setTimeout(() => void this.checkSaved(), checkAfter)
  }

  /** Asks the server what it has stored, and compares it with this page's own edits. */
  private async checkSaved(): Promise<void> {
    if (this.destroyed || this.checking) return
    if (!navigator.onLine || this.state.status === 'offline') return this.setSave('offline')
    if (this.state.status !== 'connected' || !this.state.synced) return this.setSave('saving', 1000)
    this.checking = true
    try {
      const saved = await api.savedState(this.meetingId, this.kind)
      const bytes = Uint8Array.from(atob(saved.state_vector), (c) => c.charCodeAt(0))
      const stored = Y.decodeStateVector(bytes).get(this.doc.clientID) ?? 0
      const mine = Y.getState(this.doc.store, this.doc.clientID)
      if (stored >= mine) this.setSave('saved')
      else this.setSave('saving', 1000)
    } catch {
      this.setSave(navigator.onLine ? 'saving' : 'offline', 2000)
    } finally {
      this.checking = false
    }
  }

  /** Opens the document: asks for a token and connects. Safe to call again at any time. */
  async start(): Promise<void> {
    await this.refresh()
  }

  /** Asks for a fresh token (access may have changed) and connects with it. */
  async refresh(): Promise<void> {
    if (this.destroyed) return
    window.clearTimeout(this.retryTimer)
    if (!navigator.onLine) {
      this.goOffline()
      return
    }
    let token
    try {
      token = await api.documentToken(this.meetingId, this.kind)
    } catch (error) {
      if (this.destroyed) return
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        this.provider.disconnect()
        this.update({ status: 'refused', role: null, message: error.message, synced: false })
      } else {
        this.update({ status: navigator.onLine ? 'connecting' : 'offline' })
        this.retryLater()
      }
      return
    }
    if (this.destroyed) return
    if (token.document !== this.documentName) {
      this.provider.disconnect()
      for (const listener of [...this.movedListeners]) listener(token.document)
      if (!this.destroyed) this.update({ status: 'refused', role: null, message: t('live-private-room-changed'), synced: false })
      return
    }
    if (!this.local) this.local = new IndexeddbPersistence(localCopyName(token.document), this.doc)
    this.provider.params = { token: token.token }
    this.update({ role: token.role, message: null, status: this.provider.wsconnected ? 'connected' : 'connecting' })
    // Connects unless already connected; a connection whose access changes is closed by the server.
    this.provider.connect()
  }

  /** Resolves when the document has synced with the server (or after `timeout` ms). */
  whenSynced(timeout = 10000): Promise<boolean> {
    if (this.state.synced) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => {
        stop()
        resolve(false)
      }, timeout)
      const stop = this.onChange((state) => {
        if (state.synced) {
          window.clearTimeout(timer)
          queueMicrotask(() => stop())
          resolve(true)
        }
      })
    })
  }

  destroy(): void {
    this.destroyed = true
    window.clearTimeout(this.retryTimer)
    window.removeEventListener('online', this.onOnline)
    window.removeEventListener('offline', this.onOffline)
    this.listeners.clear()
    this.movedListeners.clear()
    this.saveListeners.clear()
    window.clearTimeout(this.saveTimer)
    this.provider.destroy()
    void this.local?.destroy()
    this.doc.destroy()
  }

  private closedByServer(code: number, reason: string): void {
    if (this.destroyed) return
    if (code === CLOSE_ACCESS_CHANGED) {
      void this.refresh()
    } else if (code === CLOSE_UNAUTHORIZED) {
      this.unauthorizedInARow += 1
      if (this.unauthorizedInARow > 3) {
        this.update({ status: 'refused', role: null, message: sentence(reason || 'you cannot open this document now'), synced: false })
      } else {
        void this.refresh()
      }
    } else {
      this.update({ status: 'refused', role: null, message: sentence(reason || 'you cannot open this document now'), synced: false })
    }
  }

  private goOffline(): void {
    if (this.destroyed) return
    // The connection cannot work now; the local copy keeps every edit until it comes back.
    this.provider.disconnect()
    if (this.state.status !== 'refused') this.update({ status: 'offline', synced: false })
    if (this.saveState !== null) this.setSave('offline')
  }

  private retryLater(): void {
    window.clearTimeout(this.retryTimer)
    this.retryTimer = window.setTimeout(() => void this.refresh(), this.retryDelay)
    this.retryDelay = Math.min(this.retryDelay * 2, 15000)
  }

  private update(change: Partial<LiveState>): void {
    const next = { ...this.state, ...change }
    if (
      next.status === this.state.status &&
      next.role === this.state.role &&
      next.message === this.state.message &&
      next.synced === this.state.synced
    ) {
      return
    }
    this.state = next
    for (const listener of [...this.listeners]) listener(next)
  }
}
