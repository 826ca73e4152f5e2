import {
  type ArchipelagError,
  type ChatOptions,
  type ChatResult,
  type ChatStream,
  type ChatStreamCallbacks,
  type Client,
  type Job,
  JobCancelledError,
  type StreamEvent,
  type Usage,
} from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import { toError } from './errors'
import { jobsChanged } from './jobs-changed'
import { frameScheduler } from './scheduler'
import { type LifeOptions, Store } from './store'

/**
 * Where a streamed completion is: `idle` (nothing started), `submitted` (the job is being
 * created or waits for its first token), `streaming`, then `done`, `error` or `cancelled`.
 */
export type StreamStatus = 'idle' | 'submitted' | 'streaming' | 'done' | 'error' | 'cancelled'

/** The state of one streamed completion, as `useChatStream` returns it. */
export interface ChatStreamState {
  status: StreamStatus
  /** The text so far (built once per render, not once per token). */
  text: string
  /** Every event received (statuses, tokens, done…), in order. */
  events: readonly StreamEvent[]
  /** Token counts and credits, once the job is done. */
  usage: Usage | undefined
  /** The SDK's typed error (`InsufficientCreditsError`, `RateLimitError`, `JobFailedError`…). */
  error: ArchipelagError | undefined
  /** The job's id, as soon as it exists. */
  jobId: string | undefined
  /** Resume point: the id of the last event received. */
  lastEventId: string | undefined
}

/** What a completion is asked for: the chat options of `client.chatStream`. */
export type StreamRequest = Pick<
  ChatOptions,
  'systemPrompt' | 'maxTokens' | 'temperature' | 'workload'
>

/** Options of a {@link ChatStreamStore} (the hook passes its latest ones on every render). */
export interface ChatStreamOptions extends StreamRequest, LifeOptions {
  /** Render at most once per this many ms instead of once per animation frame. */
  throttleMs?: number
  /** Each token, as it arrives (not batched). */
  onToken?: (text: string) => void
  /** Each event, as it arrives (not batched). */
  onEvent?: (event: StreamEvent) => void
  /** The job completed; the state already shows all of its text. */
  onFinish?: (result: ChatResult) => void
  /** The stream failed; the state already shows the error and the partial text. */
  onError?: (error: ArchipelagError) => void
}

// The other fields start undefined.
const IDLE = { status: 'idle', text: '', events: [] } as Partial<ChatStreamState> as ChatStreamState

/**
 * One streamed completion as a framework-free state machine over a client `ChatStream`:
 * tokens are buffered and published at most once per animation frame (or `throttleMs`),
 * the buffer is always published before a terminal status and before `onFinish`/`onError`
 * run, and `stop()` cancels the job on the server. A real unmount (see {@link Store}) of a
 * store not kept by id cancels the job it started and stops following one it only watches
 * (`resume`); `cancelOnUnmount` overrides. The cache hears of the job it creates and of
 * every job it follows to the end.
 */
export class ChatStreamStore extends Store<ChatStreamState, ChatStreamOptions> {
  override options: ChatStreamOptions = {}
  #stream: ChatStream | undefined
  /** The stream followed was started here (not resumed). */
  #owned: boolean | undefined
  #running: Promise<void> = Promise.resolve()
  #chunks: string[] = []
  #events: StreamEvent[] = []
  #pending: Partial<ChatStreamState> = {}
  readonly #frame = frameScheduler(
    () => this.#commit(),
    () => this.options.throttleMs,
  )

  constructor(client: Client, cache: QueryClient, life: LifeOptions) {
    super(client, cache, life, IDLE)
  }

  /** Whether a stream is being followed. */
  get active(): boolean {
    return this.#stream !== undefined
  }

  /**
   * Starts a completion (one job). Ignored while one is running: `stop()` it first.
   * Resolves when it has ended, whatever the way; never rejects (see `error`).
   */
  readonly start = (prompt: string, request: StreamRequest = {}): Promise<void> =>
    this.#follow(true, '', (callbacks) =>
      this.client.chatStream(prompt, { ...this.options, ...request, ...callbacks }),
    )

  /**
   * Follows an existing job after `lastEventId`, appending to `text`: nothing repeated.
   * A no-op while a stream runs or when this job is the one already shown (StrictMode's
   * second effect, a remount).
   */
  readonly resume = (jobId: string, lastEventId?: string, text = ''): Promise<void> =>
    this.state.jobId === jobId
      ? this.#running
      : this.#follow(false, text, (callbacks) =>
          this.client.streamJob(jobId, { ...this.options, ...callbacks, lastEventId }),
        )

  /** Ends the stream and cancels the job on the server; the partial text stays. */
  readonly stop = (): Promise<void> => {
    const stream = this.#stream
    if (!stream) return Promise.resolve()
    this.#stream = undefined
    this.#pending.status = 'cancelled'
    this.#commit()
    return stream.abort().then(() => jobsChanged(this.cache, [stream.jobId]))
  }

  override leave(cancel = this.#owned): void {
    if (cancel) void this.stop()
    else {
      // Stop listening; the job runs on (resume it with its id).
      this.#stream?.detach()
      this.#stream = undefined
    }
  }

  /**
   * Follows the stream `open` makes (unless one runs). The callbacks given to it replace the
   * user's: theirs are called from here with the latest options (never a stale closure), and
   * `onError` once the last tokens are shown.
   */
  #follow(owned: boolean, text: string, open: (callbacks: ChatStreamCallbacks) => ChatStream) {
    if (this.#stream) return this.#running
    this.#frame.cancel()
    this.#chunks = []
    this.#events = []
    this.#pending = {}
    let stream: ChatStream | undefined
    const onEvent = (event: StreamEvent) => {
      if (this.#stream === stream) this.#receive(event)
      this.options.onEvent?.(event)
      if (event.type === 'token') this.options.onToken?.(event.content)
    }
    try {
      stream = open({ onEvent, onToken: undefined, onError: undefined })
    } catch (error) {
      // Bad input (a ValidationError naming the field), before any request.
      this.set({ ...IDLE, status: 'error', error: toError(error) }, true)
      this.options.onError?.(this.state.error as ArchipelagError)
      return Promise.resolve()
    }
    const current = stream
    this.#stream = current
    this.#owned = owned
    this.set({ ...IDLE, status: 'submitted', text, lastEventId: current.lastEventId }, true)
    current.start().then(
      (job) => {
        if (this.#stream === current) this.set({ jobId: job.id })
        if (owned) jobsChanged(this.cache, [job as Job])
      },
      () => undefined,
    )
    this.#running = current.finalResult().then(
      (result) => this.#end(current, result),
      (error) => this.#end(current, undefined, error),
    )
    return this.#running
  }

  #receive(event: StreamEvent): void {
    this.#events.push(event)
    const pending = this.#pending
    if (event.type === 'token') {
      this.#chunks.push(event.content)
      if (this.state.status === 'submitted') pending.status = 'streaming'
    } else if (event.type === 'done') pending.usage = event.usage
    if (event.eventId !== undefined) pending.lastEventId = event.eventId
    // The first token changes the status: shown at once; the rest waits for the next frame.
    if (pending.status) this.#commit()
    else this.#frame.schedule()
  }

  /** Publishes everything buffered as one new snapshot (one render). */
  #commit(): void {
    this.#frame.cancel()
    const patch = this.#pending
    this.#pending = {}
    // Joined once per frame, not once per token (nothing new: the same text).
    patch.text = this.state.text + this.#chunks.join('')
    this.#chunks = []
    patch.events = this.#events.slice()
    this.set(patch)
  }

  /** The stream ended: with its `result`, or else `error` (a cancellation or a failure). */
  #end(stream: ChatStream, result?: ChatResult, error?: unknown): void {
    if (this.#stream !== stream) return
    this.#stream = undefined
    const pending = this.#pending
    const typed = result ? undefined : toError(error)
    pending.status = result ? 'done' : error instanceof JobCancelledError ? 'cancelled' : 'error'
    pending.error = typed
    // The last tokens and the terminal status land in one snapshot, before any callback.
    this.#commit()
    jobsChanged(this.cache, [stream.jobId])
    if (result) this.options.onFinish?.(result)
    else if (pending.status === 'error') this.options.onError?.(typed as ArchipelagError)
  }
}
