import { ValidationError } from '../errors/validation-error'
import { isBrowser, readEnv } from '../runtime/environment'
import { VERSION } from '../version'
import { DEFAULT_BASE_URL, type ResolvedTransportOptions, type TransportOptions } from './options'

/** `https://x.io/` → `https://x.io/api/v1`; `https://x.io/api/v1/` → `https://x.io/api/v1`. */
export function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '')
  return trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value >= 0) return value
  throw new ValidationError(`Invalid option: ${name} must be a number ≥ 0`, { field: name })
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
  // A `URL` object is accepted too; a query or fragment cannot take paths after it.
  const envBaseUrl = options.baseUrl === undefined ? readEnv('ARCHIPELAG_BASE_URL') : undefined
  const baseUrl = String(options.baseUrl ?? envBaseUrl ?? DEFAULT_BASE_URL)
  if (/[?#]/.test(baseUrl)) {
    throw new ValidationError(
      `Invalid option: baseUrl must not have a query string or fragment (got ${baseUrl})`,
      { field: 'baseUrl' },
    )
  }
  // `null` means "send no key" (a key-adding proxy); `undefined` falls back to the env.
  const apiKey =
    options.apiKey === null ? undefined : (options.apiKey ?? readEnv('ARCHIPELAG_API_KEY'))
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw new ValidationError('Invalid option: apiKey must be a non-empty string', {
      field: 'apiKey',
    })
  }
  const customRoute =
    options.apiKey === null || options.fetch !== undefined || options.baseUrl !== undefined
  if (apiKey === undefined && !customRoute) {
    throw new ValidationError(
      'Missing apiKey: pass createTransport({ apiKey }) or set ARCHIPELAG_API_KEY (keys start with "ak_"), or a baseUrl pointing at your proxy',
      { field: 'apiKey' },
    )
  }
  const custom = options.fetch
  // Never stored as a method of an object: a browser's `fetch` called with any `this`
  // other than the window throws "Illegal invocation". The global one is looked up at
  // call time, so a polyfill or a test's patch installed later is honoured too.
  const fetchImpl: typeof fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    custom ? custom(input, init) : globalThis.fetch(input, init)
  if (typeof (custom ?? globalThis.fetch) !== 'function') {
    throw new ValidationError('No fetch available: pass createTransport({ fetch })', {
      field: 'fetch',
    })
  }
  const headers: Record<string, string> = { accept: 'application/json' }
  // Browsers refuse (or CORS-reject) a custom User-Agent; elsewhere it identifies the SDK.
  if (!isBrowser()) {
    const agent = `archipelag-ts/${VERSION}`
    headers['user-agent'] = options.userAgent ? `${agent} ${options.userAgent}` : agent
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  const delay = options.retryDelay ?? {}
  return {
    resolved: {
      baseUrl: normalizeBaseUrl(baseUrl),
      timeout: nonNegative('timeout', options.timeout, 60_000),
      maxRetries: nonNegative('maxRetries', options.maxRetries, 2),
      fetch: fetchImpl,
      maxResponseBytes: nonNegative('maxResponseBytes', options.maxResponseBytes, 32 * 1024 * 1024),
      headers,
      retryDelay: {
        initialMs: nonNegative('retryDelay.initialMs', delay.initialMs, 500),
        maxMs: nonNegative('retryDelay.maxMs', delay.maxMs, 8_000),
        maxRetryAfterMs: nonNegative('retryDelay.maxRetryAfterMs', delay.maxRetryAfterMs, 60_000),
      },
      onRequest: options.onRequest,
      onResponse: options.onResponse,
      onRetry: options.onRetry,
    },
    authorization: apiKey === undefined ? undefined : `Bearer ${apiKey}`,
    apiKey,
  }
}
