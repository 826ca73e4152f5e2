import type { EventRow } from '../db/event-table.js'
import { ListenerRegistry } from '../listener-registry.js'

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
  private readonly subscribers = new ListenerRegistry<Subscriber>()

  /** Adds a listener; returns the function that removes it. */
  subscribe(jobId: string, subscriber: Subscriber): () => void {
    return this.subscribers.add(jobId, subscriber)
  }

  publish(jobId: string, row: EventRow): void {
    const subscribers = this.subscribers.of(jobId)
    if (subscribers.length === 0) return
    const event: PublishedEvent = { ...row, frame: encodeFrame(row) }
    for (const subscriber of subscribers) subscriber.event(event)
  }

  /** Ends every stream of a job (after its final event). */
  end(jobId: string): void {
    for (const subscriber of this.subscribers.take(jobId)) subscriber.end()
  }

  /** Ends every open stream (sandbox shutdown). */
  endAll(): void {
    for (const jobId of this.subscribers.keys()) this.end(jobId)
  }

  /** Number of open listeners (for tests and diagnostics). */
  size(): number {
    return this.subscribers.size
  }
}
