import { imageJob, type Job, parseImageOutput } from '@archipelag/core'
import { createdUnlessStopped, deadline, followJob, resolveWait } from './follow-job'
import { creationTimeoutError } from './internal/errors'
import { GeneratedImage } from './generated-image'
import type { ClientContext } from './internal/context'
import type { ImageOptions } from './options'

/**
 * Creates an image job and waits for its picture (following its stream: `onProgress` sees
 * each step). An aborted `signal` cancels the job.
 */
export async function generateImage(
  ctx: ClientContext,
  prompt: string,
  options: ImageOptions,
): Promise<GeneratedImage> {
  const spec = imageJob(prompt, options)
  const wait = resolveWait(ctx, options)
  const signal = options.signal
  if (signal?.aborted) throw signal.reason
  // `timeout` bounds the whole call, creation included. Aborted or out of time while the
  // job is being created, the call ends at once and the job is cancelled as soon as it exists.
  const started = Date.now()
  const timer = deadline(wait.timeout, ...wait.signals)
  const job = await createdUnlessStopped(
    ctx,
    ctx.transport.jobs.create(spec, ctx.req()),
    timer.signal,
    () => (timer.expired.aborted ? creationTimeoutError(wait.timeout) : timer.signal.reason),
  ).finally(() => timer.clear())
  const left = { ...wait, timeout: Math.max(0, wait.timeout - (Date.now() - started)) }
  const onProgress = options.onProgress
  try {
    if (signal?.aborted) throw signal.reason
    const done = (await followJob(ctx.transport, job, left, {
      onEvent: (e) => {
        if (e.type === 'progress') onProgress?.(e.step, e.total)
      },
    })) as Job
    const usage = done.usage
    return new GeneratedImage({
      ...parseImageOutput(done),
      jobId: done.id,
      ...(usage && { usage }),
    })
  } catch (error) {
    if (signal?.aborted) await ctx.transport.jobs.cancel(job.id).catch(() => undefined)
    throw error
  }
}
