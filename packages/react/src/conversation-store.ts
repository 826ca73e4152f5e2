import type { ArchipelagError, Client, Usage } from '@archipelag/client'
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
export class ConversationStore extends Store<ConversationState> {
  readonly turn: ChatStreamStore
  #options: ConversationOptions = {}
  /** The assistant message of the running turn. */
  #answer: ChatMessage | undefined
  #resume: { jobId: string; lastEventId?: string; text: string } | undefined

  constructor(
    readonly client: Client,
    keep: boolean,
    readonly storageKey?: string,
    initialMessages: readonly ChatMessageInput[] = [],
  ) {
    super({ messages: withIds(initialMessages), status: 'idle', error: undefined })
    this.turn = new ChatStreamStore(client, keep)
    this.turn.subscribe(() => this.#sync())
    if (storageKey && inBrowser()) this.#restore(storageKey)
  }

  set options(options: ConversationOptions) {
    this.#options = options
    // Its onFinish is called from #sync, with the message, once the conversation shows it.
    this.turn.options = { ...options, onFinish: undefined }
  }

  /** Sends a user message; every earlier turn goes with it. Ignored while a turn runs. */
  readonly send = (content: string, request?: StreamRequest): Promise<void> => {
    if (this.turn.active) return Promise.resolve()
    // An empty message: the client's ValidationError (field `prompt`), and no message added.
    if (!content?.trim()) return this.turn.start(content)
    this.#resume = undefined
    return this.#ask([...this.state.messages, { id: messageId(), role: 'user', content }], request)
  }

  /** Asks again for the answer to the last user message (the answers after it are dropped). */
  readonly regenerate = (request?: StreamRequest): Promise<void> => {
    const messages = this.state.messages
    let end = messages.length
    while (end > 0 && messages[end - 1]?.role !== 'user') end--
    if (this.turn.active || end === 0) return Promise.resolve()
    return this.#ask(messages.slice(0, end), request)
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

  #ask(messages: ChatMessage[], request: StreamRequest = {}): Promise<void> {
    this.#answer = undefined
    this.set({ messages, error: undefined })
    return this.turn.start((this.#options.prompt ?? buildPrompt)(messages), request)
  }

  /** Mirrors the turn into the last message: one update per turn update (once per frame). */
  #sync(): void {
    const turn = this.turn.getSnapshot()
    let messages = this.state.messages
    let completed: ChatMessage | undefined
    if (this.#answer || turn.text) {
      const answer: ChatMessage = {
        id: this.#answer?.id ?? messageId(),
        role: 'assistant',
        content: turn.text,
        status: ENDED.has(turn.status) ? (turn.status as ChatMessage['status']) : 'streaming',
        jobId: turn.jobId,
      }
      const at = this.#answer ? messages.indexOf(this.#answer) : -1
      messages = at < 0 ? [...messages, answer] : messages.map((m, i) => (i === at ? answer : m))
      this.#answer = ENDED.has(turn.status) ? undefined : answer
      if (turn.status === 'done') completed = answer
    }
    this.set({ messages, status: turn.status, error: turn.error })
    this.#save()
    if (completed) this.#options.onFinish?.(turn.text, turn.usage, completed)
  }

  #save(): void {
    if (!this.storageKey || !inBrowser()) return
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
      saved = JSON.parse(sessionStorage.getItem(key) ?? 'null')
    } catch {
      return // unreadable: start afresh
    }
    if (!Array.isArray(saved?.messages)) return
    const messages = saved.messages.filter(isMessage)
    const last = messages[messages.length - 1]
    if (typeof saved.jobId === 'string') {
      this.#answer = last?.role === 'assistant' && last.status === 'streaming' ? last : undefined
      const lastEventId = typeof saved.lastEventId === 'string' ? saved.lastEventId : undefined
      this.#resume = { jobId: saved.jobId, lastEventId, text: this.#answer?.content ?? '' }
    }
    this.state = { ...this.state, messages }
  }

  protected override onIdle(): void {
    if (this.turn.active && (this.#options.cancelOnUnmount ?? !this.turn.keep))
      void this.turn.stop()
  }
}
