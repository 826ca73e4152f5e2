import {
  type JoinedSignal,
  joinSignals,
  type RequestOptions,
  type Transport,
} from '@archipelag/core'
import { ChatStream } from '../chat-stream'
import type { ChatStreamCallbacks, ChatStreamSource } from '../chat-stream-types'
import type { AsyncDisposeSymbol } from './async-dispose'
import { closedError } from './errors'

/**
 * `Symbol.asyncDispose`, or its registered stand-in where the runtime lacks it. Typed
 * {@link AsyncDisposeSymbol} so the published .d.ts compiles without `esnext.disposable`.
 */
export const asyncDispose: AsyncDisposeSymbol =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as AsyncDisposeSymbol)

/**
 * What every part of the client shares: the transport, and the client's life. `close()`
 * aborts `closed` (requests in flight stop, streams detach) and every later call throws.
 */
export class ClientContext {
  readonly transport: Transport
  readonly #closer = new AbortController()

  constructor(transport: Transport) {
    this.transport = transport
  }

  /** Aborts when the client closes. */
  get closed(): AbortSignal {
    return this.#closer.signal
  }

  close(): void {
    if (this.#closer.signal.aborted) return
    this.#closer.abort(closedError())
  }

  /** Throws once the client is closed. */
  ensureOpen(): void {
    if (this.#closer.signal.aborted) throw this.#closer.signal.reason
  }

  /** Request options for a call the client makes on its own: it stops when the client closes. */
  req(): RequestOptions {
    this.ensureOpen()
    return { signal: this.#closer.signal }
  }

  /**
   * Sends one request with the caller's options, the client's close joined to their signal
   * while it runs — then let go, so nothing builds up on a long-lived signal call after call.
   */
  call<T>(
    options: RequestOptions | undefined,
    request: (options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    if (!options?.signal) return request({ ...options, ...this.req() }) // nothing to join
    const { signal, release } = this.join(options.signal)
    try {
      const pending = request({ ...options, signal })
      pending.then(release, release)
      return pending
    } catch (error) {
      release()
      throw error
    }
  }

  /**
   * Cancels a job for a stream's `abort()`: refused once closed, but a cancel sent is not
   * cut short by a later `close()` (which would leave running the job the abort meant to stop).
   */
  cancel(id: string): Promise<unknown> {
    this.ensureOpen()
    return this.transport.jobs.cancel(id)
  }

  /** `signals` joined with the client's close, until `release()`. Throws once closed. */
  join(...signals: (AbortSignal | undefined)[]): JoinedSignal {
    this.ensureOpen()
    return joinSignals(...signals, this.#closer.signal)
  }

  /**
   * A {@link ChatStream} that detaches when the client closes. It follows the close from its
   * first use to its end only: one never consumed is not kept alive by a long-lived client.
   */
  stream(
    source: ChatStreamSource,
    callbacks: ChatStreamCallbacks,
    signal: AbortSignal | undefined,
  ): ChatStream {
    this.ensureOpen()
    return new ChatStream(source, callbacks, signal, this.#closer.signal)
  }
}
