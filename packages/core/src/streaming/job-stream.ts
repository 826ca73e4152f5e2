import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser'
import type { ArchipelagError } from '../errors/archipelag-error'
import { isArchipelagError } from '../errors/archipelag-error'
import { ConnectionError } from '../errors/connection-errors'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { isTerminal } from '../models/job'
import { decodeStreamEvent, isStreamEventProblem, type StreamEvent } from '../models/stream-event'
import { backoffDelay, sleep } from '../transport/backoff'
import type { HttpClient } from '../transport/http-client'
import { teeStream, toReadableStream } from './web-streams'

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

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504])

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * Events → a resumable stream. Reads the body chunk by chunk; each chunk goes through
 * the SSE parser, whose callback dedupes and decodes events into a buffer the iterator
 * hands out. When a connection drops (an error, or an end before a terminal event) it
 * reconnects with `Last-Event-ID`, waiting the server's `retry:` then backing off, at
 * most `maxRetries` times in a row without a new event. Events already delivered are
 * skipped: by id when the server sends ids, by position when it does not.
 *
 * Written as a plain iterator rather than async generators: handing out a decoded event
 * costs one resolved promise, where each generator layer adds microtask turns.
 */
export class JobEventStream implements JobStream, AsyncIterator<StreamEvent> {
  readonly jobId: string
  readonly #client: HttpClient
  readonly #maxRetries: number
  readonly #timeout: number
  readonly #headers: Record<string, string> | undefined
  readonly #path: string
  readonly #idleTimeout: number
  #idleTimer: ReturnType<typeof setTimeout> | undefined
  /** When the pending read started (0: no read pending). */
  #readSince = 0
  /** The idle timer cancelled the current connection. */
  #stalled = false
  readonly #controller = new AbortController()
  readonly #parser: EventSourceParser
  /** Id of the last event handed to the caller. */
  #delivered: string | undefined
  /** Id of the last event decoded (the resume point: decoded events are buffered). */
  #resumeId: string | undefined
  #lastNumber: number
  #buffer: StreamEvent[] = []
  #index = 0
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  #decoder = new TextDecoder()
  #status = 200
  /** Events seen on the current connection (for position dedupe). */
  #position = 0
  /** Events decoded since the start. */
  #decoded = 0
  #failures = 0
  #serverRetry: number | undefined
  #sawTerminal = false
  /** `[DONE]` arrived: ignore the rest and finish. */
  #sawDone = false
  /** A malformed event: thrown once the events before it are handed out. */
  #failure: unknown
  /** Why the connection ended, handled once the events before it are handed out. */
  #drop: unknown
  #closed = false
  #finished = false
  #started = false

  constructor(client: HttpClient, jobId: string, options: StreamOptions = {}) {
    this.jobId = jobId
    this.#client = client
    this.#maxRetries = options.maxRetries ?? client.options.maxRetries
    this.#timeout = options.timeout ?? client.options.timeout
    this.#idleTimeout = options.idleTimeout ?? 60_000
    this.#headers = options.headers
    this.#path = `/jobs/${encodeURIComponent(jobId)}/stream`
    this.#delivered = options.lastEventId
    this.#resumeId = options.lastEventId
    this.#lastNumber = options.lastEventId === undefined ? Number.NaN : Number(options.lastEventId)
    this.#parser = createParser({
      onEvent: (message) => this.#onMessage(message),
      onRetry: (ms) => {
        this.#serverRetry = ms
      },
    })
    // Cancel a pending read directly too: a custom `fetch` may ignore the abort signal.
    this.#controller.signal.addEventListener(
      'abort',
      () => {
        this.#reader?.cancel().catch(() => {})
      },
      { once: true },
    )
    const signal = options.signal
    if (signal) {
      if (signal.aborted) this.#controller.abort(signal.reason)
      else {
        signal.addEventListener('abort', () => this.#controller.abort(signal.reason), {
          once: true,
        })
      }
    }
  }

  get lastEventId(): string | undefined {
    return this.#delivered
  }

  close(): void {
    this.#closed = true
    this.#controller.abort()
  }

  tee(): [JobStream, JobStream] {
    return teeStream(this)
  }

  toReadableStream(): ReadableStream<StreamEvent> {
    return toReadableStream(this)
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.#started) throw new Error('A JobStream can be iterated only once')
    this.#started = true
    return this
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.#index < this.#buffer.length && !this.#controller.signal.aborted) {
      return Promise.resolve(this.#deliver())
    }
    return this.#refill()
  }

  async return(): Promise<IteratorResult<StreamEvent>> {
    this.#finish()
    return DONE
  }

  #deliver(): IteratorResult<StreamEvent> {
    const value = this.#buffer[this.#index++] as StreamEvent
    if (value.eventId !== undefined) this.#delivered = value.eventId
    return { done: false, value }
  }

  /** Stops reading: the body is cancelled, events already buffered are still handed out. */
  #release(): void {
    this.#finished = true
    clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
    const reader = this.#reader
    this.#reader = undefined
    reader?.cancel().catch(() => {})
  }

  /** Stops everything, buffered events included. */
  #finish(): void {
    this.#release()
    this.#buffer = []
    this.#index = 0
  }

  async #refill(): Promise<IteratorResult<StreamEvent>> {
    this.#buffer = []
    this.#index = 0
    for (;;) {
      if (this.#failure !== undefined) {
        const failure = this.#failure
        this.#failure = undefined
        this.#finish()
        throw failure
      }
      if (this.#finished) return DONE
      if (this.#controller.signal.aborted) {
        this.#finish()
        if (this.#closed) return DONE
        throw this.#controller.signal.reason
      }
      if (this.#drop !== undefined) {
        const drop = this.#drop
        this.#drop = undefined
        await this.#dropped(drop)
        continue
      }
      const reader = this.#reader
      if (!reader) {
        await this.#connect()
        continue
      }
      let chunk: ReadableStreamReadResult<Uint8Array>
      this.#readSince = Date.now()
      if (this.#idleTimer === undefined) this.#watchIdle(reader)
      try {
        chunk = await reader.read()
      } catch (error) {
        this.#drop = this.#stalled ? this.#stallError() : error
        this.#disconnected()
        continue
      } finally {
        this.#readSince = 0
      }
      if (this.#controller.signal.aborted) continue
      if (chunk.done) {
        // A clean end: finished after a terminal event, otherwise a drop to resume.
        const tail = this.#decoder.decode()
        if (tail !== '') this.#parser.feed(tail)
        const stalled = this.#stalled
        this.#disconnected()
        if (this.#sawTerminal || this.#sawDone) this.#finished = true
        else
          this.#drop = stalled
            ? this.#stallError()
            : new ConnectionError(`Stream of ${this.jobId} ended before the job finished`)
      } else {
        this.#parser.feed(this.#decoder.decode(chunk.value, { stream: true }))
        if (this.#sawDone) this.#release()
      }
      if (this.#buffer.length > 0) return this.#deliver()
    }
  }

  /** Opens a connection (resuming after `#resumeId`); failures go through `#dropped`. */
  async #connect(): Promise<void> {
    const client = this.#client
    const last = this.#resumeId
    try {
      const { response } = await client.send(
        { method: 'GET', path: this.#path, accept: 'text/event-stream' },
        {
          signal: this.#controller.signal,
          timeout: this.#timeout,
          maxRetries: 0,
          headers: last === undefined ? this.#headers : { ...this.#headers, 'last-event-id': last },
        },
        true,
      )
      if (!response.body) {
        throw new InvalidResponseError(`[${response.status}] Stream of ${this.jobId} has no body`, {
          status: response.status,
          snippet: '',
        })
      }
      this.#status = response.status
      this.#reader = response.body.getReader()
      this.#decoder = new TextDecoder()
      this.#parser.reset()
      this.#position = 0
    } catch (error) {
      await this.#dropped(error)
    }
  }

  #stallError(): ConnectionError {
    return new ConnectionError(`Stream of ${this.jobId} sent nothing for ${this.#idleTimeout} ms`)
  }

  /** The current connection is over: forget its reader, stop its idle timer. */
  #disconnected(): void {
    this.#reader = undefined
    this.#stalled = false
    clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
  }

  /**
   * Cancels `reader` once a read has waited `idleTimeout` ms without a byte: the read then
   * ends, and the end counts as a drop (resumed like any other). Armed when a read starts
   * and re-armed for the time left while reads keep coming, so a fast stream costs one
   * `Date.now()` per chunk; it lapses when no read is pending (a busy or departed
   * consumer), so an abandoned stream holds no timer.
   */
  #watchIdle(reader: ReadableStreamDefaultReader<Uint8Array>): void {
    const idle = this.#idleTimeout
    if (!(idle > 0 && idle < 2_147_483_647)) return
    const check = () => {
      this.#idleTimer = undefined
      const since = this.#readSince
      if (since === 0 || this.#reader !== reader) return
      const left = since + idle - Date.now()
      if (left > 0) this.#idleTimer = setTimeout(check, left)
      else {
        this.#stalled = true
        reader.cancel().catch(() => {})
      }
    }
    this.#idleTimer = setTimeout(check, idle)
  }

  /**
   * A connection failed or dropped: throws when it must (closed, aborted, not
   * retryable, out of retries), otherwise waits before the next connection.
   */
  async #dropped(error: unknown): Promise<void> {
    const signal = this.#controller.signal
    if (this.#closed) {
      this.#finish()
      return
    }
    if (signal.aborted) {
      this.#finish()
      throw signal.reason
    }
    let drop: ArchipelagError
    if (error instanceof InvalidResponseError) throw this.#fail(error)
    if (isArchipelagError(error)) {
      const status = error.status
      if (status !== undefined && !RETRYABLE.has(status)) throw this.#fail(error)
      drop = error
    } else {
      drop = new ConnectionError(
        `Stream of ${this.jobId} dropped: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      )
    }
    if (this.#failures >= this.#maxRetries) {
      // The terminal event was delivered; only trailing events could be missing.
      if (this.#sawTerminal) {
        this.#finished = true
        return
      }
      throw this.#fail(drop)
    }
    const { retryDelay, onRetry, baseUrl } = this.#client.options
    const first = this.#serverRetry ?? retryDelay.initialMs
    let delayMs =
      this.#failures === 0
        ? first
        : backoffDelay(this.#failures, Math.max(first, 1), retryDelay.maxMs)
    // A 429 says how long to wait; beyond the cap, stop rather than wait that long.
    const retryAfter = (drop as { retryAfter?: number }).retryAfter
    if (retryAfter !== undefined) {
      if (retryAfter * 1000 > retryDelay.maxRetryAfterMs) throw this.#fail(drop)
      delayMs = Math.max(delayMs, retryAfter * 1000)
    }
    this.#failures++
    onRetry?.({
      method: 'GET',
      url: baseUrl + this.#path,
      attempt: this.#failures,
      delayMs,
      error: drop,
    })
    try {
      await sleep(delayMs, signal)
    } catch (reason) {
      this.#finish()
      if (!this.#closed) throw reason
    }
  }

  #fail(error: unknown): unknown {
    this.#finish()
    return error
  }

  /** The parser's callback: dedupe, decode, buffer. */
  #onMessage(message: EventSourceMessage): void {
    if (this.#sawDone || this.#failure !== undefined) return
    if (message.data === '[DONE]') {
      this.#sawDone = true
      return
    }
    this.#position++
    const id = message.id
    let number = Number.NaN
    if (id !== undefined && id !== '') {
      number = Number(id)
      if (number <= this.#lastNumber) return
    } else if (this.#position <= this.#decoded) {
      return
    }
    let event: StreamEvent
    try {
      event = this.#decode(message.data, id)
    } catch (error) {
      this.#failure = error
      return
    }
    this.#buffer.push(event)
    this.#decoded++
    this.#failures = 0
    if (id !== undefined && id !== '') {
      this.#resumeId = id
      this.#lastNumber = number
    }
    if (
      event.type === 'done' ||
      event.type === 'error' ||
      (event.type === 'status' && isTerminal(event.status))
    ) {
      this.#sawTerminal = true
    }
  }

  #decode(data: string, id: string | undefined): StreamEvent {
    const status = this.#status
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      throw new InvalidResponseError(
        `Stream of ${this.jobId} sent an event that is not JSON: ${snippetOf(data)}`,
        { status, snippet: snippetOf(data) },
      )
    }
    const event = decodeStreamEvent(json, id)
    if (isStreamEventProblem(event)) {
      throw new InvalidResponseError(
        `Stream of ${this.jobId} sent a malformed event: ${event.field}: expected ${event.expected}`,
        { status, snippet: snippetOf(data), body: json },
      )
    }
    return event
  }
}
