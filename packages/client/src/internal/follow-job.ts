import {
  type ChatResult,
  type Job,
  JobCancelledError,
  JobFailedError,
  type StreamEvent,
  type Transport,
  isArchipelagError,
  isTerminal,
} from '@archipelag/core'
import { ChatStream } from '../chat-stream'
import { cancelledError, failedError, waitTimeoutError } from './errors'
import { anySignal, sleep, timer } from './signals'

/** How {@link followJob} waits. All fields resolved (no defaults downstream). */
export interface FollowOptions {
  /** ms between polls when polling (fallback, or `stream: false`). */
  pollInterval: number
  /** ms before giving up with a `TimeoutError`; `Infinity` waits forever. */
  timeout: number
  /** Follow the job's event stream first (true) or only poll (false). */
  stream: boolean
  signal?: AbortSignal
  /** Sees every stream event (progress bars). */
  onEvent?: (event: StreamEvent) => void
}

/** A finished job plus what only the stream knows. */
export interface FollowResult {
  job: Job
  finishReason?: string
}

/**
 * Waits for a job to end and returns it if it completed; throws `JobFailedError`
 * (failed/timeout), `JobCancelledError` or `TimeoutError` (the job keeps running).
 *
 * Strategy: follow the job's event stream (one request, and we learn the outcome the
 * moment it happens); if the stream fails or ends early, fall back to polling. When the
 * caller already holds the job (`target` is a Job) and it completed with text output, the
 * final job is assembled from the stream without another request; otherwise (images,
 * failures, a job given by id) it is fetched once at the end.
 */
export async function followJob(
  transport: Transport,
  target: string | Job,
  options: FollowOptions,
): Promise<FollowResult> {
  const jobId = typeof target === 'string' ? target : target.id
  const deadline = timer(options.timeout)
  const signal = anySignal(options.signal, deadline.signal)
  try {
    return settle(await follow(transport, target, jobId, options, signal))
  } catch (error) {
    if (deadline.signal.aborted) throw waitTimeoutError(jobId, options.timeout)
    if (options.signal?.aborted) throw options.signal.reason
    throw error
  } finally {
    deadline.clear()
  }
}

async function follow(
  transport: Transport,
  target: string | Job,
  jobId: string,
  options: FollowOptions,
  signal: AbortSignal,
): Promise<FollowResult> {
  if (typeof target !== 'string' && isTerminal(target.status)) return { job: target }
  if (options.stream) {
    // The job's events through a watching (not owning) ChatStream: `signal` only detaches.
    const stream = new ChatStream(
      {
        owned: false,
        start: async () => ({ id: jobId }),
        events: (id, s) => transport.jobs.stream(id, { signal: s }),
        cancel: (id) => transport.jobs.cancel(id),
      },
      { onEvent: options.onEvent },
      undefined,
      signal,
    )
    const result = await stream.finalResult().catch((error: unknown) => error)
    if (signal.aborted) throw signal.reason
    // 401/403/404: polling cannot help, the answer will not change.
    if (isArchipelagError(result) && [401, 403, 404].includes(result.status as number)) throw result
    if (stream.state === 'completed' && typeof target !== 'string' && stream.content) {
      const { usage, finishReason } = result as ChatResult
      return {
        job: { ...target, status: 'completed', output: stream.content, usage },
        finishReason,
      }
    }
    if (
      stream.state === 'completed' ||
      result instanceof JobFailedError ||
      result instanceof JobCancelledError
    ) {
      const job = await transport.jobs.get(jobId, { signal })
      if (isTerminal(job.status)) return { job, finishReason: (result as ChatResult).finishReason }
    }
  }
  for (;;) {
    const job = await transport.jobs.get(jobId, { signal })
    if (isTerminal(job.status)) return { job }
    await sleep(options.pollInterval, signal)
  }
}

function settle(result: FollowResult): FollowResult {
  const { job } = result
  if (job.status === 'completed') return result
  if (job.status === 'cancelled') throw cancelledError(job.id)
  throw failedError(job.id, job.error, job.status)
}
