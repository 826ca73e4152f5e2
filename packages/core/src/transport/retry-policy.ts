import type { ArchipelagError } from '../errors/archipelag-error'
import { InvalidResponseError } from '../errors/invalid-response-error'
import type { ResolvedTransportOptions } from './options'

/**
 * Statuses worth another attempt: 408, 409 (unless it is an idempotency conflict), 429 and
 * the transient 5xx. The one list, for requests and for stream reconnects alike.
 */
export const RETRYABLE_STATUSES: readonly number[] = [408, 409, 429, 500, 502, 503, 504]

/** Whether trying again could change the answer to `error`. */
export function isRetryable(error: ArchipelagError): boolean {
  if (error instanceof InvalidResponseError) return false
  const status = error.status
  if (status === undefined) return true // no answer: refused, reset, timed out
  return RETRYABLE_STATUSES.includes(status) && error.code !== 'idempotency_conflict'
}

/**
 * How long to wait before retry number `retry` (0 = the first retry) after `error`, or
 * `undefined` when the server asks for a longer wait than `maxRetryAfterMs` (better to
 * fail now with a `RateLimitError` that says so). The server's `Retry-After` wins;
 * otherwise `first · 2^retry` capped at `maxMs`, with "equal jitter" (between half and
 * all of it) so that many clients spread out. `first` is the server's SSE `retry:` for a
 * stream, else `initialMs`.
 */
export function retryDelay(
  error: ArchipelagError,
  retry: number,
  delays: ResolvedTransportOptions['retryDelay'],
  first = delays.initialMs,
  random = Math.random(),
): number | undefined {
  const retryAfter = (error as { retryAfter?: unknown }).retryAfter
  if (typeof retryAfter === 'number') {
    const ms = retryAfter * 1000
    return ms > delays.maxRetryAfterMs ? undefined : ms
  }
  const base = Math.min(delays.maxMs, Math.max(first, 1) * 2 ** retry)
  return Math.round(base / 2 + (random * base) / 2)
}
