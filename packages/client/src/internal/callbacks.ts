import type { StreamEvent } from '@archipelag/core'
import type { ChatStreamCallbacks } from '../chat-stream-types'

/** Runs the callbacks of a stream that `event` calls for; a throw is the caller's to handle. */
export function runCallbacks(cb: ChatStreamCallbacks, event: StreamEvent): void {
  cb.onEvent?.(event)
  if (event.type === 'token') cb.onToken?.(event.content)
  else if (event.type === 'progress') cb.onProgress?.(event.step, event.total)
  else if (event.type === 'done') cb.onDone?.(event.usage)
}
