import { ConnectionError, droppedError } from '../errors/connection-errors'
import { foldOutcome, type JobOutcome } from '../models/job-outcome'
import type { StreamEvent } from '../models/stream-event'
import { follow, sleep } from '../runtime/signals'
import { type Http, notify } from '../transport/http'
import { nonNegative } from '../transport/resolve-options'
import { isRetryable, retryDelay } from '../transport/retry-policy'
import { IdleWatch } from './idle-watch'
import { decodeJobEvent, type EventSource, lastEventId } from './job-events'
import { OneRead } from './one-read'
import { ResumePoint } from './resume-point'
import { type SseMessage, SseReader } from './sse-reader'
import type { JobStream, StreamOptions } from './job-stream-types'
import { teeStream, toReadableStream } from './web-streams'

export type { JobStream, StreamOptions } from './job-stream-types'

/** Where the stream is: the one state field. Buffered events are handed out first. */
type State =
  /** No connection: at the start, or after a drop (then reconnecting). */
  | { is: 'idle' }
  | Open
  /** The job ended and its stream with it: done once the buffer is empty. */
  | { is: 'ended' }
  /** Thrown once the buffer is empty. */
  | { is: 'failed'; error: unknown }
  /** `close()`, `break` or an abort: done (or the abort reason) at once. */
  | { is: 'closed' }

/** A connection being read; `source` names it in errors about its events. */
type Open = { is: 'open'; sse: SseReader; idle: IdleWatch; source: EventSource }

const IDLE: State = { is: 'idle' }
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * The resuming layer of a job stream: it only connects, reconnects and dedupes. Bytes
 * become messages in {@link SseReader}, messages become events in `decodeJobEvent`, and
 * whether an event ends the job is `foldOutcome`'s call. A connection that fails or ends
 * before the job did is resumed with `Last-Event-ID`, after the retry policy's wait (the
 * server's `retry:` first), at most `maxRetries` times in a row without a new event.
 *
 * A plain iterator rather than async generators: handing out a buffered event costs one
 * resolved promise, where each generator layer adds microtask turns.
 */
export class JobEventStream implements JobStream, AsyncIterator<StreamEvent> {
  readonly jobId: string
  readonly #http: Http
  readonly #path: string
  readonly #maxRetries: number
  readonly #timeout: number
  readonly #idleTimeout: number
  readonly #headers: Record<string, string> | undefined
  readonly #controller = new AbortController()
  readonly #resume: ResumePoint
  readonly #label: string
  readonly #reads = new OneRead()
  #state: State = IDLE
  #buffer: StreamEvent[] = []
  #index = 0
  #delivered: string | undefined
  #outcome: JobOutcome | undefined
  #failures = 0
  #serverRetry: number | undefined
  #started = false
  #unlink: (() => void) | undefined
  /** The controller's signal has aborted (a field: checked for every event handed out). */
  #aborted = false

  constructor(http: Http, jobId: string, options: StreamOptions = {}) {
    this.jobId = jobId
    this.#http = http
    this.#path = `/jobs/${encodeURIComponent(jobId)}/stream`
    this.#label = `Stream of ${jobId}`
    this.#maxRetries = nonNegative('maxRetries', options.maxRetries, http.options.maxRetries)
    this.#timeout = nonNegative('timeout', options.timeout, http.options.timeout)
    this.#idleTimeout = nonNegative('idleTimeout', options.idleTimeout, 60_000)
    this.#headers = options.headers
    this.#delivered = options.lastEventId
    this.#resume = new ResumePoint(options.lastEventId)
    // Stop a pending read directly too: a custom `fetch` may not tie the body to the signal.
    const cancelRead = () => {
      this.#aborted = true
      if (this.#state.is === 'open') this.#state.sse.cancel()
    }
    this.#controller.signal.addEventListener('abort', cancelRead, { once: true })
    this.#unlink = follow(options.signal, this.#controller)
  }

  get lastEventId(): string | undefined {
    return this.#delivered
  }

  close(): void {
    this.#end({ is: 'closed' })
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
    if (this.#reads.busy) return this.#reads.after(() => this.next())
    if (this.#index < this.#buffer.length && !this.#aborted) {
      return Promise.resolve(this.#deliver())
    }
    return this.#reads.start(() => this.#fill())
  }

  async nextBatch(): Promise<StreamEvent[]> {
    if (this.#reads.busy) return this.#reads.after(() => this.nextBatch())
    if (this.#index >= this.#buffer.length || this.#aborted) {
      const first = await this.#reads.start(() => this.#fill())
      if (first.done) return []
      this.#index-- // hand the first event out again, with the rest
    }
    const batch = this.#index === 0 ? this.#buffer : this.#buffer.slice(this.#index)
    this.#index = this.#buffer.length
    this.#delivered = lastEventId(batch) ?? this.#delivered
    return batch
  }

  async return(): Promise<IteratorResult<StreamEvent>> {
    this.close()
    return DONE
  }

  #deliver(): IteratorResult<StreamEvent> {
    const value = this.#buffer[this.#index++] as StreamEvent
    if (value.eventId !== undefined) this.#delivered = value.eventId
    return { done: false, value }
  }

  /** Moves to a final state: the connection (if any) is released, the caller's signal forgotten. */
  #end(state: State): void {
    const current = this.#state
    if (current.is === 'open') {
      current.idle.stop()
      current.sse.cancel()
    }
    if (current.is === 'closed') return
    this.#state = state
    if (state.is !== 'idle' && state.is !== 'open') {
      this.#unlink?.()
      this.#unlink = undefined
    }
  }

  /** Reads until there are events to hand out, or the stream is over. */
  async #fill(): Promise<IteratorResult<StreamEvent>> {
    this.#buffer = []
    this.#index = 0
    for (;;) {
      const aborted = this.#controller.signal
      if (aborted.aborted && this.#state.is !== 'closed' && this.#state.is !== 'failed') {
        this.#end({ is: 'failed', error: aborted.reason })
      }
      const state = this.#state
      switch (state.is) {
        case 'closed':
        case 'ended':
          return DONE
        case 'failed':
          this.#end({ is: 'closed' })
          throw state.error
        case 'idle':
          await this.#connect()
          break
        case 'open':
          await this.#read(state)
          if (this.#buffer.length > 0) return this.#deliver()
      }
    }
  }

  /** Opens a connection, resuming after the last event seen; a failure is a drop. */
  async #connect(): Promise<void> {
    const last = this.#resume.lastEventId
    try {
      const { response } = await this.#http.send(
        { method: 'GET', path: this.#path, accept: 'text/event-stream' },
        {
          signal: this.#controller.signal,
          timeout: this.#timeout,
          maxRetries: 0,
          headers: last === undefined ? this.#headers : { ...this.#headers, 'last-event-id': last },
        },
        true,
      )
      if (!response.body) throw new ConnectionError(`${this.#label} has no body`)
      const sse = new SseReader(response.body, {
        maxMessageBytes: this.#http.options.maxResponseBytes,
        onRetry: (ms) => {
          this.#serverRetry = ms
        },
        label: this.#label,
        status: response.status,
      })
      const idle = new IdleWatch(this.#idleTimeout, () => sse.cancel())
      this.#resume.reconnected()
      const source = { label: this.#label, status: response.status, redact: this.#http.redact }
      if (this.#state.is === 'idle') this.#state = { is: 'open', sse, idle, source }
      else sse.cancel()
    } catch (error) {
      await this.#dropped(error)
    }
  }

  /** Reads one chunk of the open connection into the buffer. */
  async #read(state: Open): Promise<void> {
    let messages: SseMessage[] | undefined
    state.idle.reading()
    try {
      messages = await state.sse.read()
    } catch (error) {
      return this.#lost(state, error)
    } finally {
      state.idle.read()
    }
    if (this.#state !== state) return
    if (messages === undefined) return this.#lost(state, undefined)
    try {
      this.#accept(messages, state)
    } catch (error) {
      this.#end({ is: 'failed', error })
    }
  }

  /** The open connection ended or broke: finished if the job did, else a drop. */
  async #lost(state: Open, error: unknown): Promise<void> {
    if (this.#state !== state) return
    state.idle.stop()
    this.#state = IDLE
    if (this.#outcome !== undefined) return this.#end({ is: 'ended' })
    let drop = error
    if (state.idle.fired)
      drop = new ConnectionError(`${this.#label} sent nothing for ${this.#idleTimeout} ms`)
    else if (error === undefined)
      drop = new ConnectionError(`${this.#label} ended before the job finished`)
    await this.#dropped(drop)
  }

  /** New messages → events in the buffer (`[DONE]` ends an OpenAI-style stream). */
  #accept(messages: SseMessage[], state: Open): void {
    for (const message of messages) {
      if (message.data === '[DONE]') {
        this.#end({ is: 'ended' })
        return
      }
      if (!this.#resume.accept(message.id)) continue
      const event = decodeJobEvent(message.data, message.id, state.source)
      this.#buffer.push(event)
      this.#failures = 0
      this.#outcome = foldOutcome(this.#outcome, event)
    }
  }

  /**
   * A connection failed or dropped: fails the stream when it must (not retryable, out of
   * retries, a wait longer than allowed), otherwise waits before reconnecting.
   */
  async #dropped(error: unknown): Promise<void> {
    const signal = this.#controller.signal
    if (this.#state.is === 'closed') return
    if (signal.aborted) return this.#end({ is: 'failed', error: signal.reason })
    const drop = droppedError(this.#label, error, this.#http.redact)
    const delays = this.#http.options.retryDelay
    const delay = isRetryable(drop)
      ? retryDelay(drop, this.#failures, delays, this.#serverRetry ?? delays.initialMs)
      : undefined
    if (delay === undefined || this.#failures >= this.#maxRetries) {
      // The job's end was delivered: only trailing events could be missing.
      return this.#end(this.#outcome ? { is: 'ended' } : { is: 'failed', error: drop })
    }
    this.#failures++
    notify(this.#http.options.onRetry, {
      method: 'GET',
      url: this.#http.options.baseUrl + this.#path,
      attempt: this.#failures,
      delayMs: delay,
      error: drop,
    })
    try {
      await sleep(delay, signal)
    } catch (reason) {
      this.#end({ is: 'failed', error: reason }) // (a no-op once closed)
    }
  }
}
