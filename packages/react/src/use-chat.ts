import { useEffect } from 'react'
import type { StreamRequest } from './chat-stream-store'
import {
  type ConversationOptions,
  type ConversationState,
  ConversationStore,
} from './conversation-store'
import { useStore } from './use-store'

/** Options of {@link useChat}. */
export type UseChatOptions = ConversationOptions &
  (
    | {
        /**
         * Share the conversation with every `useChat` given this id, and keep its answer
         * running when they unmount.
         */
        id: string
        /**
         * Save the conversation, the running job's id and the last event id in
         * `sessionStorage`, and pick the job up after a reload: nothing lost, nothing repeated.
         */
        persist?: boolean
      }
    | { id?: undefined; persist?: false }
  )

/** What {@link useChat} returns. */
export interface UseChatResult extends ConversationState {
  /** Sends a user message (every earlier turn goes with it). Ignored while an answer runs. */
  send: (content: string, request?: StreamRequest) => Promise<void>
  /** Ends the answer and cancels its job on the server; the partial answer stays. */
  stop: () => Promise<void>
  /** Asks again for the answer to the last user message. */
  regenerate: (request?: StreamRequest) => Promise<void>
  setMessages: ConversationStore['setMessages']
  /** Stops any answer and empties the conversation. */
  clear: () => void
  /** `status` is `submitted` or `streaming` (official 0.1). */
  isLoading: boolean
  /** `status` is `streaming` (official 0.1). */
  isStreaming: boolean
  /** The answer arriving now, '' otherwise (official 0.1; it is also the last message). */
  streamingContent: string
}

/**
 * A conversation. Each turn is one `llm-chat` job whose prompt carries every earlier turn;
 * the answer is the last message while it streams, rendered at most once per frame.
 *
 * @example
 * const { messages, send, stop, status } = useChat({ id: 'support', persist: true })
 * {messages.map((m) => <p key={m.id}>{m.role}: {m.content}</p>)}
 * <button onClick={() => send(input)}>Send</button>
 */
export function useChat(options: UseChatOptions = {}): UseChatResult {
  const [store, state] = useStore('chat:', ConversationStore, options)
  // Picks up a job saved before a reload (deduplicated: a second call does nothing).
  useEffect(() => store.resume(), [store])
  const last = state.messages.at(-1)
  return {
    ...state,
    send: store.send,
    stop: store.stop,
    regenerate: store.regenerate,
    setMessages: store.setMessages,
    clear: store.clear,
    isLoading: state.status === 'submitted' || state.status === 'streaming',
    isStreaming: state.status === 'streaming',
    streamingContent: last?.status === 'streaming' ? last.content : '',
  }
}
