import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { type ChatCompletionChunk, ChatCompletionChunkSchema } from '../models/chat-completion'
import { sseBatches } from './sse-batches'

/**
 * SSE body of `POST /chat/completions` (`stream: true`) → typed chunks, until
 * `data: [DONE]`. Breaking out of the loop cancels the body.
 */
export async function* chatCompletionChunks(
  response: Response,
  signal?: AbortSignal,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  if (!response.body) return
  for await (const batch of sseBatches(response.body, undefined, signal)) {
    for (const message of batch) {
      if (message.data === '[DONE]') return
      let json: unknown
      try {
        json = JSON.parse(message.data)
      } catch {
        json = undefined
      }
      const wire = json !== null && typeof json === 'object' && 'data' in json ? json.data : json
      const result = ChatCompletionChunkSchema.safeParse(wire)
      if (!result.success) {
        throw new InvalidResponseError(
          `Chat completion stream sent an unexpected chunk: ${snippetOf(message.data)}`,
          { status: response.status, snippet: snippetOf(message.data) },
        )
      }
      yield result.data
      if (signal?.aborted) throw signal.reason
    }
  }
}
