import { ArchipelagError, outcomeError, TimeoutError, ValidationError } from '@archipelag/core'

/** `abort()` ended the stream: the job's cancellation, or nothing at all if none was made. */
export function abortedError(jobId: string | undefined): ArchipelagError {
  return jobId
    ? (outcomeError(jobId, { status: 'cancelled' }) as ArchipelagError)
    : new ArchipelagError('Aborted before the job was created', { code: 'aborted' })
}

/** `detach()` was called before the job finished: there is no final result to give. */
export function detachedError(jobId: string | undefined): ArchipelagError {
  return new ArchipelagError(`Stream of job ${jobId} detached (resume it with streamJob)`, {
    code: 'detached',
  })
}

/** The stream closed without saying how the job ended. */
export function incompleteStreamError(jobId: string): ArchipelagError {
  return new ArchipelagError(`Stream of job ${jobId} ended early`, {
    code: 'incomplete_stream',
  })
}

/** A wait ran out of time; the job itself is not touched. */
export function waitTimeoutError(jobId: string, ms: number): TimeoutError {
  return new TimeoutError(
    `Gave up waiting for job ${jobId} after ${ms} ms; the job keeps running on the server`,
    { jobId, code: 'wait_timeout' },
  )
}

/** A wait ran out of time before the job was created: that job, once it exists, is cancelled. */
export function creationTimeoutError(ms: number): TimeoutError {
  return new TimeoutError(
    `Gave up after ${ms} ms before the job was created; it is cancelled if it was`,
    { code: 'wait_timeout' },
  )
}

/** The client was closed; nothing more can be sent through it. */
export function closedError(): ArchipelagError {
  return new ArchipelagError('This client is closed', { code: 'client_closed' })
}

/**
 * Throws a `ValidationError` naming `field` unless `value` is undefined or a number ≥ `min`
 * (an integer when `integer`). For the client's own options: waits, poll intervals, pool
 * sizes (request options are core's to check).
 */
export function checkNumber(field: string, value: unknown, min: number, integer: boolean): void {
  if (value === undefined) return
  const ok = typeof value === 'number' && value >= min && (!integer || Number.isInteger(value))
  if (ok) return
  const message = `must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`
  // `field` is the first (and only) key of `errors`.
  throw new ValidationError(`Invalid ${field}: ${message}`, { errors: { [field]: [message] } })
}
