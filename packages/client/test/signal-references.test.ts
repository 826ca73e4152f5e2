import { getEventListeners } from 'node:events'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '../src/index'
import { clientFor, eventually, listen } from './helpers/sandbox'

// A server passes one long-lived signal (its shutdown signal) to call after call, as the
// client folds its own close signal into each: once a call ends, nothing of it may remain
// on that signal. Node 20's `AbortSignal.any` keeps a record per call on each source,
// never freed — a long-lived client grew with every call.

let sandbox: Sandbox
let client: Client

beforeAll(async () => {
  sandbox = await listen({ tokenIntervalMs: 1, stepIntervalMs: 1 })
  client = clientFor(sandbox)
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

/** What the runtime keeps on a signal for `AbortSignal.any` results that depend on it. */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((s) => String(s).includes('ependant'))
  const set = key && (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key]
  return set?.size ?? 0
}

/** Whatever `signal` still holds for calls that have ended. */
function held(signal: AbortSignal) {
  return { dependants: dependants(signal), listeners: getEventListeners(signal, 'abort').length }
}

const none = { dependants: 0, listeners: 0 }

describe('a long-lived signal passed to many calls keeps nothing of them', () => {
  it('requests, listing, waits, chats, images, fan-outs and streams', async () => {
    const shutdown = new AbortController()
    const signal = shutdown.signal
    const calls: Record<string, () => Promise<unknown>> = {
      getJob: async () => {
        const job = await client.createJob('llm-chat', { prompt: 'kept?' }, { signal })
        await client.getJob(job.id, { signal })
        await client.waitForJob(job.id, { signal })
        await client.waitForJob(job.id, { signal, stream: false, pollInterval: 5 })
      },
      iterJobs: async () => {
        for await (const _ of client.iterJobs({ pageSize: 2, signal })) break
      },
      account: () => client.getAccount({ signal }),
      chat: () => client.chat('kept?', { signal }),
      'chat, polling': () => client.chat('kept?', { signal, stream: false, pollInterval: 5 }),
      chatStream: () => client.chatStream('kept?', { signal }).finalResult(),
      generateImage: () => client.generateImage('kept?', { signal }),
      'batch, waitAll': async () => {
        const specs = [1, 2, 3].map((i) => ({ workload: 'llm-chat', input: { prompt: `${i}` } }))
        const jobs = await client.batch(specs, { signal })
        await client.waitAll(jobs, { signal })
      },
      waitForBatch: async () => {
        const inputs = [{ prompt: 'a' }, { prompt: 'b' }]
        const batch = await client.submitBatch({ workload: 'llm-chat', inputs }, { signal })
        await client.waitForBatch(batch.id, { signal, pollInterval: 5 })
      },
    }
    for (const [name, call] of Object.entries(calls)) {
      for (let i = 0; i < 3; i++) await call()
      expect({ name, ...held(signal) }).toEqual({ name, ...none })
    }
  })
})

describe('streams sharing one signal', () => {
  it('hold one listener on it (no leak warning); aborting it cancels every job', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    try {
      const shutdown = new AbortController()
      const streams = Array.from({ length: 15 }, (_, i) =>
        client.chatStream(`[sandbox:hang] shared ${i}`, { signal: shutdown.signal }),
      )
      await Promise.all(streams.map((stream) => stream.start()))
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
      shutdown.abort(new Error('shutting down'))
      for (const stream of streams) {
        await expect(stream.finalResult()).rejects.toThrow(/aborted|cancel/i)
        await eventually(async () =>
          (await client.getJob(stream.jobId as string)).status === 'cancelled' ? true : undefined,
        )
      }
      expect(held(shutdown.signal)).toEqual(none)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })
})

describe('a call that throws before it starts keeps nothing on the signal', () => {
  it('waitAll given something that is not a job', async () => {
    const signal = new AbortController().signal
    await expect(client.waitAll([null as unknown as string], { signal })).rejects.toThrow(TypeError)
    expect(held(signal)).toEqual(none)
  })
})

/** A full garbage collection (exposed at run time: vitest's workers start without the flag). */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0)) // WeakRefs hold for the current turn
    gc()
  }
}

/** Makes `n` chat streams and `n` job streams nobody consumes; returns refs to their callbacks. */
function abandonStreams(n: number, jobId: string, signal: AbortSignal): WeakRef<object>[] {
  const callbacks: WeakRef<object>[] = []
  for (let i = 0; i < n; i++) {
    const onToken = () => undefined
    callbacks.push(new WeakRef(onToken))
    client.chatStream('never read', { signal, onToken })
    client.streamJob(jobId, { signal, onToken })
  }
  return callbacks
}

describe('a stream nobody consumes', () => {
  it('is kept alive neither by a long-lived signal nor by the client, and still works if used', async () => {
    const shutdown = new AbortController()
    const signal = shutdown.signal
    const job = await client.createJob('llm-chat', { prompt: 'followed later' })
    const callbacks = abandonStreams(10, job.id, signal)
    await collectGarbage()
    expect(callbacks.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    expect(held(signal)).toEqual(none)

    // Created before an abort or a close, consumed after: it ends as it always did.
    const aborted = client.chatStream('late', { signal })
    const late = client.streamJob(job.id)
    shutdown.abort()
    expect(aborted.state).toBe('aborted')
    await expect(aborted.finalResult()).rejects.toThrow(/Aborted before the job was created/)
    const other = clientFor(sandbox)
    const detached = other.chatStream('late')
    await other.close()
    expect(detached.state).toBe('detached')
    await expect(detached.finalResult()).rejects.toMatchObject({ code: 'client_closed' })
    expect((await late.finalResult()).jobId).toBe(job.id)
    const prompts = (await client.listJobs({ limit: 50 })).map((j) => j.input.prompt)
    expect(prompts).not.toContain('never read')
    expect(prompts).not.toContain('late')
  })
})

/** Makes `n` chat streams, aborts their signal, then reads them; returns refs to their callbacks. */
async function abortThenRead(n: number): Promise<{ refs: WeakRef<object>[]; codes: string[] }> {
  const refs: WeakRef<object>[] = []
  const codes = new Set<string>()
  for (let i = 0; i < n; i++) {
    const controller = new AbortController()
    const onToken = () => undefined
    refs.push(new WeakRef(onToken))
    const stream = client.chatStream('aborted, then read', { signal: controller.signal, onToken })
    controller.abort()
    codes.add(await stream.finalResult().catch((error) => error.code))
  }
  return { refs, codes: [...codes] }
}

describe('a stream ended, unconsumed, by its signal or its client, then consumed', () => {
  it('keeps nothing on the other: not on its signal after close(), not on the client after an abort', async () => {
    const other = clientFor(sandbox)
    const shutdown = new AbortController()
    const closed = other.chatStream('closed, then read', { signal: shutdown.signal })
    await other.close()
    await expect(closed.finalResult()).rejects.toMatchObject({ code: 'client_closed' })
    expect(held(shutdown.signal)).toEqual(none)

    // Aborted, then read: the client's close signal (long-lived) must not hold it either.
    const { refs, codes } = await abortThenRead(10)
    expect(codes).toEqual(['aborted'])
    await collectGarbage()
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
  })

  it('ends in the state it reported: a later detach() or abort() does not change it', async () => {
    const controller = new AbortController()
    const aborted = client.chatStream('aborted, then detached', { signal: controller.signal })
    controller.abort()
    expect(aborted.state).toBe('aborted')
    aborted.detach()
    expect(aborted.state).toBe('aborted')
    await expect(aborted.finalResult()).rejects.toMatchObject({ code: 'aborted' })

    const other = clientFor(sandbox)
    const closedThenAborted = other.chatStream('closed, then aborted')
    const closedThenDetached = other.streamJob('job-that-is-never-read')
    await other.close()
    expect(closedThenAborted.state).toBe('detached')
    await closedThenAborted.abort()
    closedThenDetached.detach()
    expect(closedThenAborted.state).toBe('detached')
    await expect(closedThenAborted.finalResult()).rejects.toMatchObject({ code: 'client_closed' })
    await expect(closedThenDetached.finalResult()).rejects.toMatchObject({ code: 'client_closed' })
    const prompts = (await client.listJobs({ limit: 50 })).map((j) => j.input.prompt)
    expect(prompts).not.toContain('closed, then aborted')
  })
})
