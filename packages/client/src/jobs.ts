import type { Job, RequestOptions } from '@archipelag/core'
import type { ChatStream } from './chat-stream'
import type { ClientContext } from './internal/context'
import { checkNumber } from './internal/errors'
import type { IterJobsOptions, StreamJobOptions } from './options'

/** A job to create: the seed's `{ workload, input }` (input uses wire keys: `max_tokens`…). */
export type { JobSpec } from '@archipelag/core'

/**
 * Every job, newest first, a page at a time (a job seen on an earlier page is not
 * repeated when new jobs shift the pages).
 */
export async function* iterJobs(
  ctx: ClientContext,
  options: IterJobsOptions,
): AsyncGenerator<Job, void, undefined> {
  const pageSize = options.pageSize ?? 100
  checkNumber('pageSize', pageSize, 1, true)
  const seen = new Set<string>()
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.call({ signal: options.signal }, (o) =>
      ctx.transport.jobs.list({ limit: pageSize, offset }, o),
    )
    for (const job of page) {
      if (seen.has(job.id)) continue
      seen.add(job.id)
      yield job
    }
    if (page.length < pageSize) return
  }
}

/** An existing job's events as a watching (not owning) {@link ChatStream}. */
export function streamJob(ctx: ClientContext, id: string, options: StreamJobOptions): ChatStream {
  const { transport } = ctx
  return ctx.stream(
    {
      owned: false,
      ...(options.lastEventId !== undefined && { lastEventId: options.lastEventId }),
      start: async () => ({ id }),
      events: (jobId, lastEventId) =>
        transport.jobs.stream(jobId, lastEventId ? { lastEventId } : {}),
      cancel: (jobId) => ctx.cancel(jobId),
    },
    options,
    options.signal,
  )
}

/** `(spec, options)` or `(workload, input, options)`, as `createJob` takes them. */
export function createJobArgs(
  specOrWorkload: { workload: string; input: Record<string, unknown> } | string,
  inputOrOptions?: Record<string, unknown> | RequestOptions,
  maybeOptions?: RequestOptions,
): [{ workload: string; input: Record<string, unknown> }, RequestOptions | undefined] {
  return typeof specOrWorkload === 'string'
    ? [
        { workload: specOrWorkload, input: (inputOrOptions ?? {}) as Record<string, unknown> },
        maybeOptions,
      ]
    : [specOrWorkload, inputOrOptions as RequestOptions | undefined]
}
