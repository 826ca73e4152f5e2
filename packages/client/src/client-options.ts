import { ArchipelagError, isBrowser, readEnv, type TransportOptions } from '@archipelag/core'

/**
 * Options of `new Client(options)`.
 *
 * @example
 * const client = new Client({ apiKey: process.env.ARCHIPELAG_API_KEY, timeout: 30_000 })
 */
export interface ClientOptions {
  /**
   * Your `ak_…` API key. Default: `process.env.ARCHIPELAG_API_KEY`. Pass `null` to send no
   * key at all, when `baseUrl` points at a proxy that adds it (see
   * `@archipelag/client/proxy`): `new Client({ apiKey: null, baseUrl: '/api/archipelag' })`.
   */
  apiKey?: string | null
  /**
   * The API origin. Default: `process.env.ARCHIPELAG_BASE_URL`, else
   * `'https://api.archipelag.io'`. `/api/v1` is appended. In a browser a path such as
   * `'/api/archipelag'` works too (relative to the page).
   */
  baseUrl?: string | URL
  /**
   * ms per HTTP attempt, until the whole answer is read (for a stream, its headers).
   * Default 60 000; 0 = no limit. (A call that waits for a job — `chat`, `waitForJob` —
   * takes its own `timeout`: the whole wait.)
   */
  timeout?: number
  /** Retries of a failed attempt (connection errors, 408, 409, 429, 5xx). Default 2. */
  maxRetries?: number
  /** Largest single answer accepted, in bytes (a JSON body or one stream event). Default 32 MiB. */
  maxResponseBytes?: number
  /** Extra headers on every request. */
  headers?: Record<string, string>
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /**
   * Allow a secret `ak_` key in a browser page. Default false: anyone who opens the page
   * could read the key. Use the proxy (`@archipelag/client/proxy`) instead.
   */
  dangerouslyAllowBrowser?: boolean
  /** Appended to the User-Agent (`archipelag-ts/<version> <yours>`). */
  userAgent?: string
  /** Backoff between retries: first delay, longest delay, longest `Retry-After` honoured (ms). */
  retryDelay?: TransportOptions['retryDelay']
  /** Called before each HTTP attempt (the key is redacted). */
  onRequest?: TransportOptions['onRequest']
  /** Called after each HTTP answer. */
  onResponse?: TransportOptions['onResponse']
  /** Called before each retry. */
  onRetry?: TransportOptions['onRetry']
}

const MISSING_KEY =
  'Missing API key: pass { apiKey } or set ARCHIPELAG_API_KEY ({ apiKey: null } behind a proxy)'

const BROWSER_KEY =
  'Secret ak_ key refused in a browser: use @archipelag/client/proxy and { apiKey: null }, ' +
  'or set dangerouslyAllowBrowser: true'

/**
 * The client's own rules — the key from the environment, no secret key in a browser page —
 * applied once; every other option is core's to check and resolve, with the same meaning.
 */
export function resolveClientOptions(options: ClientOptions): TransportOptions {
  const apiKey =
    options.apiKey === null ? undefined : (options.apiKey ?? readEnv('ARCHIPELAG_API_KEY'))
  if (options.apiKey !== null && !apiKey) {
    throw new ArchipelagError(MISSING_KEY, { code: 'missing_api_key' })
  }
  if (apiKey?.startsWith('ak_') && isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ArchipelagError(BROWSER_KEY, { code: 'browser_api_key' })
  }
  const { dangerouslyAllowBrowser: _allow, ...rest } = options
  // `null`, not undefined, when there is no key: the transport must not read the env again.
  return { ...rest, apiKey: apiKey ?? null }
}
