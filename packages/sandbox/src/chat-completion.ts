import type { Context } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import type { JobRow } from './db/job-table.js'
import { ApiError } from './errors.js'
import { followJob } from './job-follower.js'

/** The fields every completion and chunk of one chat completion shares. */
export interface CompletionBase {
  id: string
  created: number
  model: string
}

/** A job's usage in OpenAI's shape (token counts only). */
export function openAiUsage(usage: Record<string, number | undefined>): Record<string, number> {
  return {
    prompt_tokens: usage.prompt_tokens ?? 0,
    completion_tokens: usage.completion_tokens ?? 0,
    total_tokens: usage.total_tokens ?? 0,
  }
}

/** Resolves once the job is over; cancels it if the client goes away first. */
function waitForEnd(ctx: SandboxContext, jobId: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let stopFollowing = () => {}
    let settled = false
    const done = () => {
      if (settled) return
      settled = true
      stopFollowing()
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = () => {
      ctx.engine.cancel(jobId)
      done()
    }
    // only the end matters: no replay, no events
    stopFollowing = followJob(ctx, jobId, Number.POSITIVE_INFINITY, {
      event: () => {},
      end: done,
      get closed() {
        return settled
      },
    })
    if (!settled) signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** The `finish_reason` of a completed job (`length` when cut at `max_tokens`). */
function finishReason(ctx: SandboxContext, jobId: string): string {
  const doneEvent = ctx.store.events.after(jobId, 0).find((e) => e.type === 'done')
  return doneEvent
    ? ((JSON.parse(doneEvent.data) as { finish_reason?: string }).finish_reason ?? 'stop')
    : 'stop'
}

/**
 * The non-streamed `POST /chat/completions` answer: waits for the job, then answers OpenAI's
 * `chat.completion` (a job that did not complete is a 500 `job_failed` naming it).
 */
export async function chatCompletion(
  c: Context<AppEnv>,
  ctx: SandboxContext,
  job: JobRow,
  base: CompletionBase,
): Promise<Response> {
  await waitForEnd(ctx, job.id, c.req.raw.signal)
  const done = ctx.store.jobs.get(job.id) as JobRow
  if (done.status !== 'completed') {
    throw new ApiError('job_failed', done.error ?? `The job ended ${done.status}`, {
      job_id: done.id,
    })
  }
  const usage = JSON.parse(done.usage ?? '{}') as Record<string, number>
  return c.json({
    ...base,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: done.output ?? '' },
        finish_reason: finishReason(ctx, done.id),
      },
    ],
    usage: openAiUsage(usage),
    job_id: done.id,
  })
}
