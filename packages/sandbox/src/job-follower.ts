import type { SandboxContext } from './context.js'
import type { EventRow } from './db/event-table.js'
import { TERMINAL_STATUSES } from './engine/job-status.js'

/** Where {@link followJob} delivers a job's events. */
export interface JobEventSink {
  /** One event; `frame` is its encoded SSE frame when it comes live from the hub. */
  event(row: EventRow, frame?: Uint8Array): void
  /** The job emitted its final event, was already over, or the sandbox is closing. */
  end(): void
  /** The sink stopped listening (its stream closed): the replay stops there. */
  readonly closed: boolean
}

const NOTHING = () => {}

/**
 * Replays a job's stored events after `afterSeq` (`Infinity`: none), then follows its live ones
 * until its final event: each event once, in order. A job already over ends the sink after the
 * replay. Returns the function that stops following.
 */
export function followJob(
  ctx: SandboxContext,
  jobId: string,
  afterSeq: number,
  sink: JobEventSink,
): () => void {
  let last = afterSeq
  const replay = Number.isFinite(afterSeq) ? ctx.log.after(jobId, afterSeq) : []
  for (const row of replay) {
    last = row.seq
    sink.event(row)
    if (sink.closed) return NOTHING
  }
  const current = ctx.store.jobs.get(jobId)
  if (!current || TERMINAL_STATUSES.has(current.status) || ctx.closing()) {
    sink.end()
    return NOTHING
  }
  return ctx.hub.subscribe(jobId, {
    event: (event) => {
      if (event.seq <= last) return
      last = event.seq
      sink.event(event, event.frame)
    },
    end: () => sink.end(),
  })
}
