import type { Context } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import type { JobRow } from './db/job-table.js'
import { TERMINAL_STATUSES } from './engine/job-status.js'
import { encodeFrame } from './engine/hub.js'
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

/**
 * `GET /jobs/{id}/stream`: replays the stored events after the resume point, then follows the live
 * ones until the job's final event (a terminal job's stream replays and ends).
 */
export function jobStream(c: Context<AppEnv>, ctx: SandboxContext, job: JobRow): Response {
  let lastSent = lastEventId(c)
  let unsubscribe: (() => void) | undefined
  let forgetKey: (() => void) | undefined
  const stream = new SseStream({
    bindings: c.env ?? {},
    retryMs: ctx.options.retryMs,
    keepAliveMs: ctx.options.keepAliveMs,
    cutAfter: ctx.faults.streamCutAfter,
    onStart: (s) => {
      forgetKey = ctx.keyStreams.add(c.get('caller').keyId, () => s.close())
      for (const row of ctx.log.after(job.id, lastSent)) {
        lastSent = row.seq
        s.event(encodeFrame(row))
        if (s.closed) return
      }
      const current = ctx.store.jobs.get(job.id)
      if (!current || TERMINAL_STATUSES.has(current.status) || ctx.closing()) {
        s.close()
        return
      }
      unsubscribe = ctx.hub.subscribe(job.id, {
        event: (event) => {
          if (event.seq <= lastSent) return
          lastSent = event.seq
          s.event(event.frame)
        },
        end: () => s.close(),
      })
    },
    onEnd: () => {
      unsubscribe?.()
      forgetKey?.()
    },
  })
  return stream.response
}
