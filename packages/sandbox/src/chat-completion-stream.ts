import type { Context } from 'hono'
import { type CompletionBase, openAiUsage } from './chat-completion.js'
import type { AppEnv, SandboxContext } from './context.js'
import type { EventRow } from './db/event-table.js'
import type { JobRow } from './db/job-table.js'
import { jobEventStream } from './job-stream.js'
import type { SseStream } from './sse.js'

/** One `chat.completion.chunk` as an SSE frame. */
function chunkFrame(
  base: CompletionBase,
  delta: Record<string, string>,
  finish: string | null,
  extra: Record<string, unknown> = {},
): string {
  return `data: ${JSON.stringify({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  })}\n\n`
}

/** Translates one job event into OpenAI chunks on the stream (closing it after the last). */
function sendEvent(s: SseStream, base: CompletionBase, event: EventRow): void {
  const data = JSON.parse(event.data) as Record<string, unknown>
  if (event.type === 'token') {
    s.event(chunkFrame(base, { content: String(data.content ?? '') }, null))
  } else if (event.type === 'done') {
    const usage = data.usage as Record<string, number>
    s.event(
      chunkFrame(base, {}, String(data.finish_reason ?? 'stop'), { usage: openAiUsage(usage) }),
    )
    s.event('data: [DONE]\n\n')
    s.close()
  } else if (event.type === 'error') {
    s.event(
      `data: ${JSON.stringify({ error: { message: String(data.error), code: 'job_failed' } })}\n\n`,
    )
    s.close()
  } else if (event.type === 'status' && data.status === 'cancelled') {
    s.close()
  }
}

/**
 * The streamed `POST /chat/completions` answer: a first chunk with the assistant role, one chunk per
 * token, a last chunk with `finish_reason` and usage, then `data: [DONE]`. A client that goes away
 * cancels the job.
 */
export function chatCompletionStream(
  c: Context<AppEnv>,
  ctx: SandboxContext,
  job: JobRow,
  base: CompletionBase,
): Response {
  return jobEventStream(c, ctx, job.id, {
    afterSeq: 0,
    retryMs: undefined,
    headers: { 'x-archipelag-job-id': job.id },
    prelude: (s) => s.event(chunkFrame(base, { role: 'assistant', content: '' }, null)),
    send: (s, row) => sendEvent(s, base, row),
    onEnd: () => ctx.engine.cancel(job.id),
  })
}
