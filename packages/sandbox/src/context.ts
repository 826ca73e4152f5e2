import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Store } from './db/store.js'
import type { Engine } from './engine/engine.js'
import type { EventLog } from './engine/event-log.js'
import type { EventHub } from './engine/hub.js'
import type { Faults } from './faults.js'
import type { ListenerRegistry } from './listener-registry.js'
import type { ResolvedOptions } from './options.js'
import type { RateLimiter } from './rate-limit.js'

/** Everything the routes share: storage, engine, settings. */
export interface SandboxContext {
  options: ResolvedOptions
  store: Store
  hub: EventHub
  log: EventLog
  engine: Engine
  faults: Faults
  rateLimiter: RateLimiter
  /** The clean close of each open stream, per API key id (run when the key is deleted). */
  keyStreams: ListenerRegistry<() => void>
  /** The seeded account (printed by the CLI). */
  seededAccountId: string
  /** Streams ask this to know whether the sandbox is closing. */
  closing: () => boolean
}

/**
 * Per-request bindings: `incoming` is set when served over HTTP by @hono/node-server; the in-process
 * fetch sets `inProcess` and reads `resetRequested` after the handler.
 */
export interface Bindings {
  incoming?: IncomingMessage
  outgoing?: ServerResponse
  inProcess?: { resetRequested: boolean }
}

/** The authenticated caller. */
export interface Caller {
  accountId: string
  keyId: string
  scopes: ReadonlySet<string>
}

/** Hono environment of the sandbox app. */
export interface AppEnv {
  Bindings: Bindings
  Variables: { caller: Caller; requestId: string }
}
