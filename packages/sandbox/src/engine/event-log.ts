import type { Store } from '../db/store.js'
import type { EventRow } from '../db/event-table.js'
import type { EventHub } from './hub.js'

/** A stream event as the engine emits it; the wire JSON also carries `type`. */
export type JobEvent =
  | { type: 'status'; status: string }
  | { type: 'token'; content: string }
  | { type: 'progress'; step: number; total: number }
  | { type: 'image'; image_data: string; format: 'png' }
  | { type: 'error'; error: string }
  | { type: 'done'; usage: Record<string, number>; finish_reason?: 'stop' | 'length' }

/**
 * The persisted, numbered event log of every job. Appends are buffered and written in one
 * transaction per tick (tokens are cheap); a flush also publishes the events to live streams, so a
 * reader that flushes first and then subscribes sees every event exactly once.
 */
export class EventLog {
  private buffer: Array<{ jobId: string; row: EventRow }> = []
  private readonly lastSeq = new Map<string, number>()
  private scheduled = false

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
  ) {}

  /** Appends an event to a job; returns its sequence number. */
  append(jobId: string, event: JobEvent): number {
    let last = this.lastSeq.get(jobId)
    if (last === undefined) {
      this.flush()
      last = this.store.events.maxSeq(jobId)
    }
    const seq = last + 1
    this.lastSeq.set(jobId, seq)
    this.buffer.push({ jobId, row: { seq, type: event.type, data: JSON.stringify(event) } })
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.flush()
      })
    }
    return seq
  }

  /** Writes the buffered events and publishes them to the live streams. */
  flush(): void {
    if (this.buffer.length === 0) return
    const batch = this.buffer
    this.buffer = []
    const write = () => {
      this.store.events.insertMany(batch.map(({ jobId, row }) => ({ jobId, ...row })))
    }
    if (this.store.db.inTransaction) write()
    else this.store.tx(write)
    for (const { jobId, row } of batch) this.hub.publish(jobId, row)
  }

  /** The stored events of a job after `afterSeq` (flushing pending ones first). */
  after(jobId: string, afterSeq: number): EventRow[] {
    this.flush()
    return this.store.events.after(jobId, afterSeq)
  }

  /** The job emitted its final event: flush, end its streams and forget its counter. */
  end(jobId: string): void {
    this.flush()
    this.lastSeq.delete(jobId)
    this.hub.end(jobId)
  }
}
