import type { ChatResult, Job, StreamEvent, Usage } from '@archipelag/core'
import { JobCancelledError, JobFailedError } from '@archipelag/core'
import {
  cancelledError,
  detachedError,
  failedError,
  incompleteStreamError,
} from './internal/errors'

/**
 * Callbacks of a {@link ChatStream}, with the official JS SDK's signatures. They run once
 * per event, however many consumers read the stream. A callback that throws ends the
 * stream as if the loop body had thrown: the job is cancelled and the error is raised to
 * the consumers.
 */
export interface ChatStreamCallbacks {
  /** Each piece of generated text, in order. */
  onToken?(text: string): void
  /** A progress step (image workloads). */
  onProgress?(step: number, total: number): void
  /** The job finished; `usage` as reported by the `done` event. */
  onDone?(usage: Usage | undefined): void
  /** The stream failed: the job failed, was cancelled by someone else, or the connection was lost. */
  onError?(error: unknown): void
  /** Every event, including statuses and unknown types. */
  onEvent?(event: StreamEvent): void
}

/** The event stream of one job, as `@archipelag/core`'s `JobStream` provides it. */
export interface ChatStreamEvents extends AsyncIterable<StreamEvent> {
  close(): void
}

/** Where a {@link ChatStream} gets its job and events from (the client builds this). */
export interface ChatStreamSource {
  /** Creates the job, or returns the existing one. Called at most once. */
  start(signal: AbortSignal): Promise<Pick<Job, 'id'> & Partial<Job>>
  /** Opens the job's event stream, after `lastEventId` when given. */
  events(jobId: string, signal: AbortSignal, lastEventId: string | undefined): ChatStreamEvents
  /** Cancels the job on the server. */
  cancel(jobId: string): Promise<unknown>
  /**
   * Whether leaving a loop early (or cancelling a readable stream) cancels the job.
   * True for `chatStream` (it created the job), false for `streamJob` (it only watches).
   */
  owned: boolean
  /** Resume point for `streamJob(id, { lastEventId })`. */
  lastEventId?: string
  /** Called once when the stream ends, whatever the way (the client stops tracking it). */
  onFinal?: () => void
}

/** The lifecycle of a {@link ChatStream}. */
export type ChatStreamState =
  | 'idle'
  | 'starting'
  | 'streaming'
  | 'completed'
  | 'failed'
  | 'aborted'
  | 'detached'

/** Output format of {@link ChatStream.toReadableStream}. */
export type ChatStreamFormat = 'ndjson' | 'text'

const encoder = new TextEncoder()

/**
 * A streamed chat completion (or any job's event stream, from `streamJob`).
 *
 * Nothing happens until you consume it — iterate it, read `textStream`, call
 * `finalResult()`, `start()` or `await` it — and then exactly one job is created, however
 * many consumers there are (each consumer sees every event from the start). So creating
 * one in a React render, twice under StrictMode, never starts two jobs.
 *
 * Two ways to let go: `abort()` (also an aborted `signal`, or `break` out of the loop
 * when no other loop or readable stream is still reading) cancels the job on the server so no credits burn for nothing; `detach()` only stops
 * listening: the job runs on, and `client.streamJob(stream.jobId, { lastEventId:
 * stream.lastEventId })` picks it up with nothing lost or repeated.
 *
 * @example
 * const stream = client.chatStream('Tell me a story')
 * for await (const event of stream) {
 *   if (event.type === 'token') process.stdout.write(event.content)
 * }
 * // or: const { content, usage } = await client.chatStream('Hi', { onToken: write })
 */
export class ChatStream implements AsyncIterable<StreamEvent>, PromiseLike<ChatResult> {
  readonly #source: ChatStreamSource
  readonly #callbacks: ChatStreamCallbacks
  readonly #controller = new AbortController()
  readonly #log: StreamEvent[] = []
  readonly #wakers = new Set<() => void>()
  #state: ChatStreamState = 'idle'
  #jobId: string | undefined
  #lastEventId: string | undefined
  #events: ChatStreamEvents | undefined
  #failure: unknown
  #content = ''
  #usage: Usage | undefined
  #finishReason: string | undefined
  #job: Promise<Pick<Job, 'id'> & Partial<Job>> | undefined
  #result: Promise<ChatResult> | undefined
  #cancelling: Promise<void> | undefined
  #callbackFailed = false
  /** Consumers (loops, readable streams) reading now: the last one to leave lets go. */
  #readers = 0
  /** Listener removals, run once the stream is final so a long-lived client does not leak. */
  readonly #cleanups: (() => void)[] = []

  /** @internal Use `client.chatStream()` or `client.streamJob()`. */
  constructor(
    source: ChatStreamSource,
    callbacks: ChatStreamCallbacks = {},
    signal?: AbortSignal,
    closeSignal?: AbortSignal,
  ) {
    this.#source = source
    this.#callbacks = callbacks
    this.#lastEventId = source.lastEventId
    this.#on(signal, () => void this.abort())
    this.#on(closeSignal, () => {
      if (!this.#isFinal()) this.#finish('detached', closeSignal?.reason)
    })
  }

  /** Runs `fn` when `signal` aborts (now, if it already has); forgotten once the stream ends. */
  #on(signal: AbortSignal | undefined, fn: () => void): void {
    if (signal?.aborted) fn()
    else if (signal) {
      signal.addEventListener('abort', fn, { once: true })
      this.#cleanups.push(() => signal.removeEventListener('abort', fn))
    }
  }

  /** The job's id, once the job exists (always before the first event). See {@link start}. */
  get jobId(): string | undefined {
    return this.#jobId
  }

  /** The id of the last event received: pass it to `streamJob` to resume after `detach()`. */
  get lastEventId(): string | undefined {
    return this.#lastEventId
  }

  /** Where the stream is in its life. */
  get state(): ChatStreamState {
    return this.#state
  }

  /** The text received so far. */
  get content(): string {
    return this.#content
  }

  /**
   * Starts the stream if nobody has yet and resolves with the job once it exists (its id is
   * then also in `jobId`). Safe to call any number of times.
   *
   * @example
   * const { id } = await client.chatStream('Hi').start()
   */
  start(): Promise<Pick<Job, 'id'> & Partial<Job>> {
    if (!this.#job) {
      this.#job = this.#isFinal() ? Promise.reject(this.#failure) : this.#pump()
      this.#job.catch(() => undefined)
    }
    return this.#job
  }

  /** Iterates every event of the job, from the first one, whoever else reads the stream. */
  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return this.#cursor((event) => event)
  }

  /**
   * The generated text as an async iterable of strings. Ends with a `JobFailedError` or
   * `JobCancelledError` when the job does not complete.
   *
   * @example
   * for await (const text of client.chatStream('Hi').textStream) process.stdout.write(text)
   */
  get textStream(): AsyncIterable<string> {
    return {
      [Symbol.asyncIterator]: () =>
        this.#cursor((event) => (event.type === 'token' ? event.content : undefined), true),
    }
  }

  /**
   * Resolves with the complete {@link ChatResult} when the job completes; rejects with
   * `JobFailedError`, `JobCancelledError` (also after `abort()`), or the connection error.
   */
  finalResult(): Promise<ChatResult> {
    if (!this.#result) {
      this.start()
      this.#result = this.#settled().then(() => {
        if (this.#state !== 'completed') throw this.#failure
        return {
          content: this.#content,
          jobId: this.#jobId as string,
          usage: this.#usage ?? { creditsUsed: 0 },
          finishReason: this.#finishReason,
        }
      })
    }
    return this.#result
  }

  /** Makes the stream awaitable: `await stream` is `await stream.finalResult()`. */
  // biome-ignore lint/suspicious/noThenProperty: awaiting a ChatStream is part of its contract
  then<R1 = ChatResult, R2 = never>(
    onFulfilled?: ((value: ChatResult) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.finalResult().then(onFulfilled, onRejected)
  }

  /**
   * A `ReadableStream` of bytes to return from a route handler: newline-delimited JSON
   * events (`'ndjson'`, the default) or the bare text (`'text'`). Cancelling it (the caller
   * went away) cancels the job for `chatStream`, and detaches for `streamJob`.
   *
   * @example
   * export async function POST(req: Request) {
   *   const { prompt } = await req.json()
   *   return new Response(client.chatStream(prompt).toReadableStream('text'))
   * }
   */
  toReadableStream(format: ChatStreamFormat = 'ndjson'): ReadableStream<Uint8Array> {
    const text = format === 'text'
    const iterator = this.#cursor<StreamEvent | string>(
      (e) => (!text ? e : e.type === 'token' ? e.content : undefined),
      text,
    )
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { done, value } = await iterator.next()
          if (done) return controller.close()
          controller.enqueue(
            encoder.encode(typeof value === 'string' ? value : `${JSON.stringify(value)}\n`),
          )
        } catch (error) {
          controller.error(error)
        }
      },
      cancel: () => void iterator.return?.(),
    })
  }

  /**
   * Stops the stream and cancels the job on the server (best effort: a failure to cancel
   * goes to `onError`, never throws). Resolves once the cancel request has been answered.
   * After `detach()` it still cancels the job (which was left running); no-op once the job
   * has ended.
   */
  abort(): Promise<void> {
    const id = this.#jobId
    if (this.#state === 'detached' && id && !this.#cancelling) {
      this.#cancelling = this.#source.cancel(id).then(
        () => undefined,
        (error: unknown) => this.#report(error),
      )
    }
    if (this.#isFinal()) return this.#cancelling ?? Promise.resolve()
    this.#finish('aborted', cancelledError(this.#jobId))
    const cancelWhenCreated = async () => {
      try {
        const job = await this.#job
        const id = job?.id ?? this.#jobId
        if (id) await this.#source.cancel(id)
      } catch (error) {
        if (this.#jobId) this.#report(error)
      }
    }
    this.#cancelling = cancelWhenCreated()
    return this.#cancelling
  }

  /**
   * Stops listening without cancelling: the job runs on. Resume with
   * `client.streamJob(stream.jobId, { lastEventId: stream.lastEventId })`.
   */
  detach(): void {
    if (this.#isFinal()) return
    this.#finish('detached', detachedError(this.#jobId))
  }

  async #pump(): Promise<Pick<Job, 'id'> & Partial<Job>> {
    const signal = this.#controller.signal
    this.#state = 'starting'
    let job: Pick<Job, 'id'> & Partial<Job>
    try {
      job = await this.#source.start(signal)
    } catch (error) {
      if (!this.#isFinal()) this.#fail(error)
      throw error
    }
    this.#jobId = job.id
    // Aborted while the job was being created: abort() cancels it now that it exists.
    if ((this.#state as ChatStreamState) === 'aborted' && !this.#callbackFailed) {
      this.#failure = cancelledError(job.id)
    }
    if (this.#isFinal()) return job
    this.#state = 'streaming'
    void this.#read(job.id, signal)
    return job
  }

  async #read(jobId: string, signal: AbortSignal): Promise<void> {
    let terminal: 'completed' | 'failed' | 'cancelled' | undefined
    let errorMessage: string | undefined
    let failedStatus: string | undefined
    try {
      this.#events = this.#source.events(jobId, signal, this.#lastEventId)
      for await (const event of this.#events) {
        if (this.#isFinal()) return
        this.#record(event)
        if (event.type === 'token') this.#content += event.content
        else if (event.type === 'done') {
          this.#usage = event.usage
          this.#finishReason = event.finishReason
          terminal ??= 'completed'
        } else if (event.type === 'error') {
          errorMessage = event.error
          terminal = 'failed'
        } else if (event.type === 'status') {
          if (event.status === 'completed') terminal ??= 'completed'
          else if (event.status === 'failed' || event.status === 'timeout') {
            terminal = 'failed'
            failedStatus = event.status
          } else if (event.status === 'cancelled') terminal = 'cancelled'
        }
        this.#callback(event)
        this.#wake()
      }
    } catch (error) {
      if (!this.#isFinal()) this.#fail(error)
      return
    }
    if (this.#isFinal()) return
    if (terminal === 'completed') {
      this.#finish('completed', undefined)
    } else if (terminal === 'cancelled') {
      this.#fail(cancelledError(jobId))
    } else if (terminal === 'failed') {
      this.#fail(failedError(jobId, errorMessage, failedStatus))
    } else {
      this.#fail(incompleteStreamError(jobId))
    }
  }

  #record(event: StreamEvent): void {
    this.#log.push(event)
    if (event.eventId !== undefined) this.#lastEventId = event.eventId
  }

  #callback(event: StreamEvent): void {
    const cb = this.#callbacks
    try {
      cb.onEvent?.(event)
      if (event.type === 'token') cb.onToken?.(event.content)
      else if (event.type === 'progress') cb.onProgress?.(event.step, event.total)
      else if (event.type === 'done') cb.onDone?.(event.usage)
    } catch (error) {
      void this.abort()
      this.#failure = error
      this.#callbackFailed = true
    }
  }

  #fail(error: unknown): void {
    this.#finish('failed', error)
    this.#report(error)
  }

  #report(error: unknown): void {
    try {
      this.#callbacks.onError?.(error)
    } catch {
      // An onError that throws has nowhere left to report to.
    }
  }

  #finish(state: ChatStreamState, failure: unknown): void {
    this.#state = state
    this.#failure = failure
    this.#controller.abort()
    for (const cleanup of this.#cleanups.splice(0)) cleanup()
    this.#source.onFinal?.()
    try {
      this.#events?.close()
    } catch {
      // Closing a stream that already ended is fine.
    }
    this.#wake()
  }

  #isFinal(): boolean {
    const s = this.#state
    return s === 'completed' || s === 'failed' || s === 'aborted' || s === 'detached'
  }

  #wake(): void {
    const wakers = [...this.#wakers]
    this.#wakers.clear()
    for (const wake of wakers) wake()
  }

  #settled(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.#isFinal() ? resolve() : this.#wakers.add(check))
      check()
    })
  }

  /**
   * One consumer's view of the shared event log: `map` picks what it yields (undefined
   * skips an event); `throwOnFailure` raises job failures at the end (textStream does,
   * event iteration ends quietly since the events already tell the story).
   */
  #cursor<T>(map: (event: StreamEvent) => T | undefined, throwOnFailure = false): AsyncIterator<T> {
    let index = 0
    let closed = false
    this.#readers++
    const next = async (): Promise<IteratorResult<T>> => {
      this.start()
      for (;;) {
        if (closed) return { done: true, value: undefined }
        // After abort() nothing more is delivered, not even events received before it.
        while (this.#state !== 'aborted' && index < this.#log.length) {
          const value = map(this.#log[index++] as StreamEvent)
          if (value !== undefined) return { done: false, value }
        }
        if (this.#isFinal()) {
          closed = true
          const s = this.#state
          const jobEnded = s === 'failed' && isJobOutcome(this.#failure)
          if (s === 'failed' && (throwOnFailure || !jobEnded)) throw this.#failure
          if (s === 'aborted' && this.#callbackFailed) throw this.#failure
          return { done: true, value: undefined }
        }
        await new Promise<void>((resolve) => this.#wakers.add(resolve))
      }
    }
    return {
      next,
      return: async () => {
        // Leaving early lets go of the job only when no other consumer is still reading.
        if (!closed && --this.#readers === 0 && !this.#isFinal()) {
          if (this.#source.owned) await this.abort()
          else this.detach()
        }
        closed = true
        return { done: true, value: undefined }
      },
    }
  }
}

function isJobOutcome(error: unknown): boolean {
  return error instanceof JobFailedError || error instanceof JobCancelledError
}
