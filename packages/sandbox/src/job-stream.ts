import type { Context } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import type { EventRow } from './db/event-table.js'
import type { JobRow } from './db/job-table.js'
import { encodeFrame } from './engine/hub.js'
import { followJob } from './job-follower.js'
import { SseStream } from './sse.js'

/**
 * The resume point of a stream request: `Last-Event-ID` header, else `?last_event_id=`. Only a plain
 * decimal event id counts (`0x3` or `1e2` are not ids we sent); anything else replays from the start.
 */
export function lastEventId(c: Context<AppEnv>): number {
  const raw = (c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? '').trim()
  if (!/^\d{1,15}$/.test(raw)) return 0
  return Number(raw)
}

/** How {@link jobEventStream} writes one job's events. */
export interface JobEventStreamOptions {
  /** Replay the stored events after this one. */
  afterSeq: number
  /** Sent as `retry:` first (none when undefined). */
  retryMs: number | undefined
  headers?: Record<string, string>
  /** Writes what comes before the job's events. */
  prelude?(stream: SseStream): void
  /** Writes one event (`frame` is its encoded SSE frame when it came live). */
  send(stream: SseStream, row: EventRow, frame?: Uint8Array): void
  /** Runs once when the stream ends, for any reason. */
  onEnd?(): void
}

/**
 * An SSE response that replays and then follows one job's events until its final one. It is
 * registered under the caller's API key, so deleting the key ends it.
 */
export function jobEventStream(
  c: Context<AppEnv>,
  ctx: SandboxContext,
  jobId: string,
  options: JobEventStreamOptions,
): Response {
  let stopFollowing: (() => void) | undefined
  let forgetKey: (() => void) | undefined
  const stream = new SseStream({
    bindings: c.env ?? {},
    retryMs: options.retryMs,
    keepAliveMs: ctx.options.keepAliveMs,
    cutAfter: ctx.faults.streamCutAfter,
    ...(options.headers ? { headers: options.headers } : {}),
    onStart: (s) => {
      forgetKey = ctx.keyStreams.add(c.get('caller').keyId, () => s.close())
      options.prelude?.(s)
      if (s.closed) return
      stopFollowing = followJob(ctx, jobId, options.afterSeq, {
        event: (row, frame) => options.send(s, row, frame),
        end: () => s.close(),
        get closed() {
          return s.closed
        },
      })
    },
    onEnd: () => {
      stopFollowing?.()
      forgetKey?.()
      options.onEnd?.()
    },
  })
  return stream.response
}

/**
 * `GET /jobs/{id}/stream`: replays the stored events after the resume point, then follows the live
 * ones until the job's final event (a terminal job's stream replays and ends).
 */
export function jobStream(c: Context<AppEnv>, ctx: SandboxContext, job: JobRow): Response {
  return jobEventStream(c, ctx, job.id, {
    afterSeq: lastEventId(c),
    retryMs: ctx.options.retryMs,
    send: (s, row, frame) => s.event(frame ?? encodeFrame(row)),
  })
}
