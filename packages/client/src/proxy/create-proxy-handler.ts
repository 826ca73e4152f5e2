import { errorResponse } from './error-response'
import {
  type ProxyHandlerOptions,
  type ResolvedProxyOptions,
  resolveProxyOptions,
} from './proxy-options'
import { readBody } from './read-body'
import { relay } from './relay'
import { type CompiledRoute, matchesRoute, splitPath } from './routes'
import { checkWorkload, workloadField } from './workload-check'

export type { ProxyHandlerOptions } from './proxy-options'

/** A fetch-standard request handler: what Next.js route handlers, Hono and workers expect. */
export type ProxyHandler = (request: Request) => Promise<Response>

const API_PREFIX = '/api/v1'
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'idempotency-key', 'last-event-id']

/**
 * Creates a proxy that lets browsers call Archipelag.io without ever seeing your API key.
 *
 * It forwards allowed `/api/v1/*` calls to the API with the server-side key, streams
 * Server-Sent Events through as they arrive, drops the caller's own `Authorization` and
 * cookies, removes the key from anything the API sends back, and denies by default: a
 * caller refused by `authorize` gets 401, a route or workload not on the allow-lists gets
 * 403 — both decided from the method, path and headers, before any of the body is read.
 * Errors use the API's own error body, so the client in the browser raises the usual
 * typed errors. Mount it anywhere: it finds `/api/v1` in the request path, so a client
 * with `baseUrl: '/api/archipelag'` works when the handler serves `/api/archipelag/*`.
 *
 * @example
 * // app/api/archipelag/[...path]/route.ts (Next.js)
 * import { createProxyHandler } from '@archipelag/client/proxy'
 * const handler = createProxyHandler({ allowWorkloads: ['llm-chat'] })
 * export { handler as GET, handler as POST, handler as DELETE }
 */
export function createProxyHandler(options: ProxyHandlerOptions = {}): ProxyHandler {
  const resolved = resolveProxyOptions(options)
  return async function archipelagProxy(request: Request): Promise<Response> {
    try {
      return await proxy(request, resolved)
    } catch {
      // A throwing `authorize`, or a runtime's surprise: an answer, never a crash.
      return errorResponse(500, 'internal_error', 'Proxy failure')
    }
  }
}

/** A request reduced to what is checked and forwarded: never the Host, never the origin. */
interface Target {
  method: string
  /** The `/api/v1`-relative path segments, as checked. */
  segments: string[]
  search: string
}

async function proxy(request: Request, o: ResolvedProxyOptions): Promise<Response> {
  if (o.authorize && !(await o.authorize(request))) {
    return errorResponse(401, 'unauthorized', 'Not authorized to use this proxy')
  }
  const target = toTarget(request, o.routes)
  if (target instanceof Response) return target

  let body: Uint8Array | undefined
  if (target.method !== 'GET' && target.method !== 'HEAD') {
    const read = await readBody(request, o.body)
    if ('refusal' in read) return read.refusal
    body = read.bytes
    const field = workloadField(target.method, target.segments)
    if (field) {
      const checked = await checkWorkload(body, field, o.workloads)
      if ('refusal' in checked) return checked.refusal
      body = checked.bytes
    }
  }
  return forward(request, target, body, o)
}

/** The route asked for, or a 403 when it is not one the proxy forwards. */
function toTarget(request: Request, routes: readonly CompiledRoute[]): Target | Response {
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
  return { method, segments, search: url.search }
}

async function forward(
  request: Request,
  target: Target,
  body: Uint8Array | undefined,
  o: ResolvedProxyOptions,
): Promise<Response> {
  const headers = new Headers()
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  headers.set('authorization', `Bearer ${o.apiKey}`)
  let response: Response
  try {
    // The path as checked, not as sent: `/jobs//stream` was checked as `GET /jobs/:id`.
    response = await o.fetch(`${o.apiBase}/${target.segments.join('/')}${target.search}`, {
      method: target.method,
      headers,
      body: body && body.byteLength > 0 ? (body as Uint8Array<ArrayBuffer>) : undefined,
      signal: request.signal,
    })
  } catch {
    return errorResponse(502, 'bad_gateway', 'The Archipelag.io API could not be reached')
  }
  return relay(response, o.redactor)
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
