// The README's components, as printed there (kept in step by hand; the test renders them).
import { useState } from 'react'
import { useCancelJob, useChat, useGenerateImage, useJob } from '../../src/index'

export function Chat() {
  const { messages, send, stop, isLoading, error } = useChat({ id: 'support', persist: true })
  const [input, setInput] = useState('')
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    void send(input)
    setInput('')
  }
  return (
    <form onSubmit={submit}>
      {messages.map((m) => (
        <p key={m.id} className={m.status}>
          <b>{m.role}:</b> {m.content}
        </p>
      ))}
      {error && <p role="alert">{error.message}</p>}
      <input value={input} onChange={(e) => setInput(e.target.value)} />
      {isLoading ? (
        <button key="stop" type="button" onClick={stop}>
          Stop
        </button>
      ) : (
        <button key="send" type="submit">
          Send
        </button>
      )}
    </form>
  )
}

export function Painter() {
  const { generate, progress, url, isLoading, error } = useGenerateImage({
    width: 512,
    height: 512,
  })
  return (
    <div>
      <button type="button" disabled={isLoading} onClick={() => generate('a lighthouse at dusk')}>
        Paint
      </button>
      {isLoading && <progress value={progress} />}
      {url && <img src={url} alt="a lighthouse at dusk" />}
      {error && <p role="alert">{error.message}</p>}
    </div>
  )
}

export function JobRow({ id }: { id: string }) {
  const { data: job } = useJob(id)
  const cancel = useCancelJob()
  return (
    <li>
      {id}: {job?.status}
      {job && !['completed', 'failed', 'cancelled', 'timeout'].includes(job.status) && (
        <button type="button" onClick={() => cancel.mutate(id)}>
          Cancel
        </button>
      )}
    </li>
  )
}
