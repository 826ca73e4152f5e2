import { createParser, type EventSourceMessage } from 'eventsource-parser'

/** One SSE message: its `data` (lines joined by `\n`), and `id`/`event` when sent. */
export type SseMessage = EventSourceMessage

/**
 * Bytes → SSE messages. Reads a response body and yields, per network chunk, the
 * messages that chunk completed. UTF-8 is decoded in streaming mode, so a character
 * split across chunks is never mangled; `\r\n`, `\r`, multi-line `data:` and `:`
 * comments are handled by `eventsource-parser`. Returning early (a `break` upstream)
 * cancels the body, which releases the connection.
 *
 * @param onRetry receives the server's `retry:` value (ms).
 * @param signal stops reading (throws its reason) even with a `fetch` that ignores it.
 */
export async function* sseBatches(
  body: ReadableStream<Uint8Array>,
  onRetry?: (ms: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<SseMessage[], void, undefined> {
  const reader = body.getReader()
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {})
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  const decoder = new TextDecoder()
  let batch: SseMessage[] = []
  const parser = createParser({
    onEvent: (message) => {
      batch.push(message)
    },
    ...(onRetry && { onRetry }),
  })
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (signal?.aborted) throw signal.reason
      if (done) break
      parser.feed(decoder.decode(value, { stream: true }))
      if (batch.length > 0) {
        const out = batch
        batch = []
        yield out
      }
    }
    finished = true
    const tail = decoder.decode()
    if (tail !== '') parser.feed(tail)
    // An event not closed by a blank line before the end is incomplete: dropped (per spec).
    if (batch.length > 0) yield batch
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (!finished) reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
