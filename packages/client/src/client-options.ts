import { ArchipelagError, type TransportOptions } from '@archipelag/core'
import { isBrowser, readEnv } from './internal/environment'
import { checkPositive, invalidArgument } from './internal/errors'

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
   * `'/api/archipelag'` is resolved against the page's origin.
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
  'No Archipelag API key: pass new Client({ apiKey: "ak_…" }) or set ARCHIPELAG_API_KEY. ' +
  'Behind a proxy that adds the key, pass { apiKey: null, baseUrl: "/api/archipelag" }.'

const BROWSER_KEY =
  'Refusing to use a secret ak_ API key in a browser: anyone who opens the page could read it. ' +
  'Serve the API through createProxyHandler from "@archipelag/client/proxy" and create the ' +
  'client with { apiKey: null, baseUrl: "/your/proxy/path" }, or pass ' +
  '{ dangerouslyAllowBrowser: true } if you accept the risk.'

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
  checkPositive('timeout', options.timeout)
  if (
    options.maxRetries !== undefined &&
    (!Number.isInteger(options.maxRetries) || options.maxRetries < 0)
  ) {
    throw invalidArgument('maxRetries', 'must be an integer >= 0')
  }
  let baseUrl = options.baseUrl ?? readEnv('ARCHIPELAG_BASE_URL')
  if (baseUrl?.startsWith('/')) {
    const origin = (globalThis as { location?: { origin?: string } }).location?.origin
    if (!origin) throw invalidArgument('baseUrl', 'a path needs a page origin; give a full URL')
    baseUrl = `${origin}${baseUrl}`
  }
  const transport: TransportOptions = {}
  if (apiKey) transport.apiKey = apiKey
  if (baseUrl) transport.baseUrl = baseUrl
  if (options.timeout !== undefined) transport.timeout = options.timeout
  if (options.maxRetries !== undefined) transport.maxRetries = options.maxRetries
  if (options.headers) transport.headers = options.headers
  if (options.fetch) transport.fetch = options.fetch
  if (options.userAgent) transport.userAgent = options.userAgent
  if (options.onRequest) transport.onRequest = options.onRequest
  if (options.onResponse) transport.onResponse = options.onResponse
  if (options.onRetry) transport.onRetry = options.onRetry
  return { transport, hasKey: apiKey !== undefined }
}
