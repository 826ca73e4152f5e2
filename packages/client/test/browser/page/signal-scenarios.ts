// Runs INSIDE headless Chromium (imported by scenarios.ts): signals, aborts, deadlines and
// close() across the client and core, as a page meets them. Every scenario returns JSON.
import { type ChatStream, Client, type Job } from '@archipelag/client'
import { createTransport, onAbort } from '@archipelag/core'
import type { Target } from './scenarios'

/** How a call ended, as the page saw it. */
export interface Ending {
  ok: boolean
  name?: string
  code?: string
  message?: string
  stack?: string
}

async function ending(run: Promise<unknown>): Promise<Ending> {
  try {
    await run
    return { ok: true }
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string; stack?: string }
    return { ok: false, name: e.name, code: e.code, message: e.message, stack: String(e.stack) }
  }
}

function client(target: Target, extra: Record<string, unknown> = {}): Client {
  return new Client({
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    dangerouslyAllowBrowser: target.apiKey !== null,
    ...extra,
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Reads a stream's text until it ends; `onToken` runs after each token. */
async function read(stream: ChatStream, onToken: () => void = () => undefined) {
  const tokens: string[] = []
  const end = await ending(
    (async () => {
      for await (const text of stream.textStream) {
        tokens.push(text)
        onToken()
      }
    })(),
  )
  return { tokens: tokens.length, end }
}

export const signalScenarios = {
  /**
   * `n` streams share one signal, aborted once each has a token; the client closes in the
   * same tick (`'at once'`, as a page's teardown does) or once every stream has ended.
   */
  async sharedSignal(target: Target, n: number, close: 'at once' | 'after') {
    const c = client(target)
    const controller = new AbortController()
    const streams = Array.from({ length: n }, (_, i) =>
      c.chatStream(`shared signal ${i} [sandbox:tokens=2000]`, { signal: controller.signal }),
    )
    let withToken = 0
    let closing: Promise<void> | undefined
    const reads = streams.map((s) => {
      let first = true
      return read(s, () => {
        if (first && ++withToken === n) {
          controller.abort(new Error('left the page'))
          if (close === 'at once') closing = c.close()
        }
        first = false
      })
    })
    const results = await Promise.all(reads)
    const finals = await Promise.all(streams.map((s) => ending(s.finalResult())))
    await (closing ?? c.close())
    return streams.map((s, i) => ({
      jobId: s.jobId,
      state: s.state,
      read: results[i] as Awaited<ReturnType<typeof read>>,
      final: finals[i] as Ending,
    }))
  },

  /** close() while streams read, a stream waits for creation, chat, waitForJob and waitAll wait. */
  async closeInFlight(target: Target) {
    const c = client(target)
    const reading = c.chatStream('close while reading [sandbox:tokens=2000]')
    const [hung, other] = await c.batch([
      { workload: 'llm-chat', input: { prompt: 'waited on [sandbox:hang]' } },
      { workload: 'llm-chat', input: { prompt: 'waited on too [sandbox:hang]' } },
    ])
    let closed: Promise<void> | undefined
    const calls = {
      reading: read(reading, () => {
        closed ??= c.close()
      }).then((r) => r.end),
      chat: ending(c.chat('close while chatting [sandbox:hang]')),
      chatPolling: ending(c.chat('close while polling [sandbox:hang]', { stream: false })),
      waitForJob: ending(c.waitForJob(hung as Job)),
      waitAllSettled: ending(c.waitAll([hung as Job, other as Job], { settled: true })),
      waitAll: ending(c.waitAll([hung as Job, other as Job])),
    }
    const ends: Record<string, Ending> = {}
    for (const [name, pending] of Object.entries(calls)) ends[name] = await pending
    await closed
    const after = await ending(c.chat('after close'))
    return {
      ends,
      after,
      readingJob: reading.jobId,
      readingState: reading.state,
      jobs: [hung?.id, other?.id],
    }
  },

  /** waitAll with `settled` while the signal aborts after `ms`. */
  async waitAllSettledAborted(target: Target, ms: number) {
    const c = client(target)
    const jobs = await c.batch([
      { workload: 'llm-chat', input: { prompt: 'quick one', max_tokens: 2 } },
      { workload: 'llm-chat', input: { prompt: 'settled, aborted [sandbox:hang]' } },
    ])
    const controller = new AbortController()
    setTimeout(() => controller.abort(new DOMException('gone', 'AbortError')), ms)
    const end = await ending(c.waitAll(jobs, { settled: true, signal: controller.signal }))
    const still = (await c.getJob(jobs[1]?.id as string)).status
    await c.cancelJob(jobs[1]?.id as string)
    await c.close()
    return { end, still }
  },

  /** chat() whose timeout runs out while the job is created (the sandbox answers slowly). */
  async chatTimeoutWhileCreating(target: Target, prompt: string, timeout: number) {
    const c = client(target, { maxRetries: 0 })
    const started = performance.now()
    const streamed = await ending(c.chat(prompt, { timeout }))
    const polled = await ending(c.chat(`${prompt} (polled)`, { timeout, stream: false }))
    const took = performance.now() - started
    await c.close()
    return { streamed, polled, took }
  },

  /** streamJob: detach after `k` tokens, then resume with `lastEventId`. */
  async detachResume(target: Target, k: number) {
    const c = client(target)
    const job = await c.createJob('llm-chat', { prompt: 'tell me a long story' })
    const first = c.streamJob(job.id)
    const head: string[] = []
    for await (const text of first.textStream) {
      head.push(text)
      if (head.length === k) first.detach()
    }
    const firstFinal = await ending(first.finalResult())
    const lastEventId = first.lastEventId
    const second = c.streamJob(job.id, lastEventId ? { lastEventId } : {})
    const tail: string[] = []
    for await (const text of second.textStream) tail.push(text)
    const result = await second.finalResult()
    await c.close()
    return {
      jobId: job.id,
      firstState: first.state,
      firstFinal,
      lastEventId,
      text: head.join('') + tail.join(''),
      resumedContent: result.content,
      tail: tail.join(''),
    }
  },

  /** Core's streamed chat completion: the signal aborts after the first chunk, the rest unread. */
  async completionAbortedUnread(target: Target) {
    const api = createTransport({ baseUrl: target.baseUrl, apiKey: target.apiKey })
    const controller = new AbortController()
    const stream = await api.chatCompletions.create(
      { model: 'llm-chat', messages: [{ role: 'user', content: 'a long answer' }], stream: true },
      { signal: controller.signal },
    )
    const iterator = stream[Symbol.asyncIterator]()
    const first = await iterator.next()
    controller.abort(new Error('stopped by the page'))
    await pause(100)
    const next = await ending(iterator.next())
    return { firstDone: first.done, next }
  },

  /** A waiter that throws inside onAbort, with streams and sleeps on the same signal. */
  async throwingWaiter(target: Target) {
    const c = client(target)
    const controller = new AbortController()
    const ran: string[] = []
    onAbort(controller.signal, () => ran.push('first'))
    onAbort(controller.signal, () => {
      throw new Error('waiter blew up')
    })
    onAbort(controller.signal, () => ran.push('last'))
    const stream = c.chatStream('waiter [sandbox:tokens=2000]', { signal: controller.signal })
    const reading = read(stream, () => controller.abort(new Error('aborted by the page')))
    const end = await reading
    await pause(50)
    await c.close()
    return { ran, state: stream.state, end, jobId: stream.jobId }
  },

  /**
   * Leaves `n` streams of each kind early (Chromium keeps at most 6 connections per origin:
   * one left open each time would stall every later request), then asks for the account.
   */
  async leaveStreamsEarly(target: Target, n: number) {
    const c = client(target)
    const api = createTransport({ baseUrl: target.baseUrl, apiKey: target.apiKey })
    const left: string[] = []
    for (let i = 0; i < n; i++) {
      const controller = new AbortController()
      const chunks = await api.chatCompletions.create(
        {
          model: 'llm-chat',
          messages: [{ role: 'user', content: `left early ${i} [sandbox:tokens=2000]` }],
          stream: true,
        },
        { signal: controller.signal },
      )
      for await (const _ of chunks) break
      const unread = await api.chatCompletions.create(
        {
          model: 'llm-chat',
          messages: [{ role: 'user', content: `unread ${i} [sandbox:tokens=2000]` }],
          stream: true,
        },
        { signal: controller.signal },
      )
      if (unread) controller.abort(new Error('never read'))
      const detached = c.chatStream(`detached ${i} [sandbox:tokens=2000]`)
      for await (const _ of detached.textStream) break
      const job = (await detached.start()).id
      const watched = c.streamJob(job)
      for await (const _ of watched) break
      const dropped = c.chatStream(`detached later ${i} [sandbox:tokens=2000]`)
      await dropped.start()
      await pause(30)
      dropped.detach()
      // The jobs run on (they were only left): cancelled so that Islands stay free.
      for (const id of [job, dropped.jobId as string]) await c.cancelJob(id)
      left.push(job)
    }
    const answered = await Promise.race([
      c.getJob(left[0] as string).then(() => 'answered'),
      pause(5000).then(() => 'stalled'),
    ])
    await c.close()
    return { answered }
  },

  /** Every call given a signal that has already aborted, the prompts marked with `marker`. */
  async preAborted(target: Target, marker: string) {
    const c = client(target)
    const controller = new AbortController()
    controller.abort(new Error('aborted before the call'))
    const signal = controller.signal
    const job = await c.createJob('llm-chat', { prompt: `${marker} waited [sandbox:hang]` })
    const stream = c.chatStream(`${marker} stream`, { signal })
    const calls = {
      stream: read(stream).then(() => stream.finalResult()),
      chat: c.chat(`${marker} chat`, { signal }),
      chatPolling: c.chat(`${marker} polling`, { signal, stream: false }),
      image: c.generateImage(`${marker} image`, { signal }),
      batch: c.batch([{ workload: 'llm-chat', input: { prompt: `${marker} batch` } }], { signal }),
      waitForJob: c.waitForJob(job, { signal }),
      waitAll: c.waitAll([job], { settled: true, signal }),
    }
    const ends: Record<string, Ending> = {}
    for (const [name, pending] of Object.entries(calls)) ends[name] = await ending(pending)
    await c.cancelJob(job.id)
    await c.close()
    return ends
  },

  /** A ChatStream as a page's ReadableStream (through a Response), cancelled after a chunk. */
  async readableCancelled(target: Target) {
    const c = client(target)
    const stream = c.chatStream('readable [sandbox:tokens=2000]')
    const reader = new Response(stream.toReadableStream('text')).body?.getReader()
    const first = await reader?.read()
    await reader?.cancel(new Error('the reader left'))
    await pause(50)
    const state = stream.state
    const final = await ending(stream.finalResult())
    await c.close()
    return { got: first?.value?.length ?? 0, state, final, jobId: stream.jobId }
  },
}
