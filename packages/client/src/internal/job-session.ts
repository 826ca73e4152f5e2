import type { ChatResult, Job, JobOutcome, StreamEvent, Usage } from '@archipelag/core'
import { foldOutcome, JobCancelledError, onAbort, outcomeError } from '@archipelag/core'
import type {
  ChatStreamCallbacks,
  ChatStreamEvents,
  ChatStreamSource,
  ChatStreamState,
} from '../chat-stream-types'
import { runCallbacks } from './callbacks'
import { abortedError, detachedError, incompleteStreamError } from './errors'
import { EventLog } from './event-log'

/** The job as the stream knows it once created. */
export type CreatedJob = Pick<Job, 'id'> & Partial<Job>

/**
 * The state machine under a `ChatStream`, free of any reading API: it creates the job
 * (once), reads its events into a shared log as they arrive (one read in flight, which
 * readers waiting for the next event share), folds them into the text, usage and outcome,
 * runs the callbacks, and ends in exactly one final state — `completed`, `failed`,
 * `aborted` (the job cancelled) or `detached` (the job left running).
 */
export class JobSession {
  readonly source: ChatStreamSource
  readonly #callbacks: ChatStreamCallbacks
  /** Every event received, in order; readers keep their own position in it. */
  readonly log = new EventLog()
  #state: ChatStreamState = 'idle'
  #jobId: string | undefined
  #lastEventId: string | undefined
  #events: ChatStreamEvents | undefined
  #failure: unknown
  #usage: Usage | undefined
  #finishReason: string | undefined
  #outcome: JobOutcome | undefined
  #job: Promise<CreatedJob> | undefined
  #pulling: Promise<void> | undefined
  #cancelling: Promise<void> | undefined
  #callbackFailed = false
  /** Listener removals, run once the session is final so a long-lived client does not leak. */
  readonly #cleanups: (() => void)[] = []
  /** The caller's signal (aborts) and the client's close (detaches), followed from first use. */
  readonly #signal: AbortSignal | undefined
  readonly #closeSignal: AbortSignal | undefined

  constructor(
    source: ChatStreamSource,
    callbacks: ChatStreamCallbacks,
    signal: AbortSignal | undefined,
    closeSignal: AbortSignal | undefined,
  ) {
    this.source = source
    this.#callbacks = callbacks
    this.#lastEventId = source.lastEventId
    this.#signal = signal
    this.#closeSignal = closeSignal
  }

  /** Follows the signals from the first use to the end: an unused stream holds nothing. */
  #follow(): void {
    this.#cleanups.push(
      onAbort(this.#signal, () => void this.abort()),
      onAbort(this.#closeSignal, () => {
        if (!this.isFinal()) this.#finish('detached', this.#closeSignal?.reason)
      }),
    )
  }

  get jobId(): string | undefined {
    return this.#jobId
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId
  }

  /** Ends it as `state` said after an abort or close from before its first use; final now? */
  #catchUp(): boolean {
    const idle = this.#state === 'idle'
    if (idle && this.#signal?.aborted) this.#finish('aborted', abortedError(undefined))
    else if (idle && this.#closeSignal?.aborted) this.#finish('detached', this.#closeSignal.reason)
    return this.isFinal()
  }

  get state(): ChatStreamState {
    this.#catchUp()
    return this.#state
  }

  get content(): string {
    return this.log.text()
  }

  /** Why the session is not `completed` (once final). */
  get failure(): unknown {
    return this.#failure
  }

  /** A callback threw: readers raise its error even after an abort. */
  get callbackFailed(): boolean {
    return this.#callbackFailed
  }

  isFinal(): boolean {
    const s = this.#state
    return s === 'completed' || s === 'failed' || s === 'aborted' || s === 'detached'
  }

  /** The result, once `completed`. */
  result(): ChatResult {
    return {
      content: this.log.text(),
      jobId: this.#jobId as string,
      usage: this.#usage ?? { creditsUsed: 0 },
      ...(this.#finishReason !== undefined && { finishReason: this.#finishReason }),
    }
  }

  /** `ChatStream.abort()`: stops, and cancels the job (after a `detach()` too); never throws. */
  abort(): Promise<void> {
    this.#catchUp()
    // Detached (even while the job was being created): the job is cancelled once it exists.
    if (this.#state === 'detached' && !this.#cancelling) this.#cancelling = this.#cancelCreated()
    if (this.isFinal()) return this.#cancelling ?? Promise.resolve()
    this.#finish('aborted', abortedError(this.#jobId))
    this.#cancelling = this.#cancelCreated()
    return this.#cancelling
  }

  /** Stops listening without cancelling: the job runs on (`streamJob` resumes it). */
  detach(): void {
    if (!this.#catchUp()) this.#finish('detached', detachedError(this.#jobId))
  }

  /** Cancels the job once it exists (best effort: a failure goes to `onError`). */
  async #cancelCreated(): Promise<void> {
    try {
      // A known job is cancelled in this very call: a close() right after the abort (a page's
      // teardown) comes too late to refuse it. Else once created; never created: nothing to do.
      const id = this.#jobId ?? (await this.#job?.catch(() => undefined))?.id
      if (id !== undefined) await this.source.cancel(id) // may throw (a closed client)
    } catch (error) {
      this.#report(error)
    }
  }

  /** Creates the job (once) and opens its events; failures end the session. */
  begin(): Promise<CreatedJob> {
    if (!this.#catchUp() && !this.#job) this.#follow() // neither signal has aborted
    if (!this.#job) {
      if (this.isFinal()) this.#job = Promise.reject(this.#failure)
      else {
        this.#state = 'starting'
        this.#job = this.source.start().then(
          (job) => this.#open(job),
          (error: unknown) => {
            if (!this.isFinal()) this.#fail(error)
            throw error
          },
        )
      }
      this.#job.catch(() => undefined)
    }
    return this.#job
  }

  #open(job: CreatedJob): CreatedJob {
    this.#jobId = job.id
    // Aborted while the job was being created: abort() cancels it now that it exists.
    if (this.#state === 'aborted' && !this.#callbackFailed) {
      this.#failure = new JobCancelledError(`Job ${job.id} was cancelled`, {
        jobId: job.id,
        code: 'cancelled',
      })
    }
    if (!this.isFinal()) {
      this.#state = 'streaming'
      this.#events = this.source.events(job.id, this.#lastEventId)
      // Read as events arrive, whoever is (or is not) reading: `content`, `state` and the
      // callbacks follow the job, not the pace of the slowest loop.
      void this.drain(true)
    }
    return job
  }

  /** Reads the next event into the log: one read in flight, whoever asks. */
  pull(): Promise<void> {
    this.#pulling ??= this.#read()
    return this.#pulling
  }

  async #read(): Promise<void> {
    try {
      if (!this.#events) {
        // A session that ends while its job is being created (abort, detach, a deadline) ends now.
        const final = this.isFinal() || new Promise<void>((end) => this.#cleanups.push(end))
        await Promise.race([this.begin(), final])
      }
      const events = this.#events
      if (this.isFinal() || !events) return
      // Everything that has arrived, at one promise per network chunk, not per event.
      const batch = await events.nextBatch()
      if (this.isFinal()) return
      if (batch.length === 0) this.#settle()
      this.log.arriving(batch)
      for (const event of batch) {
        this.#accept(event)
        if (this.isFinal()) return // a callback threw: nothing more runs
      }
    } catch (error) {
      if (!this.isFinal()) this.#fail(error)
    } finally {
      this.#pulling = undefined
    }
  }

  /** Ends the drain's wait for readers to catch up. */
  #goOn: (() => void) | undefined

  /**
   * Reads to the end (the session does, once the job exists; `finalResult` waits on it).
   * The session's own read (`paced`) lets readers that are behind catch up after each batch
   * — until they all have, or a timer's turn — so a loop keeping pace gets the events as they
   * came, not ones rebuilt from the log; a slow reader holds it back no longer than that turn.
   */
  async drain(paced = false): Promise<void> {
    while (!this.isFinal()) {
      await this.pull()
      if (paced && this.log.behind()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => this.#goOn?.(), 0)
          this.#goOn = () => {
            clearTimeout(timer)
            this.#goOn = undefined
            resolve()
          }
        })
      }
    }
  }

  /** A reader got to the end of the log: the paced drain goes on once no reader is behind. */
  caughtUp(): void {
    if (this.#goOn && !this.log.behind()) this.#goOn()
  }

  #accept(event: StreamEvent): void {
    this.log.push(event)
    if (event.eventId !== undefined) this.#lastEventId = event.eventId
    if (event.type !== 'token') {
      if (event.type === 'done') {
        this.#usage = event.usage
        this.#finishReason = event.finishReason
      }
      this.#outcome = foldOutcome(this.#outcome, event)
    }
    this.#callback(event)
  }

  /** The events ended: how the job ended decides the final state. */
  #settle(): void {
    const jobId = this.#jobId as string
    if (this.#outcome?.status === 'completed') this.#finish('completed', undefined)
    else this.#fail(outcomeError(jobId, this.#outcome) ?? incompleteStreamError(jobId))
  }

  #callback(event: StreamEvent): void {
    try {
      runCallbacks(this.#callbacks, event)
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
    for (const cleanup of this.#cleanups.splice(0)) cleanup()
    try {
      this.#events?.close()
    } catch {
      // Closing a stream that already ended is fine.
    }
  }
}
