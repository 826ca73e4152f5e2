import { ArchipelagError, type ArchipelagErrorInit, isArchipelagError } from './archipelag-error'
import { type Redact, redactCause } from './redact'

/** No answer: DNS failure, refused or reset connection, or a stream that could not be resumed. */
export class ConnectionError extends ArchipelagError {
  static override readonly kind: string = 'ConnectionError'
}

/** A time budget ran out: a request attempt's `timeout`, or a wait for a job. */
export class TimeoutError extends ArchipelagError {
  static override readonly kind: string = 'TimeoutError'
  /** The job being waited for, when the timeout is about a job. */
  declare readonly jobId?: string
  constructor(message: string, init: ArchipelagErrorInit & { jobId?: string } = {}) {
    super(message, init)
  }
}

/**
 * The error of a stream whose connection broke (`Stream of job_1 dropped: terminated`), its
 * message and cause redacted; an SDK error (a typed answer, a size limit) is kept as is.
 *
 * @example
 * ```ts
 * const error = droppedError('Stream of job_1', thrown, redact)
 * ```
 */
export function droppedError(label: string, error: unknown, redact: Redact): ArchipelagError {
  if (isArchipelagError(error)) return error
  const why = error instanceof Error ? error.message : String(error)
  return new ConnectionError(redact(`${label} dropped: ${why}`), {
    cause: redactCause(error, redact),
  })
}
