import { HTTPError, TimeoutError as KyTimeoutError } from 'ky'
import { type ArchipelagError, isArchipelagError } from '../errors/archipelag-error'
import { ConnectionError, TimeoutError } from '../errors/connection-errors'
import { errorFromResponse } from '../errors/error-from-response'
import { type Redact, redactCause } from '../errors/redact'

/** What the error mapper knows about the call that failed. */
export interface FailedCall {
  method: string
  /** Path under the API base, for messages (`/jobs/job_1`). */
  path: string
  /** The full URL, named when nothing answered. */
  url: string
  /** The attempt timeout in force. */
  timeout: number
  /** The body of the last answer (read inside the attempt). */
  text: string
  redact: Redact
}

/**
 * The one mapper from whatever a request attempt threw to the SDK's typed errors: ky's
 * `HTTPError` (a non-2xx answer, through the status table), ky's `TimeoutError`, an
 * `ArchipelagError` raised while reading the answer (kept), and anything else — a refused,
 * reset or unreachable connection, kept as `cause` only redacted (`redactCause`). ky's own
 * errors are never kept: they hold the request, whose headers carry the key.
 */
export function mapError(error: unknown, call: FailedCall): ArchipelagError {
  if (isArchipelagError(error)) return error
  if (error instanceof HTTPError) {
    const { status, statusText, headers } = error.response
    return errorFromResponse({ status, statusText, headers, text: call.text }, call.redact)
  }
  if (error instanceof KyTimeoutError) {
    return new TimeoutError(
      `Request timed out after ${call.timeout} ms: ${call.method} ${call.path}`,
    )
  }
  return new ConnectionError(
    call.redact(`Connection failed: ${call.method} ${call.url}: ${causeText(error)}`),
    { cause: redactCause(error, call.redact) },
  )
}

/** `fetch failed` says little: the system error code under it (`ECONNREFUSED`) says more. */
function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof inner?.code === 'string') return inner.code
  return typeof inner?.message === 'string' && inner.message ? inner.message : cause.message
}
