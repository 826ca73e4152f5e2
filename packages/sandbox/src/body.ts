import { ApiError } from './errors.js'

/** The largest request body accepted: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024

/**
 * Reads a request body as text, enforcing {@link MAX_BODY_BYTES} while reading: past the limit the
 * rest is read and discarded (never buffered) and a 413 is thrown, so the client sees the 413
 * rather than a reset connection.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let tooLarge = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) tooLarge = true
    if (!tooLarge) chunks.push(value)
  }
  if (tooLarge) {
    throw new ApiError(
      'payload_too_large',
      `Request body is ${size} bytes; the limit is ${limit} bytes (10 MiB)`,
    )
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

/** Reads and parses a JSON body (400 `invalid_json` when malformed; an empty body is `{}`). */
export async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request)
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ApiError('invalid_json', `Malformed JSON body: ${(error as Error).message}`)
  }
}
