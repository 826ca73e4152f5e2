import { getEventListeners } from 'node:events'
import { type Sandbox, startSandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChatCompletionChunk, createTransport, type Transport } from '../src/index'

// A server passes its long-lived shutdown signal to streamed calls too: once they end, nothing
// of them may remain on it. Node 20's `AbortSignal.any` (which ky uses when given a signal)
// keeps a record per call on each source, never freed.

let sandbox: Sandbox
let api: Transport

beforeAll(async () => {
  sandbox = await startSandbox({
    db: ':memory:',
    tokenIntervalMs: 2,
    quiet: true,
    port: 0,
    host: '127.0.0.1',
  })
  api = createTransport({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
})
afterAll(() => sandbox?.close())

/** What the runtime keeps on a signal for `AbortSignal.any` results that depend on it. */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((s) => String(s).includes('ependant'))
  const set = key && (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key]
  return set?.size ?? 0
}

const held = (signal: AbortSignal) => ({
  dependants: dependants(signal),
  listeners: getEventListeners(signal, 'abort').length,
})

async function openStreams(): Promise<number> {
  const health = await (await fetch(`${sandbox.url}/_sandbox/health`)).json()
  return (health as { data: { open_streams: number } }).data.open_streams
}

function streamed(content: string, signal: AbortSignal) {
  const params = { model: 'llm-chat', messages: [{ role: 'user' as const, content }] }
  return api.chatCompletions.create({ ...params, stream: true }, { signal })
}

describe('a long-lived signal under streamed chat completions', () => {
  it('keeps nothing of them once they end', async () => {
    const signal = new AbortController().signal
    for (let i = 0; i < 3; i++) {
      const chunks: ChatCompletionChunk[] = []
      for await (const chunk of await streamed(`[sandbox:tokens=5] ${i}`, signal))
        chunks.push(chunk)
      expect(chunks.length).toBeGreaterThan(0)
    }
    expect(held(signal)).toEqual({ dependants: 0, listeners: 0 })
  })

  it('still stops them, with its reason, before the answer and while it is read', async () => {
    const shutdown = new AbortController()
    const reason = new Error('shutting down')
    sandbox.setFaults({ latencyMs: 200 })
    const early = streamed('[sandbox:tokens=5] early', shutdown.signal)
    setTimeout(() => shutdown.abort(reason), 50)
    await expect(early).rejects.toBe(reason)
    sandbox.setFaults({ latencyMs: 0 })

    // Answered but never read: the abort still closes the connection.
    const unread = new AbortController()
    await streamed('[sandbox:tokens=5000] unread', unread.signal)
    expect(await openStreams()).toBe(1)
    unread.abort(reason)
    await expect.poll(openStreams).toBe(0)

    const reading = new AbortController()
    let read = 0
    const reader = (async () => {
      for await (const _ of await streamed('[sandbox:tokens=5000] long', reading.signal)) {
        if (++read === 3) setTimeout(() => reading.abort(reason), 10)
      }
    })()
    await expect(reader).rejects.toBe(reason)
    expect(read).toBeLessThan(1000)
    expect(held(reading.signal)).toEqual({ dependants: 0, listeners: 0 })
  })
})
