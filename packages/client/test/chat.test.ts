import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  JobCancelledError,
  JobFailedError,
  type StreamEvent,
  TimeoutError,
} from '../src/index'
import { clientFor, eventually, listen } from './helpers/sandbox'

let sandbox: Sandbox
let client: Client

beforeAll(async () => {
  sandbox = await listen({ tokenIntervalMs: 5 })
  client = clientFor(sandbox)
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

async function jobCount(): Promise<number> {
  let n = 0
  for await (const _ of client.iterJobs()) n++
  return n
}

describe('chat', () => {
  it('returns the content, job id, usage and finish reason', async () => {
    const result = await client.chat('What is the capital of France?', {
      systemPrompt: 'Be brief',
      temperature: 0.5,
    })
    expect(result.content.length).toBeGreaterThan(0)
    expect(result.jobId).toMatch(/^job_/)
    expect(result.finishReason).toBe('stop')
    expect(result.usage.creditsUsed).toBeGreaterThan(0)
    const job = await client.getJob(result.jobId)
    expect(job.status).toBe('completed')
    expect(job.output).toBe(result.content)
    expect(job.input).toMatchObject({ system_prompt: 'Be brief', temperature: 0.5 })
  })

  it('passes maxTokens through (finish reason length)', async () => {
    const result = await client.chat('Count to one hundred', { maxTokens: 3 })
    expect(result.finishReason).toBe('length')
    expect(result.usage.completionTokens).toBe(3)
  })

  it('also works by polling only', async () => {
    const streamed = await client.chat('Deterministic please')
    const job = await client.createJob('llm-chat', { prompt: 'Deterministic please' })
    const polled = await client.waitForJob(job.id, { stream: false, pollInterval: 20 })
    expect(polled.output).toBe(streamed.content)
  })

  it('an aborted signal cancels the job it created', async () => {
    const prompt = '[sandbox:hang] abort chat'
    const controller = new AbortController()
    const pending = client.chat(prompt, { signal: controller.signal })
    const job = await eventually(async () =>
      (await client.listJobs({ limit: 10 })).find(
        (j) => j.input.prompt === prompt && j.status === 'running',
      ),
    )
    controller.abort(new Error('user stop'))
    await expect(pending).rejects.toThrow('user stop')
    expect((await client.getJob(job.id)).status).toBe('cancelled')
  })

  it('a timeout gives up waiting and names the job, which keeps running (streamed or polled)', async () => {
    for (const stream of [true, false]) {
      const error = await client
        .chat(`[sandbox:hang] too slow (stream ${stream})`, { timeout: 300, stream })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TimeoutError)
      const { jobId, code } = error as TimeoutError
      expect(code).toBe('wait_timeout')
      expect(jobId).toMatch(/^job_/)
      expect((await client.getJob(jobId as string)).status).toBe('running')
      await client.cancelJob(jobId as string)
    }
  })

  it('throws JobFailedError for a failing job', async () => {
    const error = await client.chat('please [sandbox:fail]').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JobFailedError)
    expect((error as JobFailedError).jobId).toMatch(/^job_/)
    expect((error as JobFailedError).message).toContain('Simulated Island failure')
  })
})

describe('chatStream', () => {
  it('yields the seed events in order and matches chat()', async () => {
    const expected = await client.chat('Tell me a story')
    const events: StreamEvent[] = []
    const stream = client.chatStream('Tell me a story')
    for await (const event of stream) events.push(event)
    const types = events.map((e) => e.type)
    expect(types.slice(0, 3)).toEqual(['status', 'status', 'status'])
    expect(types.slice(-2)).toEqual(['status', 'done'])
    const text = events.map((e) => (e.type === 'token' ? e.content : '')).join('')
    expect(text).toBe(expected.content)
    expect(stream.jobId).toMatch(/^job_/)
    expect(stream.state).toBe('completed')
    const last = events.at(-1)
    expect(last?.type === 'done' && last.usage?.creditsUsed).toBeGreaterThan(0)
  })

  it('is lazy and creates exactly one job however many consumers read it', async () => {
    const before = await jobCount()
    const stream = client.chatStream('Shared stream')
    await new Promise((r) => setTimeout(r, 50))
    expect(await jobCount()).toBe(before)

    const collect = async () => {
      let text = ''
      for await (const e of stream) if (e.type === 'token') text += e.content
      return text
    }
    const collectText = async () => {
      let text = ''
      for await (const t of stream.textStream) text += t
      return text
    }
    const [a, b, c, result, again] = await Promise.all([
      collect(),
      collect(),
      collectText(),
      stream.finalResult(),
      stream,
    ])
    expect(a).toBe(result.content)
    expect(b).toBe(result.content)
    expect(c).toBe(result.content)
    expect(again).toEqual(result)
    expect(await jobCount()).toBe(before + 1)
    // A consumer arriving after the end still sees everything.
    expect(await collect()).toBe(result.content)
  })

  it('is awaitable with callbacks, like the official JS SDK', async () => {
    const tokens: string[] = []
    let doneUsage: unknown
    const result = await client.chatStream('Callbacks', {
      onToken: (t) => tokens.push(t),
      onDone: (usage) => {
        doneUsage = usage
      },
    })
    expect(tokens.join('')).toBe(result.content)
    expect(doneUsage).toEqual(result.usage)
  })

  it('start() resolves with the job and exposes jobId', async () => {
    const stream = client.chatStream('Eager')
    const job = await stream.start()
    expect(stream.jobId).toBe(job.id)
    expect((await stream.finalResult()).jobId).toBe(job.id)
  })

  it('toReadableStream gives ndjson events or plain text', async () => {
    const expected = await client.chat('Readable')
    const text = await new Response(client.chatStream('Readable').toReadableStream('text')).text()
    expect(text).toBe(expected.content)
    const ndjson = await new Response(client.chatStream('Readable').toReadableStream()).text()
    const events = ndjson
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StreamEvent)
    expect(events.at(-1)?.type).toBe('done')
  })

  it('reports a failed job: error event, JobFailedError from finalResult, textStream and onError', async () => {
    const errors: unknown[] = []
    const stream = client.chatStream('[sandbox:fail] now', { onError: (e) => errors.push(e) })
    const types: string[] = []
    for await (const e of stream) types.push(e.type)
    expect(types).toContain('error')
    await expect(stream.finalResult()).rejects.toBeInstanceOf(JobFailedError)
    const reading = (async () => {
      for await (const _ of stream.textStream) {
        // drain
      }
    })()
    await expect(reading).rejects.toBeInstanceOf(JobFailedError)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(JobFailedError)
  })
})

describe('letting go of a stream', () => {
  it('abort() cancels a running job on the server; it is charged (ran)', async () => {
    const before = (await client.getAccount()).credits
    const stream = client.chatStream('[sandbox:hang] forever')
    for await (const e of stream) {
      if (e.type === 'status' && e.status === 'running') break
    }
    expect(stream.state).toBe('aborted')
    const id = stream.jobId as string
    const job = await eventually(async () => {
      const j = await client.getJob(id)
      return j.status === 'cancelled' ? j : undefined
    })
    expect(job.status).toBe('cancelled')
    expect((await client.getAccount()).credits).toBeCloseTo(before - 0.01, 6)
    await expect(stream.finalResult()).rejects.toBeInstanceOf(JobCancelledError)
  })

  it('after abort() a loop gets no more tokens, not even ones received before it', async () => {
    const slow = await listen({ tokenIntervalMs: 20 })
    const c = clientFor(slow)
    try {
      const stream = c.chatStream('Tell me a long story')
      const seen: string[] = []
      let receivedAtAbort = ''
      for await (const text of stream.textStream) {
        seen.push(text)
        if (seen.length > 1) continue
        // Let a second token arrive while this consumer is busy, then stop.
        await eventually(async () => (stream.content.length > text.length ? true : undefined))
        receivedAtAbort = stream.content
        await stream.abort()
      }
      expect(receivedAtAbort.length).toBeGreaterThan(seen[0]?.length ?? 0)
      expect(seen).toHaveLength(1)
      expect(stream.state).toBe('aborted')
    } finally {
      await c.close()
      await slow.close()
    }
  })

  it('an aborted signal cancels the job; a job cancelled before running is refunded', async () => {
    const one = await listen({ islands: 1, tokenIntervalMs: 5 })
    const c = clientFor(one)
    try {
      const before = (await c.getAccount()).credits
      const blocker = c.chatStream('[sandbox:hang] blocker')
      await blocker.start()
      const controller = new AbortController()
      const queued = c.chatStream('waits in the queue', { signal: controller.signal })
      for await (const e of queued) {
        if (e.type === 'status' && e.status === 'queued') controller.abort()
      }
      expect(queued.state).toBe('aborted')
      await blocker.abort()
      const id = queued.jobId as string
      await eventually(async () => ((await c.getJob(id)).status === 'cancelled' ? true : undefined))
      // The blocker ran (charged); the queued one never did (refunded).
      await eventually(async () =>
        Math.abs((await c.getAccount()).credits - (before - 0.01)) < 1e-9 ? true : undefined,
      )
    } finally {
      await c.close()
      await one.close()
    }
  })

  it('detach() stops listening only; streamJob resumes with nothing lost or repeated', async () => {
    const stream = client.chatStream('A long story to resume', { maxTokens: 40 })
    const first: StreamEvent[] = []
    for await (const e of stream) {
      first.push(e)
      if (first.filter((x) => x.type === 'token').length === 5) stream.detach()
    }
    expect(stream.state).toBe('detached')
    await expect(stream.finalResult()).rejects.toThrow(/detached/)
    const rest: StreamEvent[] = []
    const resumed = client.streamJob(stream.jobId as string, { lastEventId: stream.lastEventId })
    for await (const e of resumed) rest.push(e)
    const all: StreamEvent[] = []
    for await (const e of client.streamJob(stream.jobId as string)) all.push(e)
    expect([...first, ...rest].map((e) => e.eventId)).toEqual(all.map((e) => e.eventId))
    expect((await client.getJob(stream.jobId as string)).status).toBe('completed')
  })

  it('breaking out of a streamJob loop only detaches (the job runs on)', async () => {
    const job = await client.createJob('llm-chat', { prompt: 'Watch only', max_tokens: 30 })
    for await (const e of client.streamJob(job.id)) {
      if (e.type === 'token') break
    }
    const done = await client.waitForJob(job.id)
    expect(done.status).toBe('completed')
  })

  it('abort() after detach() still cancels the job that was left running; twice is once', async () => {
    const stream = client.chatStream('Detach, then change my mind', { maxTokens: 48 })
    for await (const e of stream) if (e.type === 'token') break
    // break aborted it (chatStream owns its job); a fresh one to detach:
    const second = client.chatStream('Detach, then abort', { maxTokens: 48 })
    const errors: unknown[] = []
    const third = client.chatStream('x', { onError: (e) => errors.push(e) })
    const it = second[Symbol.asyncIterator]()
    while ((await it.next()).value?.type !== 'token') {}
    second.detach()
    expect((await client.getJob(second.jobId as string)).status).toBe('running')
    await Promise.all([second.abort(), second.abort()])
    expect(second.state).toBe('detached')
    expect((await client.getJob(second.jobId as string)).status).toBe('cancelled')
    expect((await client.getJob(stream.jobId as string)).status).toBe('cancelled')
    // Never started: detach then abort sends nothing and creates nothing.
    third.detach()
    await third.abort()
    expect(third.jobId).toBeUndefined()
    expect(errors).toEqual([])
  })

  it('a loop that stalls does not hold back content, state and callbacks; it then gets every event once', async () => {
    let tokens = 0
    const stream = client.chatStream('A stalled reader', { maxTokens: 30, onToken: () => tokens++ })
    const seen: StreamEvent[] = []
    let whileStalled = { tokens: 0, content: '' }
    for await (const event of stream) {
      seen.push(event)
      // Stalled on its first event: the job's stream is read on regardless.
      if (seen.length === 1) {
        await eventually(async () => (stream.state === 'completed' ? true : undefined))
        whileStalled = { tokens, content: stream.content }
      }
    }
    expect(whileStalled.tokens).toBeGreaterThan(5)
    expect(seen.filter((e) => e.type === 'token').length).toBe(whileStalled.tokens)
    expect(whileStalled.content).toBe(stream.content)
    expect(seen.map((e) => e.eventId)).toEqual([...new Set(seen.map((e) => e.eventId))])
    expect(seen.at(-1)?.type).toBe('done')
    expect(seen.map((e) => (e.type === 'token' ? e.content : '')).join('')).toBe(stream.content)
  })

  it('with two readers, one leaving early does not cut the other off; the last one lets go', async () => {
    const stream = client.chatStream('Two readers', { maxTokens: 20 })
    const leaving = (async () => {
      for await (const e of stream) if (e.type === 'token') break
    })()
    const staying: StreamEvent[] = []
    for await (const e of stream) staying.push(e)
    await leaving
    expect(staying.at(-1)?.type).toBe('done')
    expect(stream.state).toBe('completed')

    const again = client.chatStream('Both leave', { maxTokens: 40 })
    const first = again[Symbol.asyncIterator]()
    const second = again.textStream[Symbol.asyncIterator]()
    await second.next()
    await first.return?.()
    expect(again.state).toBe('streaming')
    await second.return?.()
    expect(again.state).toBe('aborted')
    await eventually(async () =>
      (await client.getJob(again.jobId as string)).status === 'cancelled' ? true : undefined,
    )
  })
})
