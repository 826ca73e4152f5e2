import type { ArchipelagError, Client, Usage } from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import {
  type ChatMessage,
  type ChatMessageInput,
  buildPrompt,
  isMessage,
  messageId,
  withIds,
} from './chat-message'
import {
  type ChatStreamOptions,
  ChatStreamStore,
  type StreamRequest,
  type StreamStatus,
} from './chat-stream-store'
import { inBrowser } from './env'
import { Store } from './store'

/** Options of a {@link ConversationStore} (the hook passes its latest ones on every render). */
export interface ConversationOptions extends Omit<ChatStreamOptions, 'onFinish'> {
  /** Builds each turn's prompt from the conversation. Default {@link buildPrompt}. */
  prompt?: (messages: readonly ChatMessage[]) => string
  /** An answer completed (the official package's signature, plus the message). */
  onFinish?: (content: string, usage: Usage | undefined, message: ChatMessage) => void
  /**
   * Save the conversation, the running job's id and the last event id in `sessionStorage`
   * (with an `id`), and pick the job up after a reload.
   */
  persist?: boolean
  /** Messages to start with (read once, when the conversation is created). */
  initialMessages?: readonly ChatMessageInput[]
}

/** A conversation's state, as `useChat` returns it. */
export interface ConversationState {
  messages: readonly ChatMessage[]
  /** The status of the latest turn (`idle` before the first). */
  status: StreamStatus
  error: ArchipelagError | undefined
}

interface Saved {
  messages: ChatMessage[]
  jobId?: string
  lastEventId?: string
}

const ENDED = new Set<StreamStatus>(['done', 'cancelled', 'error'])

/**
 * A conversation as a framework-free state machine. Each turn is one `llm-chat` job whose
 * prompt carries every earlier turn (see {@link buildPrompt}); the answer is the last
 * message while it streams, replaced once per frame (earlier messages keep their identity);
 * a partial answer cut by `stop()` or an error stays, marked `cancelled` or `error`. With a
 * storage key, the conversation, the running job's id and the last event id are saved in
 * `sessionStorage` at each update, and `resume()` picks the job up after that event.
 */
export class ConversationStore extends Store<ConversationState, ConversationOptions> {
  declare readonly turn: ChatStreamStore
  /** Where the conversation is saved (`persist` with an `id`, in a page). */
  declare readonly storageKey: string | undefined
  #options: ConversationOptions = {}
  /** The assistant message of the running turn. */
  #answer: ChatMessage | undefined
  #resume: { jobId: string; lastEventId?: string; text: string } | undefined

  constructor(client: Client, cache: QueryClient, options: ConversationOptions) {
    const { id, persist, initialMessages = [] } = options
    super(client, cache, options, {
      messages: withIds(initialMessages),
      status: 'idle',
      error: undefined,
    })
    this.turn = new ChatStreamStore(client, cache, options)
    this.turn.subscribe(() => this.#sync())
    // Only in a page: on the server nothing is read or written.
    if (persist && this.keep && inBrowser()) {
      this.storageKey = `archipelag:chat:${id}`
      this.#restore(this.storageKey)
    }
  }

  override get options(): ConversationOptions {
    return this.#options
  }

  override set options(options: ConversationOptions) {
    this.#options = options
    // Its onFinish is called from #sync, with the message, once the conversation shows it.
    this.turn.options = { ...options, onFinish: undefined }
  }

  /** Sends a user message; every earlier turn goes with it. Ignored while a turn runs. */
  readonly send = (content: string, request?: StreamRequest): Promise<void> =>
    // An empty message: the client's ValidationError (field `prompt`), and no message added.
    content?.trim()
      ? this.#ask([...this.state.messages, { id: messageId(), role: 'user', content }], request)
      : this.turn.start(content)

  /** Asks again for the answer to the last user message (the answers after it are dropped). */
  readonly regenerate = (request?: StreamRequest): Promise<void> => {
    const messages = this.state.messages
    const end = messages.map((m) => m.role).lastIndexOf('user') + 1
    return end ? this.#ask(messages.slice(0, end), request) : Promise.resolve()
  }

  /** Ends the running answer and cancels its job on the server (the partial answer stays). */
  readonly stop = (): Promise<void> => this.turn.stop()

  /** Replaces the messages (messages without an id get one). */
  readonly setMessages = (
    next: readonly ChatMessageInput[] | ((messages: readonly ChatMessage[]) => ChatMessageInput[]),
  ): void => {
    const messages = withIds(typeof next === 'function' ? next(this.state.messages) : next)
    this.set({ messages })
    this.#save()
  }

  /** Stops any running answer and empties the conversation. */
  readonly clear = (): void => {
    void this.turn.stop()
    this.#answer = this.#resume = undefined
    this.set({ messages: [], status: 'idle', error: undefined })
    this.#save()
  }

  /** Picks up the job saved in `sessionStorage` (once; later calls do nothing). */
  readonly resume = (): void => {
    const saved = this.#resume
    this.#resume = undefined
    if (saved) void this.turn.resume(saved.jobId, saved.lastEventId, saved.text)
  }

  /** A new turn (ignored while one runs). */
  #ask(messages: ChatMessage[], request: StreamRequest = {}): Promise<void> {
    if (this.turn.active) return Promise.resolve()
    this.#answer = this.#resume = undefined
    this.set({ messages, error: undefined })
    return this.turn.start((this.#options.prompt ?? buildPrompt)(messages), request)
  }

  /** Mirrors the turn into the last message: one update per turn update (once per frame). */
  #sync(): void {
    const turn = this.turn.getSnapshot()
    const { status } = turn
    const ended = ENDED.has(status)
    let messages = this.state.messages
    let answer: ChatMessage | undefined
    if (this.#answer || turn.text) {
      const next: ChatMessage = {
        id: this.#answer?.id ?? messageId(),
        role: 'assistant',
        content: turn.text,
        status: ended ? (status as ChatMessage['status']) : 'streaming',
        jobId: turn.jobId,
        usage: turn.usage,
      }
      const at = messages.indexOf(this.#answer as ChatMessage) // -1 without one
      messages = at < 0 ? [...messages, next] : messages.map((m, i) => (i === at ? next : m))
      this.#answer = ended ? undefined : next
      answer = next
    }
    this.set({ messages, status, error: turn.error })
    this.#save()
    if (answer && status === 'done') this.#options.onFinish?.(turn.text, turn.usage, answer)
  }

  #save(): void {
    if (!this.storageKey) return
    const turn = this.turn.getSnapshot()
    const saved: Saved = { messages: this.state.messages as ChatMessage[] }
    if (this.turn.active) {
      saved.jobId = turn.jobId
      saved.lastEventId = turn.lastEventId
    }
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(saved))
    } catch {
      // Storage full or disabled: the conversation still works, it just won't survive a reload.
    }
  }

  #restore(key: string): void {
    let saved: Partial<Saved> | null = null
    try {
      saved = JSON.parse(sessionStorage.getItem(key) as string) // null reads as null
    } catch {
      return // unreadable: start afresh
    }
    if (!Array.isArray(saved?.messages)) return
    const messages = saved.messages.filter(isMessage)
    const last = messages.at(-1)
    if (typeof saved.jobId === 'string') {
      this.#answer = last?.role === 'assistant' && last.status === 'streaming' ? last : undefined
      const lastEventId = typeof saved.lastEventId === 'string' ? saved.lastEventId : undefined
      this.#resume = { jobId: saved.jobId, lastEventId, text: this.#answer?.content ?? '' }
    }
    this.state = { ...this.state, messages }
  }

  override leave(cancel: boolean | undefined): void {
    this.turn.leave(cancel)
  }
}
