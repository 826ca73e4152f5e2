// Runs INSIDE headless Chromium. The test bundles this file with the BUILT package (dist), as
// a user's bundler would, in production mode. Buttons start things, as a user would; the
// test reads the DOM and `window.app`.
import { Client, type Usage } from '@archipelag/client'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import {
  ArchipelagProvider,
  useChat,
  useChatStream,
  useGenerateImage,
} from '../../../dist/index.js'

/** Renders of each streaming component since its button was clicked, and frames meanwhile. */
const counts = { streamed: 0, naive: 0 }
let frames = 0
const tick = () => {
  frames++
  requestAnimationFrame(tick)
}
requestAnimationFrame(tick)
const marks: Record<string, number> = {}

declare global {
  interface Window {
    app: {
      counts: typeof counts
      /** Animation frames between two `mark`s. */
      framesBetween(from: string, to: string): number
      mark(name: string): void
    }
  }
}

window.app = {
  counts,
  framesBetween: (from, to) => (marks[to] ?? frames) - (marks[from] ?? frames),
  mark: (name) => {
    marks[name] = frames
  },
}

const params = new URLSearchParams(location.search)
const prompt = params.get('prompt') ?? 'Hello'
// The page's client: no key, its own origin's proxy.
const client = new Client({ apiKey: null, baseUrl: document.body.dataset.api as string })

/** The package's hook. */
function Streamed() {
  const s = useChatStream()
  counts.streamed++
  useEffect(() => {
    if (s.status === 'done') window.app.mark('streamed-done')
  }, [s.status])
  const start = () => {
    counts.streamed = 0
    window.app.mark('streamed')
    void s.start(prompt)
  }
  return (
    <section>
      <button id="streamed-start" type="button" onClick={start}>
        useChatStream
      </button>
      <p id="streamed" data-status={s.status} data-job={s.jobId}>
        {s.text}
      </p>
    </section>
  )
}

/** The official @archipelag/react 0.1's way: one state update per token. */
function Naive() {
  const [content, setContent] = useState('')
  const [status, setStatus] = useState('idle')
  counts.naive++
  const start = async () => {
    counts.naive = 0
    window.app.mark('naive')
    setStatus('streaming')
    let full = ''
    await client.chatStream(prompt, {
      onToken: (token: string) => {
        full += token
        setContent(full)
      },
      onDone: (_usage: Usage | undefined) => undefined,
    })
    setStatus('done')
    window.app.mark('naive-done')
  }
  return (
    <section>
      <button id="naive-start" type="button" onClick={() => void start()}>
        naive
      </button>
      <p id="naive" data-status={status}>
        {content}
      </p>
    </section>
  )
}

/** A conversation that survives a reload of the page. */
function Chat() {
  const { messages, send, status } = useChat({ id: 'trip', persist: true })
  return (
    <section>
      <button id="chat-send" type="button" onClick={() => void send(prompt)}>
        send
      </button>
      <ol id="chat" data-status={status}>
        {messages.map((m) => (
          <li key={m.id} data-role={m.role} data-status={m.status} data-job={m.jobId}>
            {m.content}
          </li>
        ))}
      </ol>
    </section>
  )
}

function Picture() {
  const { generate, url, progress, status } = useGenerateImage({
    width: 256,
    height: 256,
    steps: 8,
  })
  return (
    <section>
      <button id="paint" type="button" onClick={() => void generate(prompt, { seed: 3 })}>
        paint
      </button>
      <progress id="progress" value={progress} data-status={status} />
      {url && <img id="picture" src={url} alt={prompt} />}
    </section>
  )
}

function App() {
  const [picture, setPicture] = useState(true)
  const [streamed, setStreamed] = useState(true)
  return (
    <ArchipelagProvider client={client}>
      {streamed && <Streamed />}
      <button id="hide-streamed" type="button" onClick={() => setStreamed(false)}>
        hide useChatStream
      </button>
      <Naive />
      <Chat />
      {picture && <Picture />}
      <button id="hide-picture" type="button" onClick={() => setPicture(false)}>
        hide picture
      </button>
    </ArchipelagProvider>
  )
}

createRoot(document.getElementById('root') as HTMLElement).render(<App />)
