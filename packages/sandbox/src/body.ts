import type { Context } from 'hono'
import type { AppEnv } from './context.js'
import { ApiError, validationError } from './errors.js'

/** The largest request body accepted: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024

async function* bodyChunks(c: Context<AppEnv>): AsyncIterable<Uint8Array> {
  const incoming = c.env?.incoming
  if (incoming) {
    // Over HTTP, read the Node stream directly: cheaper than materialising a web Request body.
    for await (const chunk of incoming) yield chunk as Uint8Array
    return
  }
  const body = c.req.raw.body
  if (!body) return
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    yield value
  }
}

/**
 * Reads a request body as text, enforcing {@link MAX_BODY_BYTES} while reading: past the limit the
 * rest is read and discarded (never buffered) and a 413 is thrown, so the client sees the 413
 * rather than a reset connection.
 */
export async function readBodyText(c: Context<AppEnv>, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of bodyChunks(c)) {
    size += chunk.byteLength
    if (size <= limit) chunks.push(chunk)
  }
  if (size > limit) {
    throw new ApiError(
      'payload_too_large',
      `Request body is ${size} bytes; the limit is ${limit} bytes (10 MiB)`,
    )
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The deepest nesting of arrays and objects accepted in a JSON body. */
export const MAX_JSON_DEPTH = 100

/** The nesting depth of a parsed JSON value, walked without recursion (it may be very deep). */
export function jsonDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item
    if (typeof node !== 'object' || node === null) continue
    deepest = Math.max(deepest, depth + 1)
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return deepest
}

/**
 * Reads and parses a JSON body (400 `invalid_json` when malformed; an empty body is `{}`; 422 naming
 * `body` when nested deeper than {@link MAX_JSON_DEPTH}, which would overflow the stack later).
 */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await readBodyText(c)
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    throw new ApiError('invalid_json', `Malformed JSON body: ${(error as Error).message}`)
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw validationError({ body: [`must not nest deeper than ${MAX_JSON_DEPTH} levels`] })
  }
  return value
}
