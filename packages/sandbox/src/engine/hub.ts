import type { EventRow } from '../db/store.js'

/** A stream event ready to send: its row and its encoded SSE frame (shared by all listeners). */
export interface PublishedEvent extends EventRow {
  frame: Uint8Array
}

/** A listener of one job's live events. */
export interface Subscriber {
  event(event: PublishedEvent): void
  /** The job reached its final event (or the sandbox is closing): end the stream cleanly. */
  end(): void
}

const encoder = new TextEncoder()

/** Encodes one stored event as an SSE frame: `id` and `data` lines (unnamed, so `onmessage` sees it). */
export function encodeFrame(row: EventRow): Uint8Array {
  return encoder.encode(`id: ${row.seq}\ndata: ${row.data}\n\n`)
}

/**
 * In-memory fan-out of live job events to the open streams: the engine publishes, each stream
 * subscribes to its job. Nothing polls the database.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Subscriber>>()

  /** Adds a listener; returns the function that removes it. */
  subscribe(jobId: string, subscriber: Subscriber): () => void {
    let set = this.listeners.get(jobId)
    if (!set) {
      set = new Set()
      this.listeners.set(jobId, set)
    }
    set.add(subscriber)
    return () => {
      const current = this.listeners.get(jobId)
      if (!current) return
      current.delete(subscriber)
      if (current.size === 0) this.listeners.delete(jobId)
    }
  }

  publish(jobId: string, row: EventRow): void {
    const set = this.listeners.get(jobId)
    if (!set || set.size === 0) return
    const event: PublishedEvent = { ...row, frame: encodeFrame(row) }
    for (const subscriber of [...set]) subscriber.event(event)
  }

  /** Ends every stream of a job (after its final event). */
  end(jobId: string): void {
    const set = this.listeners.get(jobId)
    if (!set) return
    this.listeners.delete(jobId)
    for (const subscriber of set) subscriber.end()
  }

  /** Ends every open stream (sandbox shutdown). */
  endAll(): void {
    for (const jobId of [...this.listeners.keys()]) this.end(jobId)
  }

  /** Number of open listeners (for tests and diagnostics). */
  size(): number {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }
}
