import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser'
import { InvalidResponseError } from '../errors/invalid-response-error'

/** One SSE message: its `data` (lines joined by `\n`), and `id`/`event` when sent. */
export type SseMessage = EventSourceMessage

/** Options of {@link SseReader}. */
export interface SseReaderOptions {
  /** Largest single message (or unfinished line) accepted, in bytes. */
  maxMessageBytes: number
  /** Receives the server's `retry:` value (ms). */
  onRetry?: (ms: number) => void
  /** Names the stream in errors (`Stream of job_1`). */
  label: string
  /** HTTP status of the answer, for errors. */
  status: number
}

/**
 * Bytes → SSE messages: the one SSE reader, under job streams and chat completions alike.
 * `read()` hands out, per network chunk, the messages that chunk completed (an empty list
 * when it completed none), and `undefined` at the end of the body. UTF-8 is decoded in
 * streaming mode (a character split across chunks is never mangled); `\r\n`, `\r`,
 * multi-line `data:` and `:` comments are `eventsource-parser`'s job, and so is the
 * limit: what it holds of an unfinished message (its `data:` lines so far and a line that
 * has not ended, comments in between not resetting it) past `maxMessageBytes` characters
 * fails with an `InvalidResponseError` instead of growing without bound.
 */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #parser: EventSourceParser
  readonly #decoder = new TextDecoder()
  readonly #options: SseReaderOptions
  #batch: SseMessage[] = []
  /** The parser's buffer went past `maxMessageBytes` (it is then terminated). */
  #overflow = false

  constructor(body: ReadableStream<Uint8Array>, options: SseReaderOptions) {
    this.#options = options
    this.#reader = body.getReader()
    this.#parser = createParser({
      onEvent: (message) => {
        this.#batch.push(message)
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.#overflow = true
      },
      maxBufferSize: options.maxMessageBytes,
      ...(options.onRetry && { onRetry: options.onRetry }),
    })
  }

  /** The messages the next chunk completes; `undefined` once the body has ended. */
  async read(): Promise<SseMessage[] | undefined> {
    const { done, value } = await this.#reader.read()
    if (done) {
      const tail = this.#decoder.decode()
      if (tail !== '') this.#parser.feed(tail)
      // A message not closed by a blank line before the end is incomplete: dropped (per spec).
      const rest = this.#take()
      return rest.length > 0 ? rest : undefined
    }
    this.#parser.feed(this.#decoder.decode(value, { stream: true }))
    if (this.#overflow) {
      this.cancel()
      throw new InvalidResponseError(
        `${this.#options.label} sent more than ${this.#options.maxMessageBytes} bytes without ending an event (maxResponseBytes)`,
        { status: this.#options.status, snippet: '', code: 'response_too_large' },
      )
    }
    return this.#take()
  }

  /** Stops reading and releases the connection. Safe to call more than once. */
  cancel(): void {
    this.#reader.cancel().catch(() => {})
  }

  #take(): SseMessage[] {
    const out = this.#batch
    this.#batch = []
    return out
  }
}
