import type { ProxyHandler } from './create-proxy-handler'

/** The parts of Node's `IncomingMessage` (or Express's `Request`) the adapter reads. */
export interface NodeIncomingMessage extends AsyncIterable<Uint8Array | string> {
  method?: string
  url?: string
  /** Express keeps the full path here when the handler is mounted under a prefix. */
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  on(event: 'close', listener: () => void): unknown
  /** True once the body has been read (by a body parser that ran before the adapter). */
  readonly readableEnded?: boolean
  /** What a body parser such as `express.json()` left (used when it consumed the body). */
  body?: unknown
}

/** The parts of Node's `ServerResponse` (or Express's `Response`) the adapter writes. */
export interface NodeServerResponse {
  statusCode: number
  setHeader(name: string, value: string): unknown
  flushHeaders?(): void
  write(chunk: Uint8Array): boolean
  end(): unknown
  once(event: 'drain' | 'close', listener: () => void): unknown
  readonly writableEnded?: boolean
  readonly destroyed?: boolean
}

/**
 * Adapts a fetch-standard handler (such as {@link createProxyHandler}'s) to Node's
 * `(req, res)` listener shape, for `node:http` and Express. Streams flow through chunk by
 * chunk, and a caller who disconnects aborts the upstream call.
 *
 * @example
 * import express from 'express'
 * const app = express()
 * app.use('/api/archipelag', toNodeListener(createProxyHandler({ allowWorkloads: ['llm-chat'] })))
 */
export function toNodeListener(
  handler: ProxyHandler,
): (req: NodeIncomingMessage, res: NodeServerResponse) => Promise<void> {
  return async (req, res) => {
    const controller = new AbortController()
    res.once('close', () => {
      if (!res.writableEnded) controller.abort()
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
    }
    const method = (req.method ?? 'GET').toUpperCase()
    let body: Uint8Array<ArrayBuffer> | undefined
    if (method !== 'GET' && method !== 'HEAD' && req.readableEnded && req.body !== undefined) {
      // A body parser (express.json(), express.raw()…) already read the stream: use its result.
      const parsed = req.body
      body =
        parsed instanceof Uint8Array
          ? new Uint8Array(parsed)
          : new TextEncoder().encode(typeof parsed === 'string' ? parsed : JSON.stringify(parsed))
    } else if (method !== 'GET' && method !== 'HEAD') {
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const chunk of req) {
        const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
        size += bytes.byteLength
        // Past the API's own 10 MiB limit, read on (so the caller sees the 413, not a reset)
        // but hold nothing more.
        if (size <= MAX_BODY_BYTES) chunks.push(bytes)
      }
      if (size > MAX_BODY_BYTES)
        return send(res, 413, 'payload_too_large', 'Request body too large')
      body = concat(chunks)
    }
    const host = headers.get('host') ?? 'localhost'
    const request = new Request(`http://${host}${req.originalUrl ?? req.url ?? '/'}`, {
      method,
      headers,
      body,
      signal: controller.signal,
    })
    let response: Response
    try {
      response = await handler(request)
    } catch {
      return send(res, 500, 'internal_error', 'Proxy failure')
    }
    res.statusCode = response.status
    response.headers.forEach((value, name) => {
      res.setHeader(name, value)
    })
    res.flushHeaders?.()
    if (!response.body) {
      res.end()
      return
    }
    const reader = response.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (res.destroyed) break
        if (!res.write(value)) await waitForDrain(res)
      }
    } catch {
      // The upstream stream broke or the caller left; end what we can.
    } finally {
      await reader.cancel().catch(() => undefined)
      if (!res.writableEnded && !res.destroyed) res.end()
    }
  }
}

const MAX_BODY_BYTES = 10 * 1024 * 1024

function send(res: NodeServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.write(new TextEncoder().encode(JSON.stringify({ error: { message, code } })))
  res.end()
}

function waitForDrain(res: NodeServerResponse): Promise<void> {
  return new Promise((resolve) => {
    res.once('drain', resolve)
    res.once('close', resolve)
  })
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}
