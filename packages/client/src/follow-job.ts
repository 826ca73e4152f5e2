import {
  foldOutcome,
  isArchipelagError,
  isTerminal,
  type Job,
  type JobOutcome,
  outcomeError,
  joinSignals,
  MAX_TIMER_MS,
  onAbort,
  sleep,
  type StreamEvent,
  statusOutcome,
  type Transport,
} from '@archipelag/core'
import type { ClientContext } from './internal/context'
import { checkNumber, waitTimeoutError } from './internal/errors'
import type { WaitOptions } from './options'

/** {@link WaitOptions} resolved: defaults applied, checked, the client's close folded in. */
export interface Wait {
  pollInterval: number
  timeout: number
  stream: boolean
  /** What stops the wait: the caller's signal (when given) and the client's close. */
  signals: readonly AbortSignal[]
}

const DEFAULT_WAIT_TIMEOUT = 600_000
const DEFAULT_POLL_INTERVAL = 1000

/** Resolves the wait options of one call, once. Throws once the client is closed. */
export function resolveWait(ctx: ClientContext, options: WaitOptions): Wait {
  checkNumber('pollInterval', options.pollInterval, 1, false)
  checkNumber('timeout', options.timeout, 0, false)
  ctx.ensureOpen()
  return {
    pollInterval: options.pollInterval ?? DEFAULT_POLL_INTERVAL,
    timeout: options.timeout ?? DEFAULT_WAIT_TIMEOUT,
    stream: options.stream ?? true,
    signals: options.signal ? [options.signal, ctx.closed] : [ctx.closed],
  }
}

/** The reason of the first of `signals` that has aborted, if any has. */
export function stopReason(signals: readonly AbortSignal[]): unknown {
  return signals.find((signal) => signal.aborted)?.reason
}

/** A wait's limits: its `sources` and a timer, joined for the length of one call. */
export interface Deadline {
  /** Aborts with the first source's reason, or when the time is up. */
  readonly signal: AbortSignal
  /** Aborts when the time is up (and only then). */
  readonly expired: AbortSignal
  /** Stops the timer and lets go of the sources (call it when the call ends). */
  clear(): void
}

/** A {@link Deadline} of `ms` (never reached past ~24.8 days, or `Infinity`) over `sources`. */
export function deadline(ms: number, ...sources: readonly AbortSignal[]): Deadline {
  const timer = new AbortController()
  const handle = ms <= MAX_TIMER_MS ? setTimeout(() => timer.abort(), ms) : undefined
  const joined = joinSignals(...sources, timer.signal)
  return {
    signal: joined.signal,
    expired: timer.signal,
    clear: () => {
      clearTimeout(handle)
      joined.release()
    },
  }
}

/**
 * A job being created for a call that then follows it: the job, or — the moment `stop`
 * aborts — `reason()` thrown. The request itself is not cut short; a job the server makes
 * anyway is cancelled once it exists, since nobody holds its id.
 */
export function createdUnlessStopped(
  ctx: ClientContext,
  created: Promise<Job>,
  stop: AbortSignal,
  reason: () => unknown,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    const late = () => {
      reject(reason())
      created.then((job) => ctx.transport.jobs.cancel(job.id)).catch(() => undefined)
    }
    const release = onAbort(stop, late) // at once if `stop` has aborted already
    created.then(resolve, reject).finally(release)
  })
}

/** The job's end as a value, or its failure thrown (`JobFailedError`, `JobCancelledError`). */
export function settle(job: Job): Job {
  const error = outcomeError(job.id, statusOutcome(undefined, job.status, job.error))
  if (error) throw error
  return job
}

/** What following a job needs besides the wait. */
export interface Follow {
  /** Sees every stream event (progress bars). */
  onEvent?: (event: StreamEvent) => void
  /**
   * Trust the stream's "completed" instead of reading the job once more: resolves to
   * `undefined` then (for `waitAll`, which reads many finished jobs in one go).
   */
  fromStream?: boolean
}

/**
 * Waits for a job to end and returns its final record if it completed; throws
 * `JobFailedError`, `JobCancelledError`, or `TimeoutError` once `wait.timeout` passes (the
 * job keeps running). Follows the job's event stream — one request, and the end is known
 * the moment it happens — and polls when the stream cannot be used (it fails or ends
 * early); a 401, 403 or 404 is final either way.
 */
export async function followJob(
  transport: Transport,
  target: string | Job,
  wait: Wait,
  follow: Follow = {},
): Promise<Job | undefined> {
  const jobId = typeof target === 'string' ? target : target.id
  const timer = deadline(wait.timeout, ...wait.signals)
  const signal = timer.signal
  try {
    if (typeof target !== 'string' && isTerminal(target.status)) return settle(target)
    if (wait.stream) {
      const outcome = await streamOutcome(transport, jobId, signal, follow.onEvent)
      if (outcome && follow.fromStream) {
        const error = outcomeError(jobId, outcome)
        if (error) throw error
        return undefined
      }
    }
    for (let polled = false; ; polled = true) {
      if (polled) await sleep(wait.pollInterval, signal)
      const job = await transport.jobs.get(jobId, { signal })
      if (isTerminal(job.status)) return settle(job)
    }
  } catch (error) {
    if (timer.expired.aborted) throw waitTimeoutError(jobId, wait.timeout)
    if (signal.aborted) throw signal.reason
    throw error
  } finally {
    timer.clear()
  }
}

/** How the job's stream says it ended; `undefined` when the stream could not tell. */
async function streamOutcome(
  transport: Transport,
  jobId: string,
  signal: AbortSignal,
  onEvent: ((event: StreamEvent) => void) | undefined,
): Promise<JobOutcome | undefined> {
  let outcome: JobOutcome | undefined
  let thrown: { error: unknown } | undefined
  try {
    for await (const event of transport.jobs.stream(jobId, { signal })) {
      outcome = foldOutcome(outcome, event)
      try {
        onEvent?.(event)
      } catch (error) {
        thrown = { error } // the caller's callback: raised as is, the stream closed
        break
      }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason
    // Polling cannot help: the answer will not change.
    if (isArchipelagError(error) && [401, 403, 404].includes(error.status as number)) throw error
  }
  if (thrown) throw thrown.error
  return outcome
}
