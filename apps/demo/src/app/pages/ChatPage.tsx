import { type ChatMessage, type UseChatResult, useChat, useJob } from '@archipelag/react'
import { type FormEvent, type KeyboardEvent, useEffect, useRef } from 'react'
import { ErrorNotice } from '../components/ErrorNotice'
import { credits } from '../format'
import { Link } from '../router'
import { useStoredState } from '../stored-state'
import { useRefreshAfterJob } from '../work'
import { ChatSettings, type Settings } from './ChatSettings'

const SUGGESTIONS = [
  'Tell me about the islands of the archipelago',
  'Write a haiku about the tide',
  'How do Islands earn credits?',
]

const DEFAULT_SETTINGS: Settings = {
  systemPrompt: 'You are a friendly guide to the archipelago.',
  temperature: 0.7,
  maxTokens: 200,
}

/** Tokens and credits of an ended answer, read from its job (so they survive a reload). */
function AnswerUsage({ jobId }: { jobId: string }) {
  const { data: job } = useJob(jobId)
  const usage = job?.usage
  return (
    <span className="msg-usage" data-testid="usage">
      {usage?.totalTokens !== undefined && `${usage.totalTokens} tokens · `}
      {usage ? `${credits(usage.creditsUsed)} credits` : 'no charge recorded'}
      {' · '}
      <Link href={`/jobs/${encodeURIComponent(jobId)}`}>job</Link>
    </span>
  )
}

const STATE_LABEL = { streaming: 'answering…', cancelled: 'stopped', error: 'failed', done: '' }

function Message({ message }: { message: ChatMessage }) {
  const { role, content, status, jobId } = message
  return (
    <li className={`msg msg-${role}`} data-status={status} data-job={jobId}>
      <div className="msg-role">
        {role === 'user' ? 'You' : role === 'assistant' ? 'Island' : 'System'}
      </div>
      <div className="msg-text">
        {content}
        {status === 'streaming' && <span className="cursor" aria-hidden="true" />}
      </div>
      {role === 'assistant' && (
        <div className="msg-meta">
          {status && STATE_LABEL[status] && (
            <span className={`msg-state msg-state-${status}`}>{STATE_LABEL[status]}</span>
          )}
          {jobId && status !== 'streaming' && <AnswerUsage jobId={jobId} />}
        </div>
      )}
    </li>
  )
}

/** Keeps the newest message in view while it grows, unless the reader scrolled up. */
function useFollow(dependency: unknown) {
  const end = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 160
    if (nearBottom && dependency !== undefined) end.current?.scrollIntoView({ block: 'end' })
  }, [dependency])
  return end
}

/** The message box and the buttons under it. */
function Composer({ chat, draft, setDraft, send }: ComposerProps) {
  const busy = chat.status === 'submitted' || chat.status === 'streaming'
  const input = useRef<HTMLTextAreaElement>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    send(draft)
  }
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      send(draft)
    }
  }
  const canRegenerate = !busy && chat.messages.some((m) => m.role === 'user')
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="chat-input" className="sr-only">
        Message
      </label>
      <textarea
        id="chat-input"
        ref={input}
        rows={2}
        placeholder="Message the Islands (Enter sends, Shift+Enter for a new line)"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={keyDown}
      />
      <div className="composer-actions">
        {/* Keys: a new element, so the click on Stop never lands on Send's submit. */}
        {busy ? (
          <button
            key="stop"
            type="button"
            className="danger"
            onClick={() => void chat.stop().then(() => input.current?.focus())}
          >
            Stop
          </button>
        ) : (
          <button key="submit" type="submit" className="primary" disabled={!draft.trim()}>
            Send
          </button>
        )}
        <button type="button" onClick={() => void chat.regenerate()} disabled={!canRegenerate}>
          Regenerate
        </button>
        <button type="button" onClick={chat.clear} disabled={chat.messages.length === 0}>
          New chat
        </button>
      </div>
    </form>
  )
}

interface ComposerProps {
  chat: UseChatResult
  draft: string
  setDraft: (draft: string) => void
  send: (text: string) => void
}

/** Suggestions before the first message; the conversation after. */
function Conversation({ chat, send }: { chat: UseChatResult; send: (text: string) => void }) {
  if (chat.messages.length === 0) {
    return (
      <div className="empty">
        <p>Ask anything, or start with one of these:</p>
        <div className="chips">
          {SUGGESTIONS.map((s) => (
            <button key={s} type="button" className="chip" onClick={() => send(s)}>
              {s}
            </button>
          ))}
        </div>
      </div>
    )
  }
  return (
    <ol className="messages" aria-label="Conversation" data-status={chat.status}>
      {chat.messages.map((m) => (
        <Message key={m.id} message={m} />
      ))}
    </ol>
  )
}

const ANNOUNCE: Partial<Record<UseChatResult['status'], string>> = {
  submitted: 'Waiting for an Island',
  done: 'Answer complete',
}

export function ChatPage() {
  const [settings, setSettings] = useStoredState('chat:settings', DEFAULT_SETTINGS)
  const [draft, setDraft] = useStoredState('chat:draft', '')
  const refresh = useRefreshAfterJob()
  const chat = useChat({
    id: 'demo',
    persist: true,
    systemPrompt: settings.systemPrompt.trim() || undefined,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    onFinish: refresh,
    onError: refresh,
  })
  const busy = chat.status === 'submitted' || chat.status === 'streaming'
  const last = chat.messages[chat.messages.length - 1]
  const lastJob = last?.jobId
  // A new answer's job exists: its price is debited now.
  useEffect(() => {
    if (lastJob) refresh()
  }, [lastJob, refresh])
  const end = useFollow(last?.content.length)
  const send = (text: string) => {
    if (!text.trim() || busy) return
    setDraft('')
    void chat.send(text.trim())
  }
  return (
    <section className="page chat" aria-labelledby="chat-title">
      <header className="page-header">
        <h1 id="chat-title">Chat</h1>
        <p className="lede">
          Answers stream token by token from an Island. Reload mid-answer: it carries on.
        </p>
      </header>
      <ChatSettings settings={settings} onChange={setSettings} disabled={busy} />
      <Conversation chat={chat} send={send} />
      {chat.error && <ErrorNotice error={chat.error} onRetry={() => void chat.regenerate()} />}
      <p className="sr-only" aria-live="polite">
        {ANNOUNCE[chat.status] ?? ''}
      </p>
      {/* Takes the room left, so the composer starts at the bottom of the window (styles.css). */}
      <div ref={end} className="chat-end" />
      <Composer chat={chat} draft={draft} setDraft={setDraft} send={send} />
    </section>
  )
}
