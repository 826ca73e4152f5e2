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
  const reader = response.body?.getReader()
  if (!reader) return response.text()
  const decoder = new TextDecoder()
  let text = ''
  // A declared length over the limit fails before a byte is read (an absent one is 0).
  let bytes = Number(response.headers.get('content-length')) > maxBytes ? Infinity : 0
  for (;;) {
    if (bytes > maxBytes) {
      reader.cancel().catch(() => {})
      throw new InvalidResponseError(
        `[${response.status}] Answer from ${where} is larger than maxResponseBytes (${maxBytes} bytes)`,
        { status: response.status, snippet: '', code: 'response_too_large' },
      )
    }
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    bytes += value.byteLength
    text += decoder.decode(value, { stream: true })
  }
}
