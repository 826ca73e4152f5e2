import { useEffect } from 'react'
import {
  type ChatStreamOptions,
  type ChatStreamState,
  ChatStreamStore,
  type StreamRequest,
} from './chat-stream-store'
import { useStore } from './use-store'

/** Options of {@link useChatStream}. */
export interface UseChatStreamOptions extends ChatStreamOptions {
  /**
   * Follow this existing job (from an earlier `jobId`) on mount: its text from the start, each
   * token once. Deduplicated: StrictMode's double effects and remounts open one stream. The
   * hook only watches it: unmounting stops following (the job runs on) unless
   * `cancelOnUnmount: true`.
   */
  resumeJobId?: string
}

/** What {@link useChatStream} returns: the stream's state and its two verbs. */
export interface UseChatStreamResult extends ChatStreamState {
  /** Starts a completion (one job); ignored while one runs. Resolves when it ends. */
  start: (prompt: string, request?: StreamRequest) => Promise<void>
  /** Ends the stream and cancels the job on the server (no credits burn for nothing). */
  stop: () => Promise<void>
}

/**
 * One streamed completion. Renders at most once per animation frame (or `throttleMs`)
 * however fast tokens arrive. `stop()` cancels the job. Unmounting cancels the job it
 * started and stops following one it only watches (`resumeJobId`), unless the hook has an
 * `id` (then it runs on, and a remount shows it); `cancelOnUnmount` overrides.
 *
 * @example
 * const { text, status, error, start, stop } = useChatStream({ maxTokens: 400 })
 * <button onClick={() => start('Tell me a story')}>Go</button>
 * {status === 'streaming' && <button onClick={stop}>Stop</button>}
 * <p>{text}</p>
 */
export function useChatStream(options: UseChatStreamOptions = {}): UseChatStreamResult {
  const { resumeJobId } = options
  const [store, state] = useStore('stream:', ChatStreamStore, options)
  useEffect(() => {
    // The one place a hook starts network work from an effect; the store deduplicates it.
    if (resumeJobId) void store.resume(resumeJobId)
  }, [store, resumeJobId])
  return { ...state, start: store.start, stop: store.stop }
}
