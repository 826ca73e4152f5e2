import type { SecretRedactor } from '@archipelag/core'

/** Upstream response headers passed to the caller (and nothing else: no cookies, no length). */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'retry-after',
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]

/**
 * The caller's copy of an upstream response. Every body — JSON, and Server-Sent Events as
 * they arrive — flows through the key's redactor, so an upstream that echoes the key
 * (plain, URL-encoded, JSON-escaped or base64, split across chunks or not) never hands it
 * to the browser; header values are redacted the same way. `content-length` is dropped,
 * since redaction may change the length.
 *
 * @example
 * return relay(await fetch(upstreamUrl, init), redactor)
 */
export function relay(response: Response, redactor: SecretRedactor): Response {
  const headers = new Headers()
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) headers.set(name, redactor.redact(value))
  }
  const statusText = redactor.redact(response.statusText)
  const init = { status: response.status, statusText, headers }
  if (response.status === 204 || response.status === 304 || response.body === null) {
    response.body?.cancel().catch(() => undefined)
    return new Response(null, init)
  }
  if ((headers.get('content-type') ?? '').includes('text/event-stream')) {
    headers.set('cache-control', 'no-cache, no-transform')
    headers.set('x-accel-buffering', 'no')
  }
  return new Response(response.body.pipeThrough(redactor.redactStream()), init)
}
