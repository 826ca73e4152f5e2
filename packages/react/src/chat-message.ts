/** One message of a conversation. */
export interface ChatMessage {
  /** Stable for the message's life: use it as the React `key`. */
  id: string
  role: 'user' | 'assistant' | 'system'
  content: string
  /**
   * Assistant messages only: `streaming` while it arrives, `done` when complete, and
   * `cancelled` or `error` for a partial answer cut by `stop()` or a failure.
   */
  status?: 'streaming' | 'done' | 'cancelled' | 'error'
  /** The job that produced an assistant message. */
  jobId?: string
}

/** A message as the official `@archipelag/react` 0.1 had them (no id): one is given. */
export type ChatMessageInput = Omit<ChatMessage, 'id'> & { id?: string }

/** A random message id (`msg_…`), unique enough to survive a reload beside saved ones. */
export function messageId(): string {
  return `msg_${Math.random().toString(36).slice(2)}`
}

/** Gives every message an id (keeping the ones it has). */
export function withIds(messages: readonly ChatMessageInput[]): ChatMessage[] {
  return messages.map((m) => (m.id ? (m as ChatMessage) : { ...m, id: messageId() }))
}

const LABEL = { user: 'User', assistant: 'Assistant', system: 'System' } as const

/**
 * The default prompt of a turn: the message itself when it is the first, else a transcript
 * of every earlier turn (`User: …`, `Assistant: …`) ending with `Assistant:`, so the
 * earlier turns reach the model. System messages go to `system_prompt` instead.
 *
 * @example
 * buildPrompt([{ id: 'a', role: 'user', content: 'Hi' }]) // 'Hi'
 */
export function buildPrompt(messages: readonly ChatMessage[]): string {
  const turns = messages.filter((m) => m.role !== 'system' && m.content)
  if (turns.length === 1) return (turns[0] as ChatMessage).content
  return `${turns.map((m) => `${LABEL[m.role]}: ${m.content}`).join('\n\n')}\n\nAssistant:`
}
