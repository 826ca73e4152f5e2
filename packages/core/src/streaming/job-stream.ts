import type { ArchipelagError } from '../errors/archipelag-error'
import { isArchipelagError } from '../errors/archipelag-error'
import { ConnectionError } from '../errors/connection-errors'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { isTerminal } from '../models/job'
import { decodeStreamEvent, isStreamEventProblem, type StreamEvent } from '../models/stream-event'
import { backoffDelay, sleep } from '../transport/backoff'
import type { HttpClient } from '../transport/http-client'
import { sseBatches } from './sse-batches'

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
}

/** A job's live events: an async iterable that reconnects and never repeats an event. */
export interface JobStream extends AsyncIterable<StreamEvent> {
  readonly jobId: string
  /** The id of the last event delivered (pass it as `lastEventId` to resume elsewhere). */
  readonly lastEventId: string | undefined
  /** Stops listening and releases the HTTP body. Does not cancel the job. */
  close(): void
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504])

/**
 * Events → a resumable stream. Each connection's SSE messages are decoded; when a
 * connection drops (an error, or an end before a terminal event) it reconnects with
 * `Last-Event-ID`, waiting the server's `retry:` then backing off, at most `maxRetries`
 * times in a row without progress. Events already delivered are skipped: by id when the
 * server sends ids, by position when it does not.
 */
export class JobEventStream implements JobStream, AsyncIterator<StreamEvent> {
  readonly jobId: string
  /** Id of the last event handed to the caller. */
  #delivered: string | undefined
  /** Id of the last event decoded (the resume point: decoded events are buffered). */
  #resumeId: string | undefined
  readonly #client: HttpClient
  readonly #options: StreamOptions
  readonly #controller = new AbortController()
  #closed = false
  #started = false
  #source: AsyncGenerator<StreamEvent[], void, undefined> | undefined
  #buffer: StreamEvent[] = []
  #index = 0

  constructor(client: HttpClient, jobId: string, options: StreamOptions = {}) {
    this.jobId = jobId
    this.#client = client
    this.#options = options
    this.#delivered = options.lastEventId
    this.#resumeId = options.lastEventId
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

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.#started) throw new Error('A JobStream can be iterated only once')
    this.#started = true
    this.#source = this.#batches()
    return this
  }

  // A hand-written iterator over per-chunk batches: handing out an already decoded
  // event costs one resolved promise, where an async generator's `yield` costs several
  // microtask turns per event.
  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.#index < this.#buffer.length) return Promise.resolve(this.#deliver())
    return this.#refill()
  }

  async return(): Promise<IteratorResult<StreamEvent>> {
    this.#buffer = []
    this.#index = 0
    await this.#source?.return()
    return { done: true, value: undefined }
  }

  #deliver(): IteratorResult<StreamEvent> {
    const value = this.#buffer[this.#index++] as StreamEvent
    if (value.eventId !== undefined) this.#delivered = value.eventId
    return { done: false, value }
  }

  async #refill(): Promise<IteratorResult<StreamEvent>> {
    const source = this.#source
    if (!source) return { done: true, value: undefined }
    for (;;) {
      const next = await source.next()
      if (next.done) {
        this.#source = undefined
        return { done: true, value: undefined }
      }
      if (next.value.length > 0) {
        this.#buffer = next.value
        this.#index = 0
        return this.#deliver()
      }
    }
  }

  /** Connections → batches of new, decoded events (one batch per network chunk). */
  async *#batches(): AsyncGenerator<StreamEvent[], void, undefined> {
    const client = this.#client
    const { retryDelay } = client.options
    const maxRetries = this.#options.maxRetries ?? client.options.maxRetries
    const timeout = this.#options.timeout ?? client.options.timeout
    const signal = this.#controller.signal
    const path = `/jobs/${encodeURIComponent(this.jobId)}/stream`
    let lastNumber = this.#resumeId === undefined ? Number.NaN : Number(this.#resumeId)
    let decoded = 0
    let failures = 0
    let serverRetry: number | undefined
    let sawTerminal = false
    const onRetryField = (ms: number) => {
      serverRetry = ms
    }

    for (;;) {
      let drop: ArchipelagError
      try {
        const last = this.#resumeId
        const { response } = await client.send(
          { method: 'GET', path, accept: 'text/event-stream' },
          {
            signal,
            timeout,
            maxRetries: 0,
            ...(last !== undefined && { headers: { 'last-event-id': last } }),
          },
          true,
        )
        if (!response.body) {
          throw new InvalidResponseError(
            `[${response.status}] Stream of ${this.jobId} has no body`,
            {
              status: response.status,
              snippet: '',
            },
          )
        }
        let position = 0
        for await (const messages of sseBatches(response.body, onRetryField)) {
          const events: StreamEvent[] = []
          for (const message of messages) {
            if (message.data === '[DONE]') {
              yield events
              return
            }
            position++
            const id = message.id
            let number = Number.NaN
            if (id !== undefined && id !== '') {
              number = Number(id)
              if (number <= lastNumber) continue
            } else if (position <= decoded) {
              continue
            }
            let event: StreamEvent
            try {
              event = this.#decode(message.data, id, response.status)
            } catch (error) {
              // Hand out what came before the bad event, then fail.
              if (events.length > 0) yield events
              throw error
            }
            events.push(event)
            decoded++
            failures = 0
            if (id !== undefined && id !== '') {
              this.#resumeId = id
              lastNumber = number
            }
            if (
              event.type === 'done' ||
              event.type === 'error' ||
              (event.type === 'status' && isTerminal(event.status))
            ) {
              sawTerminal = true
            }
          }
          yield events
        }
        if (sawTerminal) return
        drop = new ConnectionError(`Stream of ${this.jobId} ended before the job finished`)
      } catch (error) {
        if (this.#closed) return
        if (signal.aborted) throw signal.reason
        if (error instanceof InvalidResponseError) throw error
        if (isArchipelagError(error)) {
          const status = error.status
          if (status !== undefined && !RETRYABLE.has(status)) throw error
          drop = error
        } else {
          drop = new ConnectionError(
            `Stream of ${this.jobId} dropped: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          )
        }
      }
      if (failures >= maxRetries) {
        // The terminal event was delivered; only trailing events could be missing.
        if (sawTerminal) return
        throw drop
      }
      const first = serverRetry ?? retryDelay.initialMs
      let delayMs =
        failures === 0 ? first : backoffDelay(failures, Math.max(first, 1), retryDelay.maxMs)
      // A 429 says how long to wait; beyond the cap, stop rather than wait that long.
      const retryAfter = (drop as { retryAfter?: number }).retryAfter
      if (retryAfter !== undefined) {
        if (retryAfter * 1000 > retryDelay.maxRetryAfterMs) throw drop
        delayMs = Math.max(delayMs, retryAfter * 1000)
      }
      failures++
      client.options.onRetry?.({
        method: 'GET',
        url: client.options.baseUrl + path,
        attempt: failures,
        delayMs,
        error: drop,
      })
      try {
        await sleep(delayMs, signal)
      } catch (error) {
        if (this.#closed) return
        throw error
      }
    }
  }

  #decode(data: string, id: string | undefined, status: number): StreamEvent {
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
