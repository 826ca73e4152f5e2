import {
  ArchipelagError,
  JobCancelledError,
  JobFailedError,
  TimeoutError,
  ValidationError,
} from '@archipelag/core'

/** The job was cancelled (by `abort()`, or by someone else) before it finished. */
export function cancelledError(jobId: string | undefined): ArchipelagError {
  return jobId
    ? new JobCancelledError(`Job ${jobId} was cancelled`, { jobId, code: 'cancelled' })
    : new ArchipelagError('Aborted before the job was created', {
        code: 'aborted',
      })
}

/** The job ended `failed` or `timeout`. */
export function failedError(
  jobId: string,
  message: string | undefined,
  status: string | undefined,
): JobFailedError {
  const errorCode = status === 'timeout' ? status : undefined
  return new JobFailedError(`Job ${jobId} failed: ${message ?? status}`, {
    jobId,
    errorCode,
    code: errorCode ?? 'job_failed',
  })
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

/** The client was closed; nothing more can be sent through it. */
export function closedError(): ArchipelagError {
  return new ArchipelagError('This client is closed', {
    code: 'client_closed',
  })
}

/** A client-side argument error, before any request is sent. */
export function invalidArgument(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid ${field}: ${message}`, {
    errors: { [field]: [message] },
    field,
  })
}

/**
 * Throws a ValidationError unless `value` is undefined or a number >= `min` (> 0 when
 * `min` is 0 and not an integer check), an integer when `integer`.
 */
export function checkNumber(field: string, value: unknown, min: number, integer: boolean): void {
  if (value === undefined) return
  const ok =
    typeof value === 'number' && value >= min && (integer ? Number.isInteger(value) : value > 0)
  if (!ok)
    throw invalidArgument(field, `must be ${integer ? `an integer >= ${min}` : 'a number > 0'}`)
}
