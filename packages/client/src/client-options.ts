import { ArchipelagError, isBrowser, readEnv, type TransportOptions } from '@archipelag/core'
import { checkNumber } from './internal/errors'

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
  baseUrl?: string
  /** ms per HTTP attempt. Default 60 000. */
  timeout?: number
  /** Retries of a failed attempt (connection errors, 429, 5xx). Default 2. */
  maxRetries?: number
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
  /** Called before each HTTP attempt (the key is redacted). */
  onRequest?: TransportOptions['onRequest']
  /** Called after each HTTP answer. */
  onResponse?: TransportOptions['onResponse']
  /** Called before each retry. */
  onRetry?: TransportOptions['onRetry']
}

/** Options resolved once, at construction: env fallbacks applied and everything checked. */
export interface ResolvedClientOptions {
  transport: TransportOptions
  /** False when the client talks to a key-adding proxy with no key of its own. */
  hasKey: boolean
}

const MISSING_KEY =
  'Missing API key: pass { apiKey } or set ARCHIPELAG_API_KEY ({ apiKey: null } behind a proxy)'

const BROWSER_KEY =
  'Secret ak_ key refused in a browser: use @archipelag/client/proxy and { apiKey: null }, ' +
  'or set dangerouslyAllowBrowser: true'

/** Applies env fallbacks and checks, throwing a clear error for anything wrong. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const apiKey =
    options.apiKey === null ? undefined : (options.apiKey ?? readEnv('ARCHIPELAG_API_KEY'))
  if (options.apiKey !== null && !apiKey) {
    throw new ArchipelagError(MISSING_KEY, { code: 'missing_api_key' })
  }
  if (apiKey?.startsWith('ak_') && isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ArchipelagError(BROWSER_KEY, { code: 'browser_api_key' })
  }
  checkNumber('timeout', options.timeout, 0, false)
  checkNumber('maxRetries', options.maxRetries, 0, true)
  // A path ('/api/archipelag') stays relative: a browser's fetch resolves it against the page.
  const baseUrl = options.baseUrl ?? readEnv('ARCHIPELAG_BASE_URL')
  const { apiKey: _key, baseUrl: _url, dangerouslyAllowBrowser: _allow, ...rest } = options
  // `null`, not undefined, when there is no key: the transport must not read the env again.
  const transport: TransportOptions = { ...rest, apiKey: apiKey ?? null, baseUrl }
  return { transport, hasKey: apiKey !== undefined }
}
