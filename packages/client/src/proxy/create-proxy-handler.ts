import {
  type CompiledRoute,
  compileRoute,
  defaultProxyRoutes,
  matchesRoute,
  splitPath,
} from './routes'
import type { ProxyRoute } from './routes'

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
   * Workloads (Cargo slugs) callers may run through `POST /jobs`, `POST /jobs/batch` and
   * `POST /chat/completions` (its `model`, `llm-chat` when absent). Default: none, so no
   * job can be created until you name one.
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
   * Returning `false` answers 401. Runs before anything else.
   */
  authorize?: (request: Request) => boolean | Promise<boolean>
  /** The `fetch` used to reach the upstream API. Default: the global `fetch`. */
  fetch?: typeof fetch
  /** Largest request body accepted, in bytes. Default: 10 MiB (the API's own limit). */
  maxBodyBytes?: number
}

/** A fetch-standard request handler: what Next.js route handlers, Hono and workers expect. */
export type ProxyHandler = (request: Request) => Promise<Response>

const DEFAULT_BASE_URL = 'https://api.archipelag.io'
const API_PREFIX = '/api/v1'
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'idempotency-key', 'last-event-id']
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'retry-after',
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]
/** Routes whose JSON body names a workload that must be in `allowWorkloads`. */
const WORKLOAD_ROUTES: readonly { route: CompiledRoute; field: 'workload' | 'model' }[] = [
  { route: compileRoute('POST /jobs'), field: 'workload' },
  { route: compileRoute('POST /jobs/batch'), field: 'workload' },
  { route: compileRoute('POST /chat/completions'), field: 'model' },
]

/**
 * Creates a proxy that lets browsers call Archipelag.io without ever seeing your API key.
 *
 * It forwards allowed `/api/v1/*` calls to the API with the server-side key, streams
 * Server-Sent Events through as they arrive, drops the caller's own `Authorization` and
 * cookies, and denies by default: a caller refused by `authorize` gets 401, a route or
 * workload not on the allow-lists gets 403. Errors use the API's own error body, so the
 * client in the browser raises the usual typed errors. Mount it anywhere: it finds
 * `/api/v1` in the request path, so a client with `baseUrl: '/api/archipelag'` works when
 * the handler serves `/api/archipelag/*`.
 *
 * @example
 * // app/api/archipelag/[...path]/route.ts (Next.js)
 * import { createProxyHandler } from '@archipelag/client/proxy'
 * const handler = createProxyHandler({ allowWorkloads: ['llm-chat'] })
 * export { handler as GET, handler as POST, handler as DELETE }
 */
export function createProxyHandler(options: ProxyHandlerOptions = {}): ProxyHandler {
  const env = readEnv()
  const apiKey = options.apiKey ?? env.ARCHIPELAG_API_KEY
  if (!apiKey) {
    throw new TypeError(
      'createProxyHandler needs the server-side API key: pass { apiKey } or set ARCHIPELAG_API_KEY',
    )
  }
  const upstream = normalizeBaseUrl(options.baseUrl ?? env.ARCHIPELAG_BASE_URL ?? DEFAULT_BASE_URL)
  const routes = (options.allowPaths ?? defaultProxyRoutes).map(compileRoute)
  const workloads = new Set(options.allowWorkloads ?? [])
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024

  return async function archipelagProxy(request: Request): Promise<Response> {
    if (options.authorize && !(await options.authorize(request))) {
      return errorResponse(401, 'unauthorized', 'Not authorized to use this proxy')
    }
    const url = new URL(request.url)
    const at = url.pathname.indexOf(`${API_PREFIX}/`)
    if (at < 0) return errorResponse(403, 'forbidden', 'Only /api/v1 routes are proxied')
    const apiPath = url.pathname.slice(at + API_PREFIX.length)
    const segments = splitPath(apiPath)
    if (!segments.every(isSafeSegment)) {
      return errorResponse(403, 'forbidden', 'Route not allowed by this proxy')
    }
    const method = request.method.toUpperCase()
    if (!routes.some((r) => matchesRoute(r, method, segments))) {
      return errorResponse(403, 'forbidden', `${method} ${apiPath} is not allowed by this proxy`)
    }

    let body: ArrayBuffer | undefined
    if (method !== 'GET' && method !== 'HEAD') {
      body = await readBody(request, maxBodyBytes)
      if (!body) return errorResponse(413, 'payload_too_large', 'Request body too large')
      const check = WORKLOAD_ROUTES.find((w) => matchesRoute(w.route, method, segments))
      if (check) {
        const refusal = checkWorkload(body, check.field, workloads)
        if (refusal) return refusal
      }
    }

    const headers = new Headers()
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    headers.set('authorization', `Bearer ${apiKey}`)

    let response: Response
    try {
      // The path as checked, not as sent: `/jobs//stream` was checked as `GET /jobs/:id`.
      const path = `${API_PREFIX}/${segments.join('/')}`
      response = await doFetch(`${upstream}${path}${url.search}`, {
        method,
        headers,
        body: body && body.byteLength > 0 ? body : undefined,
        signal: request.signal,
      })
    } catch {
      return errorResponse(502, 'bad_gateway', 'The Archipelag.io API could not be reached')
    }
    return relay(response, apiKey)
  }
}

/** Copies the upstream response: streams pass through untouched, other bodies are scrubbed. */
async function relay(response: Response, apiKey: string): Promise<Response> {
  const headers = new Headers()
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) headers.set(name, value.replaceAll(apiKey, '[redacted]'))
  }
  const init = { status: response.status, statusText: response.statusText, headers }
  if (response.status === 204 || response.status === 304 || response.body === null) {
    return new Response(null, init)
  }
  if ((headers.get('content-type') ?? '').includes('text/event-stream')) {
    headers.set('cache-control', 'no-cache, no-transform')
    headers.set('x-accel-buffering', 'no')
    return new Response(response.body, init)
  }
  const text = await response.text()
  return new Response(text.replaceAll(apiKey, '[redacted]'), init)
}

/**
 * The request body, or undefined once it passes `max` bytes: reading stops there, so an
 * endless or huge upload is never held in memory.
 */
async function readBody(request: Request, max: number): Promise<ArrayBuffer | undefined> {
  if (Number(request.headers.get('content-length')) > max || !request.body) {
    return request.body ? undefined : new ArrayBuffer(0)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out.buffer
}

function checkWorkload(
  body: ArrayBuffer,
  field: 'workload' | 'model',
  allowed: ReadonlySet<string>,
): Response | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return errorResponse(400, 'invalid_json', 'Request body is not valid JSON')
  }
  const record =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  const named = record[field] ?? (field === 'model' ? 'llm-chat' : undefined)
  if (typeof named !== 'string' || !allowed.has(named)) {
    return errorResponse(
      403,
      'forbidden',
      `Workload "${String(named)}" is not allowed by this proxy`,
    )
  }
  return undefined
}

function isSafeSegment(segment: string): boolean {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return false
  }
  return decoded !== '.' && decoded !== '..' && !/[/\\]/.test(decoded)
}

function errorResponse(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { message, code } }), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '')
}

function readEnv(): Record<string, string | undefined> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  return proc?.env ?? {}
}
