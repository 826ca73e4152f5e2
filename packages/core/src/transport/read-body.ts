import { InvalidResponseError } from '../errors/invalid-response-error'

/**
 * Reads a whole answer as text, refusing one over `maxBytes` (a declared
 * `content-length` at once, an undeclared one as soon as the bytes read pass it, so an
 * endless body never sits in memory). Called inside the attempt, so the attempt's
 * timeout and abort signal cover the body too.
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
  // A declared length within the limit: the platform's own reader is the fastest.
  if (declared !== null || !response.body) return response.text()
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
