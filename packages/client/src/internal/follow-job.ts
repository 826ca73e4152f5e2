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
  /**
   * Trust the stream's ending instead of reading the job once more: a completed job is
   * then assembled from the stream (text, usage) and marked `stale`, a failure is thrown
   * as the stream reported it. For callers that only need the text (`chat`) or that read
   * many jobs in one go afterwards (`waitAll`).
   */
  fromStream?: boolean
}

/** A finished job plus what only the stream knows. */
export interface FollowResult {
  job: Job
  finishReason?: string
  /** The job was assembled from its stream: server-only fields (`completedAt`…) are missing. */
  stale?: boolean
}

/**
 * Waits for a job to end and returns it if it completed; throws `JobFailedError`
 * (failed/timeout), `JobCancelledError` or `TimeoutError` (the job keeps running).
 *
 * Strategy: follow the job's event stream (one request, and we learn the outcome the
 * moment it happens); if the stream fails or ends early, fall back to polling. Once the
 * stream says the job ended, the job is read once more (the server's final record), unless
 * `fromStream` is set.
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
    const ended =
      stream.state === 'completed' ||
      result instanceof JobFailedError ||
      result instanceof JobCancelledError
    if (ended && options.fromStream) {
      if (stream.state !== 'completed') throw result
      const { usage, finishReason } = result as ChatResult
      const base = typeof target === 'string' ? { id: jobId } : target
      const job = { ...base, status: 'completed', output: stream.content, usage } as Job
      return { job, finishReason, stale: true }
    }
    if (ended) {
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
