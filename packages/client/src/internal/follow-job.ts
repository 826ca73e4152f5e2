import {
  type Job,
  type JobStatus,
  type StreamEvent,
  type Transport,
  isArchipelagError,
  isTerminal,
} from '@archipelag/core'
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
 * caller already holds the job (`target` is a Job) and the stream carried the whole text
 * output, the final job is assembled from it without another request; otherwise it is
 * fetched once at the end.
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
    const seen = await watchStream(transport, jobId, signal, options.onEvent)
    if (seen?.status) {
      const base = typeof target === 'string' ? undefined : target
      const merged = base && mergeFromStream(base, seen)
      const job = merged ?? (await transport.jobs.get(jobId, { signal }))
      if (isTerminal(job.status)) return { job, finishReason: seen.finishReason }
    }
  }
  for (;;) {
    const job = await transport.jobs.get(jobId, { signal })
    if (isTerminal(job.status)) return { job }
    await sleep(options.pollInterval, signal)
  }
}

/** What a job's stream told us about its end. */
interface StreamOutcome {
  status?: JobStatus
  text: string
  tokens: number
  sawImage: boolean
  error?: string
  usage?: Job['usage']
  finishReason?: string
}

/** Reads the stream to its end; undefined when it failed in a way polling may get past. */
async function watchStream(
  transport: Transport,
  jobId: string,
  signal: AbortSignal,
  onEvent: ((event: StreamEvent) => void) | undefined,
): Promise<StreamOutcome | undefined> {
  const seen: StreamOutcome = { text: '', tokens: 0, sawImage: false }
  const stream = transport.jobs.stream(jobId, { signal })
  try {
    for await (const event of stream) {
      onEvent?.(event)
      switch (event.type) {
        case 'token':
          seen.text += event.content
          seen.tokens++
          break
        case 'image':
          seen.sawImage = true
          break
        case 'error':
          seen.error = event.error
          if (!seen.status || seen.status === 'completed') seen.status = 'failed'
          break
        case 'done':
          seen.usage = event.usage
          seen.finishReason = event.finishReason
          seen.status ??= 'completed'
          break
        case 'status':
          if (isTerminal(event.status)) seen.status = event.status
          break
      }
    }
    return seen
  } catch (error) {
    if (signal.aborted) throw error
    // 401/403/404: polling cannot help, the answer will not change.
    if (isArchipelagError(error) && [401, 403, 404].includes(error.status as number)) {
      throw error
    }
    return undefined
  } finally {
    stream.close()
  }
}

/** The final job from the held one plus the stream, when the stream carried everything. */
function mergeFromStream(base: Job, seen: StreamOutcome): Job | undefined {
  if (seen.status === 'completed') {
    if (seen.sawImage || seen.tokens === 0) return undefined
    return { ...base, status: 'completed', output: seen.text, usage: seen.usage ?? base.usage }
  }
  if (seen.status === 'failed' || seen.status === 'timeout' || seen.status === 'cancelled') {
    return { ...base, status: seen.status, error: seen.error ?? base.error }
  }
  return undefined
}

function settle(result: FollowResult): FollowResult {
  const { job } = result
  if (job.status === 'completed') return result
  if (job.status === 'cancelled') throw cancelledError(job.id)
  throw failedError(job.id, job.error, job.status)
}
