/**
 * Fault injection settings. Every fault is off unless set.
 *
 * @example
 * ```ts
 * sandbox.setFaults({ errorRate: 0.2, streamCutAfter: 5 })
 * ```
 */
export interface FaultSettings {
  /** 0..1: fraction of `/api/v1` requests answered 500 or 503 before the handler runs (nothing stored). */
  errorRate?: number
  /** Statuses used by `errorRate`; default `[500, 503]`. */
  errorStatuses?: number[]
  /** 0..1: fraction of `/api/v1` requests whose connection is destroyed after the handler ran (the effect is stored, the response is lost). */
  resetRate?: number
  /** Each SSE connection is cut abruptly after sending this many events. */
  streamCutAfter?: number
  /** Milliseconds added before each `/api/v1` response. */
  latencyMs?: number
  /** The next N `/api/v1` requests are answered 429 with `Retry-After: 1`. */
  rateLimitBurst?: number
}

/**
 * Per-API-key token bucket: `requestsPerSecond` refill rate, `burst` bucket size.
 *
 * @example
 * ```ts
 * await startSandbox({ rateLimit: { requestsPerSecond: 5, burst: 10 } })
 * ```
 */
export interface RateLimitSettings {
  requestsPerSecond: number
  burst: number
}

/**
 * Options of {@link createSandbox} and {@link startSandbox}.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ db: ':memory:', tokenIntervalMs: 0, credits: 10 })
 * ```
 */
export interface SandboxOptions {
  /** SQLite file path; default `.archipelag/sandbox.db`; `':memory:'` allowed. */
  db?: string
  /** Fix the seeded account's key (must start with `ak_`); default: a random key, persisted in a file db. */
  apiKey?: string
  /** Seed balance of the seeded account; default 100. */
  credits?: number
  /** Parallel simulated Islands (workers); default 4. */
  islands?: number
  /** Delay between `llm-chat` tokens; default 30 (0 = as fast as possible). */
  tokenIntervalMs?: number
  /** Delay between `sdxl` steps; default 20. */
  stepIntervalMs?: number
  /** SSE keep-alive comment interval when idle; default 15000. */
  keepAliveMs?: number
  /** Value of the SSE `retry:` field sent at stream start; default 1000. */
  retryMs?: number
  /** A running job longer than this ends `timeout`; default 300000. */
  jobTimeoutMs?: number
  /** Per API key; default `{ requestsPerSecond: 1000, burst: 2000 }`; `false` turns it off. */
  rateLimit?: RateLimitSettings | false
  /** Default: all off. */
  faults?: FaultSettings
  /** No request logging (default true for `startSandbox`, false for the CLI). */
  quiet?: boolean
}

/** Options with every default applied, resolved once in {@link resolveOptions}. */
export interface ResolvedOptions {
  db: string
  apiKey: string | undefined
  credits: number
  islands: number
  tokenIntervalMs: number
  stepIntervalMs: number
  keepAliveMs: number
  retryMs: number
  jobTimeoutMs: number
  rateLimit: RateLimitSettings | false
  faults: FaultSettings
  quiet: boolean
}

/**
 * The longest delay Node timers honour (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms,
 * so a huge `jobTimeoutMs` would time every job out at once. Durations are capped to it.
 */
export const MAX_TIMER_MS = 2_147_483_647

/** The largest balance an account may be seeded with (its micro-credits stay exact integers). */
export const MAX_CREDITS = 1_000_000_000

/** The most simulated Islands (each is a worker loop; a typo such as `1e9` should fail fast). */
export const MAX_ISLANDS = 1000

function duration(name: string, value: number | undefined, fallback: number): number {
  return Math.min(MAX_TIMER_MS, nonNegative(name, value, fallback))
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Sandbox option ${name} must be a non-negative number, got ${value}`)
  }
  return value
}

/** Checks a seed balance: 0 to {@link MAX_CREDITS} (a larger one would lose cents in floating point). */
export function credits(value: number | undefined, fallback: number): number {
  const checked = nonNegative('credits', value, fallback)
  if (checked > MAX_CREDITS) {
    throw new RangeError(`Sandbox option credits must be at most ${MAX_CREDITS}, got ${value}`)
  }
  return checked
}

/** Applies the defaults and checks the values of {@link SandboxOptions}. */
export function resolveOptions(options: SandboxOptions = {}, quietDefault = true): ResolvedOptions {
  if (options.apiKey !== undefined && !/^ak_[A-Za-z0-9_-]{8,}$/.test(options.apiKey)) {
    throw new RangeError("Sandbox option apiKey must start with 'ak_' followed by 8+ characters")
  }
  const islands = Math.floor(nonNegative('islands', options.islands, 4))
  if (islands < 1 || islands > MAX_ISLANDS) {
    throw new RangeError(
      `Sandbox option islands must be between 1 and ${MAX_ISLANDS}, got ${islands}`,
    )
  }
  const limit = options.rateLimit ?? { requestsPerSecond: 1000, burst: 2000 }
  const rateLimit: RateLimitSettings | false = limit && {
    requestsPerSecond: nonNegative('rateLimit.requestsPerSecond', limit.requestsPerSecond, 1000),
    burst: nonNegative('rateLimit.burst', limit.burst, 2000),
  }
  return {
    db: options.db ?? '.archipelag/sandbox.db',
    apiKey: options.apiKey,
    credits: credits(options.credits, 100),
    islands,
    tokenIntervalMs: duration('tokenIntervalMs', options.tokenIntervalMs, 30),
    stepIntervalMs: duration('stepIntervalMs', options.stepIntervalMs, 20),
    keepAliveMs: Math.max(1, duration('keepAliveMs', options.keepAliveMs, 15_000)),
    retryMs: duration('retryMs', options.retryMs, 1000),
    jobTimeoutMs: Math.max(1, duration('jobTimeoutMs', options.jobTimeoutMs, 300_000)),
    rateLimit,
    faults: { ...(options.faults ?? {}) },
    quiet: options.quiet ?? quietDefault,
  }
}
