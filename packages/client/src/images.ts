import { imageJob, type Job, parseImageOutput } from '@archipelag/core'
import { followJob, resolveWait } from './follow-job'
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
  // The creation is not cut short by `signal`: a job the server made anyway would run on,
  // unknown. Aborted meanwhile, it is cancelled as soon as it exists.
  const job = await ctx.transport.jobs.create(spec, ctx.req())
  const onProgress = options.onProgress
  try {
    if (signal?.aborted) throw signal.reason
    const done = (await followJob(ctx.transport, job, wait, {
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
