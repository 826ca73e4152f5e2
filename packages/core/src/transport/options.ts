import type { ArchipelagError } from '../errors/archipelag-error'

/**
 * Options of {@link createTransport}. Every option has a default except `apiKey`.
 *
 * @example
 * ```ts
 * const transport = createTransport({ apiKey: process.env.ARCHIPELAG_API_KEY, maxRetries: 4 })
 * ```
 */
export interface TransportOptions {
  /**
   * `ak_…` secret. Default: `process.env.ARCHIPELAG_API_KEY` where `process` exists.
   * Required unless `fetch` is given or `baseUrl` points at your own proxy; `null` sends no
   * `Authorization` header at all (a proxy adds it) whatever the environment says.
   */
  apiKey?: string | null
  /**
   * Default: `process.env.ARCHIPELAG_BASE_URL`, else `'https://api.archipelag.io'`;
   * `/api/v1` is appended unless already there.
   * A trailing slash is tolerated. A relative URL (`/api/archipelag`) works in browsers;
   * a path prefix (`https://gateway.example/archipelag`) is kept. No query string.
   */
  baseUrl?: string | URL
  /**
   * Milliseconds allowed per attempt: from sending until the whole answer is read (for a
   * stream, until its headers; then `idleTimeout` watches it). Default 60 000; 0 = no limit.
   */
  timeout?: number
  /** Retries after the first attempt on connection errors, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number
  /**
   * Extra headers sent with every request. An `authorization` header here is sent as is
   * when there is no `apiKey` (e.g. a session token for your proxy); `apiKey` wins otherwise.
   */
  headers?: Record<string, string>
  /** A fetch implementation (a proxy-aware one, a test server's in-process handler…). */
  fetch?: typeof fetch
  /**
   * The largest single answer accepted, in bytes: a JSON body, or one event of a stream.
   * Beyond it the call fails with an `InvalidResponseError` instead of holding an endless
   * answer in memory. Default 32 MiB (a 2048×2048 PNG, base64-encoded, fits).
   */
  maxResponseBytes?: number
  /** Appended to the `archipelag-ts/<version>` user agent, e.g. `'my-app/1.2'`. */
  userAgent?: string
  /** Backoff tuning: first delay, longest delay, and the longest `Retry-After` honoured (ms). */
  retryDelay?: { initialMs?: number; maxMs?: number; maxRetryAfterMs?: number }
  /**
   * Called before every attempt. The `authorization` header is redacted. Like every hook,
   * for logging: one that throws is ignored and never changes what the call does.
   */
  onRequest?(info: RequestInfo): void
  /** Called after every answer (any status). A hook that throws is ignored. */
  onResponse?(info: ResponseInfo): void
  /** Called before waiting for a retry (of a request or a stream). A hook that throws is ignored. */
  onRetry?(info: RetryInfo): void
}

/**
 * Per-call options, the last argument of every endpoint function.
 *
 * @example
 * ```ts
 * await transport.jobs.get(id, { timeout: 5_000, signal: AbortSignal.timeout(10_000) })
 * ```
 */
export interface RequestOptions {
  /** Aborts the call (the promise rejects with the signal's reason). */
  signal?: AbortSignal
  /** Overrides the transport's `timeout` for this call (ms per attempt). */
  timeout?: number
  /** Overrides the transport's `maxRetries` for this call. */
  maxRetries?: number
  /** Idempotency key for a POST; `jobs.create` and `batches.submit` generate one if absent. */
  idempotencyKey?: string
  /** Extra headers for this call. */
  headers?: Record<string, string>
}

/** What hooks learn about a request. Never contains the raw API key. */
export interface RequestInfo {
  method: string
  url: string
  /** Request headers, with `authorization` redacted. */
  headers: Record<string, string>
  /** 0 for the first attempt, 1 for the first retry, … */
  attempt: number
}

/** What hooks learn about an answer. */
export interface ResponseInfo {
  method: string
  url: string
  status: number
  requestId?: string
  attempt: number
  /** Milliseconds from sending to the whole body read (to the headers, for streams). */
  durationMs: number
}

/** What hooks learn about a retry about to happen. */
export interface RetryInfo {
  method: string
  url: string
  /** The attempt about to be made (1 = first retry). */
  attempt: number
  /** How long the transport waits before it. */
  delayMs: number
  /** Why the previous attempt failed. */
  error: ArchipelagError
}

/** Options after defaults are applied: nothing downstream asks "is this set?". */
export interface ResolvedTransportOptions {
  /** Absolute or relative base, ending in `/api/v1`, no trailing slash. */
  baseUrl: string
  timeout: number
  maxRetries: number
  fetch: typeof fetch
  maxResponseBytes: number
  /** Headers sent with every request (`authorization` from `apiKey` is added separately). */
  headers: Record<string, string>
  retryDelay: { initialMs: number; maxMs: number; maxRetryAfterMs: number }
  onRequest: ((info: RequestInfo) => void) | undefined
  onResponse: ((info: ResponseInfo) => void) | undefined
  onRetry: ((info: RetryInfo) => void) | undefined
}

/** The default API origin. */
export const DEFAULT_BASE_URL = 'https://api.archipelag.io'
