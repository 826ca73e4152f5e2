import type { Hono } from 'hono'
import { createAccount as createAccountRecord, seedAccount } from './accounts.js'
import { createApp } from './app.js'
import type { AppEnv, Bindings, SandboxContext } from './context.js'
import { openDatabase } from './db/open.js'
import { Store } from './db/store.js'
import { Engine } from './engine/engine.js'
import { EventLog } from './engine/event-log.js'
import { EventHub } from './engine/hub.js'
import { Faults } from './faults.js'
import { ListenerRegistry } from './listener-registry.js'
import {
  type FaultSettings,
  type ResolvedOptions,
  resolveOptions,
  type SandboxOptions,
} from './options.js'
import { RateLimiter } from './rate-limit.js'
import { accountJson } from './serialize.js'

/**
 * A running sandbox, from {@link startSandbox} (over HTTP) or {@link createSandbox} (in process).
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ db: ':memory:' })
 * const { key } = await sandbox.createAccount({ credits: 0 }) // a second, broke account
 * sandbox.setFaults({ streamCutAfter: 5 })
 * await sandbox.close()
 * ```
 */
export interface Sandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`; the API is under `${url}/api/v1`. */
  url: string
  /** The seeded account's API key. */
  apiKey: string
  /**
   * In-process handler: same behaviour without a socket. Under faults a reset rejects with
   * `TypeError('fetch failed')` and a stream cut errors the body stream.
   */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>
  /** Replaces the fault settings; returns those in force. */
  setFaults(faults: FaultSettings): FaultSettings
  /** Creates another account (for isolation and 402 tests) and returns its first key. */
  createAccount(opts?: { email?: string; credits?: number }): Promise<{
    account: { id: string; email: string; credits: number }
    key: string
  }>
  /** Ends streams, stops workers, closes the database. Idempotent. */
  close(): Promise<void>
}

/** A sandbox core before it is bound to a URL (shared by the in-process and HTTP forms). */
export interface SandboxCore {
  ctx: SandboxContext
  app: Hono<AppEnv>
  apiKey: string
  fetch(
    input: Request | string | URL,
    init: RequestInit | undefined,
    baseUrl: string,
  ): Promise<Response>
  setFaults(faults: FaultSettings): FaultSettings
  createAccount: Sandbox['createAccount']
  close(): Promise<void>
}

/**
 * The in-process `fetch` of a sandbox app: relative paths resolve against `baseUrl`; an injected
 * connection reset rejects as `fetch` would (`TypeError('fetch failed')`).
 */
function inProcessFetch(app: Hono<AppEnv>, closing: () => boolean): SandboxCore['fetch'] {
  return async (input, init, baseUrl) => {
    if (closing())
      throw new TypeError('fetch failed', { cause: new Error('the sandbox is closed') })
    const target = typeof input === 'string' && input.startsWith('/') ? `${baseUrl}${input}` : input
    const request =
      target instanceof Request && init === undefined ? target : new Request(target, init)
    const bindings: Bindings = { inProcess: { resetRequested: false } }
    const response = await app.fetch(request, bindings)
    if (bindings.inProcess?.resetRequested) {
      await response.body?.cancel().catch(() => {})
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up (injected connection reset)'), {
          code: 'ECONNRESET',
        }),
      })
    }
    return response
  }
}

/** Opens the database, seeds it, recovers interrupted jobs and starts the Islands. */
export function openSandboxCore(options: ResolvedOptions): SandboxCore {
  const db = openDatabase(options.db)
  const store = new Store(db)
  const hub = new EventHub()
  const log = new EventLog(store, hub)
  const engine = new Engine(store, log, options)
  let closing = false
  const seeded = seedAccount(store, { apiKey: options.apiKey, credits: options.credits })
  const ctx: SandboxContext = {
    options,
    store,
    hub,
    log,
    engine,
    faults: new Faults(options.faults),
    rateLimiter: new RateLimiter(options.rateLimit),
    keyStreams: new ListenerRegistry<() => void>(),
    seededAccountId: seeded.accountId,
    closing: () => closing,
  }
  const app = createApp(ctx)
  engine.start()
  let closed: Promise<void> | undefined
  return {
    ctx,
    app,
    apiKey: seeded.apiKey,
    fetch: inProcessFetch(app, ctx.closing),
    setFaults: (faults) => ctx.faults.set(faults),
    async createAccount(opts = {}) {
      const { account, key } = createAccountRecord(store, opts)
      return {
        account: accountJson(account) as { id: string; email: string; credits: number },
        key,
      }
    },
    close() {
      closed ??= (async () => {
        closing = true
        await engine.stop()
        hub.endAll()
        log.flush()
        db.close()
      })()
      return closed
    },
  }
}

/** The base URL of an in-process sandbox (no socket). */
export const IN_PROCESS_URL = 'http://sandbox.local'

/**
 * Creates a sandbox without a socket: call it through `sandbox.fetch` (its `url` is
 * `http://sandbox.local`). Ideal for fast tests.
 *
 * @example
 * ```ts
 * const sandbox = await createSandbox({ db: ':memory:', tokenIntervalMs: 0 })
 * const res = await sandbox.fetch(`${sandbox.url}/api/v1/account`, {
 *   headers: { authorization: `Bearer ${sandbox.apiKey}` },
 * })
 * await sandbox.close()
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = openSandboxCore(resolveOptions(options, true))
  return {
    url: IN_PROCESS_URL,
    apiKey: core.apiKey,
    fetch: (input, init) => core.fetch(input, init, IN_PROCESS_URL),
    setFaults: core.setFaults,
    createAccount: core.createAccount,
    close: core.close,
  }
}
