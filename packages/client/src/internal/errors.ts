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
    : new ArchipelagError('The stream was aborted before its job was created', {
        code: 'aborted',
      })
}

/** The job ended `failed` or `timeout`. */
export function failedError(
  jobId: string,
  message: string | undefined,
  status: string | undefined,
): JobFailedError {
  const errorCode = status === 'timeout' ? 'timeout' : undefined
  const reason = message ?? (status === 'timeout' ? 'it ran out of time' : 'no reason given')
  return new JobFailedError(`Job ${jobId} failed: ${reason}`, {
    jobId,
    ...(errorCode ? { errorCode, code: errorCode } : { code: 'job_failed' }),
  })
}

/** `detach()` was called before the job finished: there is no final result to give. */
export function detachedError(jobId: string | undefined): ArchipelagError {
  const resume = jobId
    ? ` Resume with client.streamJob('${jobId}', { lastEventId: stream.lastEventId }).`
    : ''
  return new ArchipelagError(`The stream was detached before its job finished.${resume}`, {
    code: 'detached',
  })
}

/** The stream closed without saying how the job ended. */
export function incompleteStreamError(jobId: string): ArchipelagError {
  return new ArchipelagError(`The stream of job ${jobId} ended before the job finished`, {
    code: 'incomplete_stream',
  })
}

/** A wait ran out of time; the job itself is not touched. */
export function waitTimeoutError(jobId: string, ms: number): TimeoutError {
  return new TimeoutError(
    `Gave up waiting for job ${jobId} after ${ms} ms; the job keeps running on the server (cancel it with cancelJob('${jobId}') if it is no longer needed)`,
    { jobId, code: 'wait_timeout' },
  )
}

/** The client was closed; nothing more can be sent through it. */
export function closedError(): ArchipelagError {
  return new ArchipelagError('This client is closed; create a new Client to make more calls', {
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

/** Throws unless `value` is undefined or a finite number > 0 (or >= 0 when `allowZero`). */
export function checkPositive(field: string, value: unknown, allowZero = false): void {
  if (value === undefined) return
  if (typeof value !== 'number' || Number.isNaN(value) || (allowZero ? value < 0 : value <= 0)) {
    throw invalidArgument(field, `must be a number ${allowZero ? '>= 0' : '> 0'}`)
  }
}

/** Throws unless `value` is undefined or an integer >= 1. */
export function checkPositiveInteger(field: string, value: unknown): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(field, 'must be an integer >= 1')
  }
}
