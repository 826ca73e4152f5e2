import {
  type ChatResult,
  chatJob,
  isArchipelagError,
  type Job,
  JobCancelledError,
  JobFailedError,
} from '@archipelag/core'
import type { ChatStream } from './chat-stream'
import type { ChatStreamCallbacks } from './chat-stream-types'
import { createdUnlessStopped, deadline, followJob, resolveWait, stopReason } from './follow-job'
import type { ClientContext } from './internal/context'
import { creationTimeoutError, waitTimeoutError } from './internal/errors'
import type { ChatOptions, WaitOptions } from './options'

/** A chat job as a stream: the spec checked now, the job created on first use. */
export function chatStream(
  ctx: ClientContext,
  prompt: string,
  options: ChatOptions & ChatStreamCallbacks,
): ChatStream {
  const spec = chatJob(prompt, options)
  const { transport } = ctx
  return ctx.stream(
    {
      owned: true,
      start: () => transport.jobs.create(spec, ctx.req()),
      events: (id, lastEventId) => transport.jobs.stream(id, lastEventId ? { lastEventId } : {}),
      cancel: (id) => ctx.cancel(id),
    },
    options,
    options.signal,
  )
}

/**
 * A chat's result: the stream's, directly (two requests: create, stream). When the stream
 * cannot say how the job ended (a broken connection), the job itself is polled. `timeout`
 * bounds the whole call (the job then keeps running); an aborted `signal` cancels the job.
 */
export async function chat(
  ctx: ClientContext,
  prompt: string,
  options: ChatOptions & Omit<WaitOptions, 'signal'>,
): Promise<ChatResult> {
  const wait = resolveWait(ctx, options)
  const stopped = () => stopReason(wait.signals)
  if (stopped()) throw stopped() // aborted already: no job is made (then cancelled)
  const timer = deadline(wait.timeout, ...wait.signals)
  try {
    let jobId: string
    if (wait.stream) {
      const stream = chatStream(ctx, prompt, options)
      // The job runs on past the deadline, unless nobody could follow it (no id yet).
      const onTimeout = () => (stream.jobId ? stream.detach() : void stream.abort())
      timer.expired.addEventListener('abort', onTimeout, { once: true })
      try {
        return await stream.finalResult()
      } catch (error) {
        if (timer.expired.aborted)
          throw stream.jobId
            ? waitTimeoutError(stream.jobId, wait.timeout)
            : creationTimeoutError(wait.timeout)
        if (stopped()) throw stopped()
        if (!stream.jobId || !streamCouldNotTell(error)) throw error
        jobId = stream.jobId
      } finally {
        timer.expired.removeEventListener('abort', onTimeout)
      }
    } else {
      const created = ctx.transport.jobs.create(chatJob(prompt, options), ctx.req())
      const job = await createdUnlessStopped(ctx, created, timer.signal, () =>
        timer.expired.aborted ? creationTimeoutError(wait.timeout) : stopped(),
      )
      jobId = job.id
    }
    // No stream wanted, or the stream could not tell how the job ended: poll the job.
    try {
      const polling = { ...wait, stream: false, timeout: Infinity, signals: [timer.signal] }
      const job = await followJob(ctx.transport, jobId, polling)
      return resultOf(job as Job)
    } catch (error) {
      if (timer.expired.aborted) throw waitTimeoutError(jobId, wait.timeout)
      if (options.signal?.aborted) await ctx.transport.jobs.cancel(jobId).catch(() => undefined)
      throw stopped() ?? error
    }
  } finally {
    timer.clear()
  }
}

/** Whether a stream's failure leaves the job's end unknown (rather than being it). */
function streamCouldNotTell(error: unknown): boolean {
  if (error instanceof JobFailedError || error instanceof JobCancelledError) return false
  return isArchipelagError(error) && ![401, 403, 404].includes(error.status as number)
}

function resultOf(job: Job): ChatResult {
  return { content: job.output ?? '', jobId: job.id, usage: job.usage ?? { creditsUsed: 0 } }
}
