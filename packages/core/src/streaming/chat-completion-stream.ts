import { droppedError } from '../errors/connection-errors'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import type { Redact } from '../errors/redact'
import { type ChatCompletionChunk, ChatCompletionChunkSchema } from '../models/chat-completion'
import { unwrap } from '../transport/decode-answer'
import { onAbort } from '../runtime/signals'
import { SseReader } from './sse-reader'

/**
 * SSE body of `POST /chat/completions` (`stream: true`) → typed chunks, until
 * `data: [DONE]`. Breaking out of the loop (or `signal`) cancels the body.
 */
export async function* chatCompletionChunks(
  response: Response,
  options: { maxMessageBytes: number; redact: Redact; signal?: AbortSignal },
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  if (!response.body) return
  const label = 'Chat completion stream'
  const sse = new SseReader(response.body, {
    maxMessageBytes: options.maxMessageBytes,
    label,
    status: response.status,
  })
  const signal = options.signal
  const stopWatching = onAbort(signal, () => sse.cancel())
  try {
    for (;;) {
      const batch = await sse.read().catch((error: unknown) => {
        if (signal?.aborted) throw signal.reason
        throw droppedError(label, error, options.redact) // a bare TypeError('terminated') else
      })
      if (signal?.aborted) throw signal.reason
      if (batch === undefined) return
      for (const message of batch) {
        if (message.data === '[DONE]') return
        let json: unknown
        try {
          json = JSON.parse(message.data)
        } catch {
          json = undefined
        }
        const result = ChatCompletionChunkSchema.safeParse(unwrap(json))
        if (!result.success) {
          const snippet = snippetOf(options.redact(message.data))
          throw new InvalidResponseError(`${label} sent an unexpected chunk: ${snippet}`, {
            status: response.status,
            snippet,
          })
        }
        yield result.data
        if (signal?.aborted) throw signal.reason
      }
    }
  } finally {
    stopWatching()
    sse.cancel()
  }
}
