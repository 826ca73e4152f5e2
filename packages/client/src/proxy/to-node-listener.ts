import type { ProxyHandler } from './create-proxy-handler'
import { errorResponse } from './error-response'
import { type IncomingRequest, type NodeIncomingMessage, toRequest } from './node-request'

export type { NodeIncomingMessage } from './node-request'

/** The parts of Node's `ServerResponse` (or Express's `Response`) the adapter writes. */
export interface NodeServerResponse {
  statusCode: number
  readonly headersSent?: boolean
  setHeader(name: string, value: string | string[]): unknown
  flushHeaders?(): void
  write(chunk: Uint8Array): boolean
  end(): unknown
  destroy?(): unknown
  once(event: 'drain' | 'close' | 'finish', listener: () => void): unknown
  readonly writableEnded?: boolean
  readonly writableFinished?: boolean
  readonly destroyed?: boolean
}

/**
 * After answering a request whose body was not read (refused, too large, too slow), the
 * rest of the upload is read and thrown away for at most this long and this many bytes,
 * so that the caller sees the answer instead of a reset connection; then the connection
 * is closed. Nothing of it is kept.
 */
const DRAIN_MS = 1_000
const DRAIN_BYTES = 16 * 1024 * 1024

/**
 * Adapts a fetch-standard handler (such as {@link createProxyHandler}'s) to Node's
 * `(req, res)` listener shape, for `node:http` and Express. The handler sees the method,
 * path and headers first and the body only when it reads it; streams flow through chunk
 * by chunk; a caller who disconnects aborts the upstream call. No request can make it
 * throw: an unrepresentable one (method `TRACE`, a target that is not a path) gets a 4xx,
 * a broken upload ends quietly, and the returned promise never rejects.
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
    let incoming: IncomingRequest | Response | undefined
    try {
      // A socket error on a body nobody reads any more must not become an uncaught 'error'.
      req.on('error', ignore)
      const controller = new AbortController()
      res.once('close', () => {
        if (!res.writableEnded) controller.abort()
      })
      incoming = toRequest(req, controller.signal)
      const response =
        incoming instanceof Response
          ? incoming
          : await handler(incoming.request).catch(() =>
              errorResponse(500, 'internal_error', 'Proxy failure'),
            )
      await writeResponse(res, response)
    } catch {
      if (!res.headersSent && !res.writableEnded) {
        await writeResponse(res, errorResponse(500, 'internal_error', 'Proxy failure')).catch(
          ignore,
        )
      } else res.destroy?.()
    } finally {
      if (incoming && !(incoming instanceof Response)) incoming.detach()
      if (res.writableFinished) drainThenClose(req)
      else res.once('finish', () => drainThenClose(req))
    }
  }
}

async function writeResponse(res: NodeServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  res.flushHeaders?.()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (res.destroyed) break
      if (!res.write(r.value)) await waitForDrain(res)
    }
  } catch {
    // The upstream stream broke or the caller left; end what we can.
  } finally {
    await reader.cancel().catch(ignore)
    if (!res.writableEnded && !res.destroyed) res.end()
  }
}

/**
 * Once the answer is sent, lets go of a request whose upload was not read to its end:
 * reads the rest and throws it away, up to {@link DRAIN_MS} and {@link DRAIN_BYTES}, then
 * closes the connection. A body read whole is left alone.
 */
function drainThenClose(req: NodeIncomingMessage): void {
  if (req.readableEnded) return
  let read = 0
  const stop = () => {
    clearTimeout(timer)
    req.removeListener('data', count)
    req.removeListener('end', stop)
    req.removeListener('close', stop)
  }
  const close = () => {
    stop()
    req.destroy()
  }
  const count = (chunk: Uint8Array | string) => {
    read += chunk.length
    if (read > DRAIN_BYTES) close()
  }
  const timer = setTimeout(close, DRAIN_MS)
  ;(timer as { unref?: () => void }).unref?.()
  req.on('data', count)
  req.on('end', stop)
  req.on('close', stop)
  req.resume()
}

function waitForDrain(res: NodeServerResponse): Promise<void> {
  return new Promise((resolve) => {
    res.once('drain', resolve)
    res.once('close', resolve)
  })
}

function ignore(): void {}
