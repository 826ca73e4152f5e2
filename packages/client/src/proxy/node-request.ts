import { errorResponse } from './error-response'

/** The parts of Node's `IncomingMessage` (or Express's `Request`) the adapter uses. */
export interface NodeIncomingMessage {
  method?: string
  url?: string
  /** Express keeps the full path here when the handler is mounted under a prefix. */
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  /** True once the body has been read (by a body parser that ran before the adapter). */
  readonly readableEnded?: boolean
  /** What a body parser such as `express.json()` left (used when it consumed the body). */
  body?: unknown
  on(event: string, listener: (...args: never[]) => void): unknown
  removeListener(event: string, listener: (...args: never[]) => void): unknown
  pause(): unknown
  resume(): unknown
  destroy(): unknown
}

/** A request for the handler, with `detach()` to stop feeding its body from the socket. */
export interface IncomingRequest {
  request: Request
  detach(): void
}

/** Methods a fetch `Request` cannot carry. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])
/** The origin of every request URL: the `Host` header is the caller's to write, so it is not used. */
const PLACEHOLDER_ORIGIN = 'http://localhost'

/**
 * Builds the handler's `Request` from the request line and headers only. The URL is the
 * request path on a fixed origin, never the `Host` header (which is checked: `[`, `a b`,
 * `x:99999` or `127.0.0.1/api/v1/models?` get a 400), so no Host can throw or move the path. The body is a stream
 * that pulls from the socket only when the handler reads it, so a request refused on its
 * route or by `authorize` is answered before its upload is read. A body already consumed
 * by a parser such as `express.json()` is taken from `req.body`. A request that cannot be
 * represented gets its answer instead (405 for `TRACE`, 400 otherwise).
 *
 * @example
 * const incoming = toRequest(req, controller.signal)
 * if (incoming instanceof Response) return write(incoming)
 */
export function toRequest(
  req: NodeIncomingMessage,
  signal: AbortSignal,
): IncomingRequest | Response {
  const method = (req.method ?? 'GET').toUpperCase()
  if (FORBIDDEN_METHODS.has(method)) {
    return errorResponse(405, 'method_not_allowed', `${method} is not supported by this proxy`)
  }
  const path = req.originalUrl ?? req.url ?? '/'
  if (!path.startsWith('/')) {
    return errorResponse(400, 'bad_request', 'The request target must be a path')
  }
  const host = req.headers.host
  if (host !== undefined && !isValidHost(host)) {
    return errorResponse(400, 'bad_request', 'Invalid Host header')
  }
  let body: ReturnType<typeof nodeBody> | undefined
  try {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
    }
    const hasBody = method !== 'GET' && method !== 'HEAD'
    const parsed = hasBody && req.readableEnded && req.body !== undefined
    body = hasBody && !parsed ? nodeBody(req) : undefined
    const request = new Request(`${PLACEHOLDER_ORIGIN}${path}`, {
      method,
      headers,
      body: parsed ? parsedBody(req.body) : body?.stream,
      signal,
      duplex: 'half',
    } as RequestInit)
    return { request, detach: () => body?.detach() }
  } catch {
    body?.detach()
    return errorResponse(400, 'bad_request', 'Malformed request')
  }
}

/**
 * RFC 9112 asks for a 400 when `Host` is not `host[:port]` (a name or IPv4 address, or an
 * IPv6 literal in brackets; a port up to 65535).
 */
function isValidHost(value: string | string[]): boolean {
  if (typeof value !== 'string') return false
  const match = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::(\d{0,5}))?$/.exec(value)
  return match !== null && Number(match[1] ?? 0) <= 65535
}

/** What a body parser left on `req.body`, as bytes again. */
function parsedBody(parsed: unknown): Uint8Array<ArrayBuffer> {
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed)
  return new TextEncoder().encode(typeof parsed === 'string' ? parsed : JSON.stringify(parsed))
}

/**
 * The request body as a web stream fed from the socket on demand (nothing is read until
 * the handler asks, one chunk per read). A body that breaks off — the caller aborted its
 * upload — errors the stream instead of throwing anywhere. `detach()` stops the feeding
 * for good, so bytes read afterwards (draining) are never queued.
 */
function nodeBody(req: NodeIncomingMessage): {
  stream: ReadableStream<Uint8Array>
  detach(): void
} {
  let detached = false
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  const onData = (chunk: Uint8Array | string) => {
    controller?.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
    if ((controller?.desiredSize ?? 0) <= 0) req.pause()
  }
  const onEnd = () => settle((c) => c.close())
  const onBreak = () => settle((c) => c.error(new Error('The request body broke off')))
  const onClose = () => {
    if (!req.readableEnded) onBreak()
  }
  const detach = () => {
    if (detached) return
    detached = true
    req.removeListener('data', onData)
    req.removeListener('end', onEnd)
    req.removeListener('error', onBreak)
    req.removeListener('close', onClose)
  }
  function settle(action: (c: ReadableStreamDefaultController<Uint8Array>) => void) {
    if (detached) return
    detach()
    if (controller) action(controller)
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        req.pause()
        req.on('data', onData)
        req.on('end', onEnd)
        req.on('error', onBreak)
        req.on('close', onClose)
      },
      pull() {
        if (!detached) req.resume()
      },
      cancel() {
        detach()
        req.pause()
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, detach }
}
