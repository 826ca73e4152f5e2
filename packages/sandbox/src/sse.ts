import type { Bindings } from './context.js'

const encoder = new TextEncoder()

/** Options of one {@link SseStream}. */
export interface SseStreamOptions {
  bindings: Bindings
  /** Sent as `retry: <ms>` first (omitted when undefined). */
  retryMs: number | undefined
  keepAliveMs: number
  /** Cut the connection abruptly after this many events (fault injection). */
  cutAfter: number | undefined
  /** Runs once the stream is ready for writing. */
  onStart(stream: SseStream): void
  /** Runs once when the stream ends for any reason (client gone, closed, cut): unsubscribe here. */
  onEnd(): void
  /** Extra response headers. */
  headers?: Record<string, string>
}

/**
 * One Server-Sent Events response: writes frames, sends keep-alive comments while idle, ends
 * cleanly, or (fault injection) cuts the connection: the socket is destroyed over HTTP, the body
 * stream errors in process. Every way it ends runs `onEnd` exactly once.
 */
export class SseStream {
  readonly response: Response
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined
  private ended = false
  private events = 0
  private wrote = false
  private keepAlive: NodeJS.Timeout | undefined

  constructor(private readonly options: SseStreamOptions) {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller
        if (options.retryMs !== undefined) this.write(`retry: ${options.retryMs}\n\n`)
        this.keepAlive = setInterval(() => {
          if (!this.wrote) this.write(': keep-alive\n\n')
          this.wrote = false
        }, options.keepAliveMs)
        if (options.cutAfter === 0) {
          this.cut()
          return
        }
        options.onStart(this)
      },
      cancel: () => this.finish(),
    })
    this.response = new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        ...options.headers,
      },
    })
  }

  get closed(): boolean {
    return this.ended
  }

  /** Sends one event frame (already encoded); counts towards the stream cut. */
  event(frame: Uint8Array | string): void {
    if (this.ended) return
    this.write(frame)
    this.events += 1
    const cutAfter = this.options.cutAfter
    if (cutAfter !== undefined && this.events >= cutAfter) this.cut()
  }

  /** Ends the stream cleanly. */
  close(): void {
    if (this.ended) return
    this.finish()
    try {
      this.controller?.close()
    } catch {
      // already closed by the consumer
    }
  }

  /** Ends the stream abruptly (no clean end of the HTTP body). */
  cut(): void {
    if (this.ended) return
    this.finish()
    const socket = this.options.bindings.incoming?.socket
    if (socket) {
      // Let the frames already queued reach the socket, then drop the connection.
      setTimeout(() => socket.destroy(), 15)
    } else {
      this.controller?.error(new TypeError('network error: the sandbox cut the stream'))
    }
  }

  private write(chunk: Uint8Array | string): void {
    if (this.ended || !this.controller) return
    this.wrote = true
    try {
      this.controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
    } catch {
      this.finish()
    }
  }

  private finish(): void {
    if (this.ended) return
    this.ended = true
    clearInterval(this.keepAlive)
    this.options.onEnd()
  }
}
