import type { StreamEvent } from '../models/stream-event'

/**
 * Options of `jobs.stream`.
 *
 * @example
 * ```ts
 * const stream = transport.jobs.stream(id, { signal: AbortSignal.timeout(60_000), maxRetries: 5 })
 * ```
 */
export interface StreamOptions {
  /** Stops the stream (the loop throws the signal's reason). */
  signal?: AbortSignal
  /** Resume after this event id (events up to it are not delivered). */
  lastEventId?: string
  /** Reconnects allowed per drop (the count resets once an event arrives). Default: the transport's `maxRetries`. */
  maxRetries?: number
  /** Milliseconds to wait for each connection's response headers. Default: the transport's `timeout`. */
  timeout?: number
  /**
   * Milliseconds of silence (no bytes at all, not even a keep-alive comment) after which a
   * connection counts as dropped and is resumed with `Last-Event-ID`. Default 60 000 (the
   * server sends a keep-alive every 15 s); 0 disables.
   */
  idleTimeout?: number
  /** Extra headers for each connection of this stream. */
  headers?: Record<string, string>
}

/** A job's live events: an async iterable that reconnects and never repeats an event. */
export interface JobStream extends AsyncIterable<StreamEvent> {
  readonly jobId: string
  /** The id of the last event delivered (pass it as `lastEventId` to resume elsewhere). */
  readonly lastEventId: string | undefined
  /** Stops listening and releases the HTTP body. Does not cancel the job. */
  close(): void
  /**
   * Every event that has arrived and not been handed out yet, as one array: at least one
   * (waiting for it if none has arrived), or an empty array once the stream has ended. For
   * consumers that work per network chunk (a UI that renders once per batch, a log), at
   * one promise per chunk instead of one per event. Each event is handed out once, by
   * this or by `for await`, whichever asks first.
   *
   * @example
   * ```ts
   * const stream = transport.jobs.stream(id)
   * for (let batch = await stream.nextBatch(); batch.length > 0; batch = await stream.nextBatch()) {
   *   render(batch)
   * }
   * ```
   */
  nextBatch(): Promise<StreamEvent[]>
  /**
   * Two streams that each receive every event of this one (which can then no longer be
   * iterated itself), e.g. one for the UI and one for a log.
   *
   * @example
   * ```ts
   * const [forUi, forLog] = transport.jobs.stream(id).tee()
   * ```
   */
  tee(): [JobStream, JobStream]
  /**
   * This stream as a web `ReadableStream` of events (cancelling it closes the stream).
   *
   * @example
   * ```ts
   * const tokens = transport.jobs.stream(id).toReadableStream()
   *   .pipeThrough(new TransformStream({ transform: (e, c) => e.type === 'token' && c.enqueue(e.content) }))
   * ```
   */
  toReadableStream(): ReadableStream<StreamEvent>
}
