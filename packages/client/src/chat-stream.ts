import type { ChatResult, StreamEvent } from '@archipelag/core'
import { JobCancelledError, JobFailedError } from '@archipelag/core'
import type {
  ChatStreamCallbacks,
  ChatStreamFormat,
  ChatStreamSource,
  ChatStreamState,
} from './chat-stream-types'
import { type CreatedJob, JobSession } from './internal/job-session'

export type {
  ChatStreamCallbacks,
  ChatStreamEvents,
  ChatStreamFormat,
  ChatStreamSource,
  ChatStreamState,
} from './chat-stream-types'

const encoder = new TextEncoder()
const END: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * A streamed chat completion (or any job's event stream, from `streamJob`).
 *
 * Nothing happens until you consume it — iterate it, read `textStream`, call
 * `finalResult()`, `start()` or `await` it — and then exactly one job is created, however
 * many consumers there are (each consumer sees every event from the start). So creating
 * one in a React render, twice under StrictMode, never starts two jobs.
 *
 * Two ways to let go: `abort()` (also an aborted `signal`, or `break` out of the loop
 * when no other loop or readable stream is still reading) cancels the job on the server so
 * no credits burn for nothing; `detach()` only stops listening: the job runs on, and
 * `client.streamJob(stream.jobId, { lastEventId: stream.lastEventId })` picks it up with
 * nothing lost or repeated.
 *
 * Events are read as they arrive, into one log every reader walks at its own pace; a
 * reader waiting for the next event shares the read in flight (no per-event hand-off).
 *
 * @example
 * const stream = client.chatStream('Tell me a story')
 * for await (const event of stream) {
 *   if (event.type === 'token') process.stdout.write(event.content)
 * }
 * // or: const { content, usage } = await client.chatStream('Hi', { onToken: write })
 */
export class ChatStream implements AsyncIterable<StreamEvent>, PromiseLike<ChatResult> {
  readonly #session: JobSession
  #result: Promise<ChatResult> | undefined
  /** Consumers (loops, readable streams) reading now: the last one to leave lets go. */
  #readers = 0

  /** @internal Use `client.chatStream()` or `client.streamJob()`. */
  constructor(
    source: ChatStreamSource,
    callbacks: ChatStreamCallbacks = {},
    signal?: AbortSignal,
    closeSignal?: AbortSignal,
  ) {
    this.#session = new JobSession(source, callbacks, signal, closeSignal)
  }

  /** The job's id, once the job exists (always before the first event). See {@link start}. */
  get jobId(): string | undefined {
    return this.#session.jobId
  }

  /** The id of the last event received: pass it to `streamJob` to resume after `detach()`. */
  get lastEventId(): string | undefined {
    return this.#session.lastEventId
  }

  /** Where the stream is in its life. */
  get state(): ChatStreamState {
    return this.#session.state
  }

  /** The text received so far. */
  get content(): string {
    return this.#session.content
  }

  /**
   * Starts the stream if nobody has yet and resolves with the job once it exists (its id is
   * then also in `jobId`); from then on the events are read as they arrive (`content` grows,
   * callbacks run) whether or not a loop reads them. Safe to call any number of times.
   *
   * @example
   * const { id } = await client.chatStream('Hi').start()
   */
  start(): Promise<CreatedJob> {
    return this.#session.begin()
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
    const session = this.#session
    this.#result ??= session.drain().then(() => {
      if (session.state !== 'completed') throw session.failure
      return session.result()
    })
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
    return this.#session.abort()
  }

  /**
   * Stops listening without cancelling: the job runs on. Resume with
   * `client.streamJob(stream.jobId, { lastEventId: stream.lastEventId })`.
   */
  detach(): void {
    this.#session.detach()
  }

  /**
   * One consumer's view of the shared event log: `map` picks what it yields (undefined
   * skips an event); `throwOnFailure` raises job failures at the end (textStream does,
   * event iteration ends quietly since the events already tell the story).
   */
  #cursor<T>(map: (event: StreamEvent) => T | undefined, throwOnFailure = false): AsyncIterator<T> {
    const session = this.#session
    const at = session.log.join()
    let closed = false
    const close = () => {
      closed = true
      session.log.leave(at)
    }
    this.#readers++
    // The common case — the next event is in the log — costs one resolved promise.
    const next = (): Promise<IteratorResult<T>> => {
      const log = session.log
      // After abort() nothing more is delivered, not even events received before it.
      while (!closed && session.state !== 'aborted' && at.index < log.length) {
        const value = map(log.at(at.index++))
        if (value !== undefined) return Promise.resolve({ done: false, value })
      }
      session.caughtUp()
      return wait()
    }
    const wait = async (): Promise<IteratorResult<T>> => {
      if (closed) return END
      if (session.isFinal() && (session.state === 'aborted' || at.index >= session.log.length)) {
        close()
        const failure = session.failure
        const state = session.state
        const jobEnded = failure instanceof JobFailedError || failure instanceof JobCancelledError
        if (state === 'failed' && (throwOnFailure || !jobEnded)) throw failure
        if (state === 'aborted' && session.callbackFailed) throw failure
        return END
      }
      await session.pull()
      return next()
    }
    return {
      next,
      return: async () => {
        // Leaving early lets go of the job only when no other consumer is still reading.
        if (!closed && --this.#readers === 0 && !session.isFinal()) {
          if (session.source.owned) await this.abort()
          else this.detach()
        }
        close()
        return END
      },
    }
  }
}
