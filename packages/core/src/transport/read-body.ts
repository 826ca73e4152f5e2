import { InvalidResponseError } from '../errors/invalid-response-error'

/**
 * Reads a whole answer as text, refusing one over `maxBytes` (a declared
 * `content-length` at once, and any body as soon as the bytes read pass it, so an
 * endless body never sits in memory). The bytes are always counted as they are read: a
 * `content-length` gives the size on the wire, and a gzip-encoded answer of a few KiB may
 * decode to gigabytes (a browser may even hide the `content-encoding` that says so).
 * Called inside the attempt, so the attempt's timeout and abort signal cover the body too.
 */
export async function readText(
  response: Response,
  maxBytes: number,
  where: string,
): Promise<string> {
  const declared = response.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) {
    response.body?.cancel().catch(() => {})
    throw tooLarge(response, maxBytes, where)
  }
  if (!response.body) return response.text()
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    bytes += value.byteLength
    if (bytes > maxBytes) {
      reader.cancel().catch(() => {})
      throw tooLarge(response, maxBytes, where)
    }
    text += decoder.decode(value, { stream: true })
  }
}

function tooLarge(response: Response, maxBytes: number, where: string): InvalidResponseError {
  return new InvalidResponseError(
    `[${response.status}] Answer from ${where} is larger than maxResponseBytes (${maxBytes} bytes)`,
    { status: response.status, snippet: '', code: 'response_too_large' },
  )
}
