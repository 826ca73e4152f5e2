// Runs INSIDE headless Chromium: the test bundles this file with the built packages (resolved
// by name, through their `exports`, as a user's bundler does) and calls `window.scenarios.*`.
// Every scenario returns plain JSON; errors are described in the page, where `instanceof`
// sees the page's own classes.
import {
  APIError,
  ArchipelagError,
  AuthenticationError,
  Client,
  type ClientOptions,
  InsufficientCreditsError,
  PermissionDeniedError,
} from '@archipelag/client'
import { createTransport } from '@archipelag/core'
import { signalScenarios } from './signal-scenarios'

/** Where the page's client talks: the sandbox itself (with its key) or a proxy (no key). */
export interface Target {
  baseUrl: string
  apiKey: string | null
}

/** An error as seen inside the page. */
export interface ErrorReport {
  name: string
  message: string
  stack: string
  status: number | undefined
  code: string | undefined
  required: number | undefined
  available: number | undefined
  instanceOf: Record<string, boolean>
}

const CLASSES = {
  Error,
  ArchipelagError,
  APIError,
  AuthenticationError,
  InsufficientCreditsError,
  PermissionDeniedError,
}

function describeError(error: unknown): ErrorReport {
  const e = error as Partial<InsufficientCreditsError>
  return {
    name: String(e.name),
    message: String(e.message),
    stack: String(e.stack),
    status: e.status,
    code: e.code,
    required: e.required,
    available: e.available,
    instanceOf: Object.fromEntries(
      Object.entries(CLASSES).map(([name, cls]) => [name, error instanceof cls]),
    ),
  }
}

/** Shows what a scenario did on the page itself, so a screenshot tells the story. */
function show(title: string, text: string): HTMLElement {
  const section = document.createElement('section')
  const heading = document.createElement('h2')
  heading.textContent = title
  const body = document.createElement('p')
  body.textContent = text
  section.append(heading, body)
  document.querySelector('main')?.append(section)
  return section
}

/** Runs `use` with a client for `target`, closing it afterwards. */
async function withClient<T>(
  target: Target,
  use: (client: Client) => Promise<T>,
  extra: ClientOptions = {},
): Promise<T> {
  const client = new Client({
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    // A key in a page is only for this test against the local sandbox; a proxy sends none.
    dangerouslyAllowBrowser: target.apiKey !== null,
    ...extra,
  })
  try {
    return await use(client)
  } finally {
    await client.close()
  }
}

async function expectFailure(run: () => Promise<unknown>): Promise<ErrorReport> {
  try {
    await run()
  } catch (error) {
    return describeError(error)
  }
  throw new Error('expected the call to fail, and it succeeded')
}

export const scenarios = {
  ...signalScenarios,

  chat: (target: Target, prompt: string) =>
    withClient(target, async (client) => {
      const result = await client.chat(prompt, { maxTokens: 8 })
      show(`chat (${target.baseUrl})`, result.content)
      return { content: result.content, jobId: result.jobId, tokens: result.usage.totalTokens }
    }),

  /** A client given the page's own `window.fetch` (a custom fetch is called unbound too). */
  chatWithWindowFetch: (target: Target, prompt: string) =>
    withClient(
      target,
      async (client) => ({ content: (await client.chat(prompt, { maxTokens: 4 })).content }),
      { fetch: window.fetch },
    ),

  streamTokens: (target: Target, prompt: string) =>
    withClient(target, async (client) => {
      const stream = client.chatStream(prompt)
      const tokens: string[] = []
      const types: string[] = []
      for await (const event of stream) {
        types.push(event.type)
        if (event.type === 'token') tokens.push(event.content)
      }
      const final = await stream.finalResult()
      show(`chatStream (${target.baseUrl})`, tokens.join(''))
      return { jobId: stream.jobId, tokens, types, finalContent: final.content }
    }),

  /** Aborts at the first token; says how the reading loop ended. */
  streamAbort: (target: Target, prompt: string) =>
    withClient(target, async (client) => {
      const stream = client.chatStream(prompt)
      const tokens: string[] = []
      let ended = 'the loop ended'
      try {
        for await (const text of stream.textStream) {
          tokens.push(text)
          if (tokens.length === 1) await stream.abort()
        }
      } catch (error) {
        ended = `the loop threw ${describeError(error).name}`
      }
      return { jobId: stream.jobId, tokens, state: stream.state, ended }
    }),

  image: (target: Target, size: { width: number; height: number }) =>
    withClient(target, async (client) => {
      const image = await client.generateImage('a lighthouse on a cliff at dusk', {
        ...size,
        steps: 4,
        seed: 7,
      })
      const bytes = image.bytes()
      const img = document.createElement('img')
      img.src = URL.createObjectURL(new Blob([bytes], { type: `image/${image.imageFormat}` }))
      img.alt = 'generated'
      await img.decode()
      show(`generateImage ${size.width}×${size.height}`, `${bytes.length} bytes`).append(img)
      return {
        format: image.imageFormat,
        width: image.width,
        height: image.height,
        magic: [...bytes.subarray(0, 8)],
        naturalWidth: img.naturalWidth,
        naturalHeight: img.naturalHeight,
      }
    }),

  /** The error of one call that must fail, described inside the page. */
  failure: (target: Target, call: 'chat' | 'getAccount' | 'largeChatJob') =>
    withClient(
      target,
      (client) =>
        expectFailure(() => {
          if (call === 'chat') return client.chat('this should not run', { maxTokens: 2 })
          if (call === 'getAccount') return client.getAccount()
          return client.createJob('llm-chat-large', { prompt: 'not allowed here' })
        }),
      { maxRetries: 0 },
    ),

  /** A secret key without `dangerouslyAllowBrowser`: refused before any request. */
  refuseSecretKey: (apiKey: string, baseUrl: string) =>
    expectFailure(async () => new Client({ apiKey, baseUrl })),

  /** Core's transport on its own, as `createTransport` users call it. */
  async coreTransport(target: Target, prompt: string) {
    const api = createTransport({ baseUrl: target.baseUrl, apiKey: target.apiKey })
    const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt, max_tokens: 6 } })
    let streamed = ''
    for await (const event of api.jobs.stream(job.id)) {
      if (event.type === 'token') streamed += event.content
    }
    const done = await api.jobs.get(job.id)
    return { jobId: job.id, streamed, status: done.status, output: done.output }
  },
}

export type Scenarios = typeof scenarios

declare global {
  interface Window {
    scenarios: Scenarios
  }
}

window.scenarios = scenarios
