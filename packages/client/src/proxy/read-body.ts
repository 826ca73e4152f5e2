import { errorResponse } from './error-response'

/** Limits on reading a request body. */
export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number
  /** Time allowed to receive the whole body, in ms; 0 for no limit. */
  timeout: number
}

/** A body read whole, or the answer that refuses it. */
export type BodyResult = { bytes: Uint8Array } | { refusal: Response }

/**
 * Reads a request body within its limits: a declared `content-length` over the limit is
 * refused before reading a byte; an actual body is read only up to the limit, so an
 * endless or huge upload is never held in memory (413); a body still incomplete when the
 * time runs out, such as one trickled a byte at a time, is abandoned (408); a body that
 * breaks off (the caller left) is a 400. The one place the proxy reads a body.
 *
 * @example
 * const read = await readBody(request, { maxBytes: 10 * 1024 * 1024, timeout: 30_000 })
 * if ('refusal' in read) return read.refusal
 */
export async function readBody(request: Request, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length'))
  if (declared > limits.maxBytes) return { refusal: tooLarge(limits.maxBytes) }
  if (request.bodyUsed) {
    return { refusal: errorResponse(400, 'bad_request', 'The request body was already read') }
  }
  if (!request.body) return { bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  let timedOut = false
  const timer =
    limits.timeout > 0
      ? setTimeout(() => {
          timedOut = true
          reader.cancel().catch(() => undefined)
        }, limits.timeout)
      : undefined
  try {
    const chunks: Uint8Array[] = []
    let size = 0
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      size += r.value.byteLength
      if (size > limits.maxBytes) {
        await reader.cancel().catch(() => undefined)
        return { refusal: tooLarge(limits.maxBytes) }
      }
      chunks.push(r.value)
    }
    if (timedOut) {
      return { refusal: errorResponse(408, 'request_timeout', 'The request body took too long') }
    }
    return { bytes: concat(chunks, size) }
  } catch {
    return { refusal: errorResponse(400, 'bad_request', 'The request body could not be read') }
  } finally {
    clearTimeout(timer)
  }
}

function tooLarge(max: number): Response {
  return errorResponse(413, 'payload_too_large', `Request body over ${max} bytes`)
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
