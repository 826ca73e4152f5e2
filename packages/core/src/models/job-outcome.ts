import type { ArchipelagError } from '../errors/archipelag-error'
import { JobCancelledError, JobFailedError } from '../errors/job-errors'
import type { JobStatus } from './job'
import type { StreamEvent } from './stream-event'

/** How a job ended. */
export type JobOutcome =
  | { status: 'completed' }
  | { status: 'cancelled' }
  | { status: 'failed' | 'timeout'; error?: string }

/**
 * The outcome known after `event`, given the outcome known before it: the one place that
 * decides whether an event ends a job and how. A failure outranks a completion (an `error`
 * event then a `done` is a failure); a later `failed` status keeps the `error` event's
 * message. `undefined` while the job is still running.
 *
 * @example
 * ```ts
 * let outcome: JobOutcome | undefined
 * for await (const event of transport.jobs.stream(id)) outcome = foldOutcome(outcome, event)
 * ```
 */
export function foldOutcome(
  known: JobOutcome | undefined,
  event: StreamEvent,
): JobOutcome | undefined {
  switch (event.type) {
    case 'done':
      return known ?? COMPLETED
    case 'error':
      return { status: 'failed', error: event.error }
    case 'status':
      return statusOutcome(known, event.status)
    default:
      return known
  }
}

/**
 * The outcome a job status means, given what was known (`undefined` for a status that
 * does not end the job).
 *
 * @example
 * ```ts
 * const outcome = statusOutcome(undefined, job.status, job.error)
 * ```
 */
export function statusOutcome(
  known: JobOutcome | undefined,
  status: JobStatus | (string & {}),
  error?: string,
): JobOutcome | undefined {
  switch (status) {
    case 'completed':
      return known ?? COMPLETED
    case 'cancelled':
      return CANCELLED
    case 'failed':
    case 'timeout': {
      const message = error ?? (known && 'error' in known ? known.error : undefined)
      const ended = status as 'failed' | 'timeout'
      return message === undefined ? { status: ended } : { status: ended, error: message }
    }
    default:
      return known
  }
}

/**
 * The error a job's outcome means for someone waiting for its result: none when it
 * completed, `JobCancelledError` when cancelled, `JobFailedError` when it failed or timed
 * out (`errorCode: 'timeout'` then).
 *
 * @example
 * ```ts
 * const error = outcomeError(job.id, statusOutcome(undefined, job.status, job.error))
 * if (error) throw error
 * ```
 */
export function outcomeError(
  jobId: string,
  outcome: JobOutcome | undefined,
): ArchipelagError | undefined {
  if (outcome === undefined || outcome.status === 'completed') return undefined
  if (outcome.status === 'cancelled') {
    return new JobCancelledError(`Job ${jobId} was cancelled`, { jobId, code: 'cancelled' })
  }
  const errorCode = outcome.status === 'timeout' ? 'timeout' : undefined
  // An undefined `errorCode` is left off the error, as every undefined field is.
  return new JobFailedError(`Job ${jobId} failed: ${outcome.error ?? outcome.status}`, {
    jobId,
    errorCode,
    code: errorCode ?? 'job_failed',
  })
}

const COMPLETED: JobOutcome = { status: 'completed' }
const CANCELLED: JobOutcome = { status: 'cancelled' }
