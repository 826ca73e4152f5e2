import type { Usage } from '@archipelag/client'

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
  /** Assistant messages only, once complete: the answer's token counts and credits. */
  usage?: Usage
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

/** Whether a value read back from storage is a message (hostile input is dropped). */
export function isMessage(m: Partial<ChatMessage> | null): m is ChatMessage {
  return (
    typeof m?.id === 'string' &&
    typeof m.content === 'string' &&
    Object.hasOwn(LABEL, m.role as string)
  )
}

/**
 * The default prompt of a turn: the message itself when it is the only one, else a
 * transcript of every message (`System: …`, `User: …`, `Assistant: …`) ending with
 * `Assistant:`, so the earlier turns reach the model. (The `systemPrompt` option goes to the
 * job's `system_prompt`.)
 *
 * @example
 * buildPrompt([{ id: 'a', role: 'user', content: 'Hi' }]) // 'Hi'
 */
export function buildPrompt(messages: readonly ChatMessage[]): string {
  const turns = messages.filter((m) => m.content)
  if (turns.length === 1) return (turns[0] as ChatMessage).content
  return `${turns.map((m) => `${LABEL[m.role]}: ${m.content}`).join('\n\n')}\n\nAssistant:`
}
