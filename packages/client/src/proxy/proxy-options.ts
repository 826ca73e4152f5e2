import {
  DEFAULT_BASE_URL,
  type SecretRedactor,
  ValidationError,
  createSecretRedactor,
  isBrowser,
  normalizeBaseUrl,
  readEnv,
} from '@archipelag/core'
import { chatModelCatalog } from './chat-models'
import type { BodyLimits } from './read-body'
import { type CompiledRoute, type ProxyRoute, compileRoute, defaultProxyRoutes } from './routes'
import type { WorkloadPolicy } from './workload-check'

/**
 * Options of {@link createProxyHandler}.
 */
export interface ProxyHandlerOptions {
  /**
   * The server-side API key injected into every forwarded call.
   * Default: `process.env.ARCHIPELAG_API_KEY` (read once, when the handler is created).
   */
  apiKey?: string
  /**
   * The upstream API. Default: `process.env.ARCHIPELAG_BASE_URL`, else
   * `'https://api.archipelag.io'`. A trailing `/api/v1` is tolerated.
   */
  baseUrl?: string
  /**
   * Workloads (Cargo slugs) callers may run, checked against what will really run:
   * the `workload` of `POST /jobs` and `POST /jobs/batch`, and for `POST /chat/completions`
   * the Cargo its `model` runs (`llm-chat` when absent), which must be a chat model the API
   * lists under `GET /models` (looked up with your key, cached for a minute). Default:
   * none, so no job can be created until you name one.
   *
   * @example
   * createProxyHandler({ allowWorkloads: ['llm-chat', 'sdxl'] })
   */
  allowWorkloads?: readonly string[]
  /**
   * Routes forwarded, as `'<METHOD> /path'` relative to `/api/v1` (`:name` matches one
   * segment). Default: {@link defaultProxyRoutes}. Account-level routes (`/api-keys`,
   * `/account`, listing all jobs) pass only when named here.
   */
  allowPaths?: readonly (ProxyRoute | string)[]
  /**
   * Decides whether a caller may use the proxy at all (check your session cookie here).
   * Returning `false` answers 401. Runs first, on the method, URL and headers: the body
   * has not been read yet, and must not be read here.
   */
  authorize?: (request: Request) => boolean | Promise<boolean>
  /** The `fetch` used to reach the upstream API. Default: the global `fetch`. */
  fetch?: typeof fetch
  /**
   * Largest request body accepted, in bytes; a larger one gets 413 as soon as its
   * `content-length` (or its bytes so far) says so. Default: 10 MiB (the API's own limit).
   *
   * @example
   * createProxyHandler({ allowWorkloads: ['llm-chat'], maxBodyBytes: 64 * 1024 })
   */
  maxBodyBytes?: number
  /**
   * Time allowed to receive a request body, in ms, from when the proxy starts reading it;
   * a body still incomplete then (a stalled or trickled upload) gets 408 and the
   * connection is let go. `0` means no limit. Default: 30 000 (30 s: a 10 MiB body needs
   * about 3 Mbit/s; raise it if your users upload large batches over slow links).
   *
   * @example
   * createProxyHandler({ allowWorkloads: ['llm-chat'], bodyTimeout: 10_000 })
   */
  bodyTimeout?: number
}

/** How long the lookup of the upstream's chat models may take before the call is refused. */
const MODELS_TIMEOUT_MS = 10_000

/** The options with every default applied, built once per handler. */
export interface ResolvedProxyOptions {
  apiKey: string
  /** The upstream's base URL, ending in `/api/v1`. */
  apiBase: string
  routes: readonly CompiledRoute[]
  authorize: ProxyHandlerOptions['authorize']
  fetch: typeof fetch
  body: BodyLimits
  workloads: WorkloadPolicy
  /** Removes the key from everything sent back to the caller. */
  redactor: SecretRedactor
}

/** Applies defaults and checks options once, naming the field at fault. */
export function resolveProxyOptions(options: ProxyHandlerOptions): ResolvedProxyOptions {
  if (isBrowser()) {
    throw new ValidationError(
      'createProxyHandler runs on your server: in a browser page its API key would be readable by anyone',
      { field: 'apiKey' },
    )
  }
  const apiKey = options.apiKey ?? readEnv('ARCHIPELAG_API_KEY')
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new ValidationError(
      'createProxyHandler needs the server-side API key: pass { apiKey } or set ARCHIPELAG_API_KEY',
      { field: 'apiKey' },
    )
  }
  const baseUrl = String(options.baseUrl ?? readEnv('ARCHIPELAG_BASE_URL') ?? DEFAULT_BASE_URL)
  if (/[?#]/.test(baseUrl)) {
    throw new ValidationError(`baseUrl must not have a query or fragment (got ${baseUrl})`, {
      field: 'baseUrl',
    })
  }
  const apiBase = normalizeBaseUrl(baseUrl)
  const custom = options.fetch
  // Called unbound: a browser-like `fetch` throws "Illegal invocation" as a method.
  const doFetch: typeof fetch = (input, init) =>
    custom ? custom(input, init) : globalThis.fetch(input, init)
  const authorization = `Bearer ${apiKey}`
  return {
    apiKey,
    apiBase,
    routes: (options.allowPaths ?? defaultProxyRoutes).map(compileRoute),
    authorize: options.authorize,
    fetch: doFetch,
    body: {
      maxBytes: positive('maxBodyBytes', options.maxBodyBytes, 10 * 1024 * 1024),
      timeout: positive('bodyTimeout', options.bodyTimeout, 30_000, true),
    },
    workloads: {
      allowed: new Set(options.allowWorkloads ?? []),
      chatModels: chatModelCatalog(() =>
        doFetch(`${apiBase}/models`, {
          headers: { authorization, accept: 'application/json' },
          signal: AbortSignal.timeout(MODELS_TIMEOUT_MS),
        }),
      ),
    },
    redactor: createSecretRedactor(apiKey),
  }
}

function positive(field: string, value: number | undefined, fallback: number, zero = false) {
  if (value === undefined) return fallback
  if (typeof value === 'number' && (value > 0 || (zero && value === 0))) return value
  throw new ValidationError(`${field} must be a number ${zero ? '≥' : '>'} 0 (got ${value})`, {
    field,
  })
}
