import { ValidationError } from '../errors/validation-error'
import { isBrowser, readEnv } from '../runtime/environment'
import { VERSION } from '../version'
import { DEFAULT_BASE_URL, type ResolvedTransportOptions, type TransportOptions } from './options'

/** `https://x.io/` → `https://x.io/api/v1`; `https://x.io/api/v1/` → `https://x.io/api/v1`. */
export function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '')
  return trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`
}

/** `Invalid option: <field> <rule>`, or `message` as given. */
function invalid(field: string, rule: string, message = `Invalid option: ${field} ${rule}`) {
  return new ValidationError(message, { field })
}

/**
 * `value` if it is a number ≥ 0, `fallback` if undefined, else a `ValidationError` naming
 * `name`: the rule of every duration and count option, per transport and per call.
 */
export function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value >= 0) return value
  throw invalid(name, 'must be a number ≥ 0')
}

/**
 * The API base: the option (a string or `URL`), else `ARCHIPELAG_BASE_URL`, else the
 * production API; `/api/v1` appended. A query or fragment could not take paths after it.
 */
function resolveBaseUrl(option: string | URL | undefined): string {
  const baseUrl = String(option ?? readEnv('ARCHIPELAG_BASE_URL') ?? DEFAULT_BASE_URL)
  if (/[?#]/.test(baseUrl)) {
    throw invalid('baseUrl', `must not have a query string or fragment (got ${baseUrl})`)
  }
  return normalizeBaseUrl(baseUrl)
}

/** The key: the option, else `ARCHIPELAG_API_KEY`; `null` sends none (a key-adding proxy). */
function resolveApiKey(options: TransportOptions): string | undefined {
  const apiKey =
    options.apiKey === null ? undefined : (options.apiKey ?? readEnv('ARCHIPELAG_API_KEY'))
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw invalid('apiKey', 'must be a non-empty string')
  }
  const customRoute =
    options.apiKey === null || options.fetch !== undefined || options.baseUrl !== undefined
  if (apiKey === undefined && !customRoute) {
    throw invalid(
      'apiKey',
      '',
      'Missing apiKey: pass createTransport({ apiKey }) or set ARCHIPELAG_API_KEY (keys start with "ak_"), or a baseUrl pointing at your proxy',
    )
  }
  return apiKey
}

/**
 * The `fetch` to call — never as a method of an object: a browser's `fetch` called with
 * any `this` other than the window throws "Illegal invocation". The global one is looked
 * up at call time, so a polyfill or a test's patch installed later is honoured too.
 */
function resolveFetch(custom: typeof fetch | undefined): typeof fetch {
  if (typeof (custom ?? globalThis.fetch) !== 'function') {
    throw invalid('fetch', '', 'No fetch available: pass createTransport({ fetch })')
  }
  return (input: RequestInfo | URL, init?: RequestInit) =>
    custom ? custom(input, init) : globalThis.fetch(input, init)
}

/** Headers of every request (lowercase names), the SDK's user agent outside browsers. */
function resolveHeaders(options: TransportOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' }
  // Browsers refuse (or CORS-reject) a custom User-Agent; elsewhere it identifies the SDK.
  if (!isBrowser()) {
    const agent = `archipelag-ts/${VERSION}`
    headers['user-agent'] = options.userAgent ? `${agent} ${options.userAgent}` : agent
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  return headers
}

/**
 * Applies defaults once. Returns the resolved options and, separately, the
 * `Authorization` value, so the key never sits in an object that may be logged.
 */
export function resolveOptions(options: TransportOptions): {
  resolved: ResolvedTransportOptions
  authorization: string | undefined
  /** The key itself, for the transport's redactor only. */
  apiKey: string | undefined
} {
  const apiKey = resolveApiKey(options)
  const delay = options.retryDelay ?? {}
  const resolved: ResolvedTransportOptions = {
    baseUrl: resolveBaseUrl(options.baseUrl),
    timeout: nonNegative('timeout', options.timeout, 60_000),
    maxRetries: nonNegative('maxRetries', options.maxRetries, 2),
    fetch: resolveFetch(options.fetch),
    maxResponseBytes: nonNegative('maxResponseBytes', options.maxResponseBytes, 32 * 1024 * 1024),
    headers: resolveHeaders(options),
    retryDelay: {
      initialMs: nonNegative('retryDelay.initialMs', delay.initialMs, 500),
      maxMs: nonNegative('retryDelay.maxMs', delay.maxMs, 8_000),
      maxRetryAfterMs: nonNegative('retryDelay.maxRetryAfterMs', delay.maxRetryAfterMs, 60_000),
    },
    onRequest: options.onRequest,
    onResponse: options.onResponse,
    onRetry: options.onRetry,
  }
  return {
    resolved,
    authorization: apiKey === undefined ? undefined : `Bearer ${apiKey}`,
    apiKey,
  }
}
