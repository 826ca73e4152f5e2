import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Client, JobCancelledError, type StreamEvent, TimeoutError } from '../src/index'
import {
  clientFor,
  endsCancelled,
  eventually,
  jobWithPrompt,
  listen,
  withSandbox,
} from './helpers/sandbox'

let sandbox: Sandbox
let client: Client

beforeAll(async () => {
  sandbox = await listen({ tokenIntervalMs: 3, retryMs: 10 })
  client = clientFor(sandbox)
})
afterEach(() => {
  sandbox.setFaults({})
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

describe('dropped streams', () => {
  it('chatStream resumes after cuts with nothing lost or repeated', async () => {
    const expected = await client.chat('Cut me into pieces', { maxTokens: 30 })
    sandbox.setFaults({ streamCutAfter: 4 })
    const events: StreamEvent[] = []
    for await (const e of client.chatStream('Cut me into pieces', { maxTokens: 30 })) events.push(e)
    const ids = events.map((e) => Number(e.eventId))
    expect(ids).toEqual(ids.map((_, i) => i + 1))
    expect(events.map((e) => (e.type === 'token' ? e.content : '')).join('')).toBe(expected.content)
  })

  it('chat() and waitForJob fall back to polling when the stream cannot be used', async () => {
    const expected = await client.chat('Poll me')
    sandbox.setFaults({ streamCutAfter: 0 })
    const noRetry = clientFor(sandbox, { maxRetries: 0 })
    const result = await noRetry.chat('Poll me', { pollInterval: 20 })
    expect(result.content).toBe(expected.content)
    const job = await noRetry.createJob('llm-chat', { prompt: 'Poll me too' })
    expect((await noRetry.waitForJob(job.id, { pollInterval: 20 })).status).toBe('completed')
    await noRetry.close()
  })
})

describe('ChatStream edge cases', () => {
  it('a throwing callback cancels the job and surfaces the error', async () => {
    const boom = new Error('callback failed')
    const stream = client.chatStream('[sandbox:hang] callback', {
      onEvent: (e) => {
        if (e.type === 'status' && e.status === 'running') throw boom
      },
    })
    await expect(stream.finalResult()).rejects.toBe(boom)
    const reading = (async () => {
      for await (const _ of stream) {
        // drain
      }
    })()
    await expect(reading).rejects.toBe(boom)
    const id = stream.jobId as string
    await eventually(async () =>
      (await client.getJob(id)).status === 'cancelled' ? true : undefined,
    )
  })

  it('cancelling toReadableStream (the caller left) cancels the job', async () => {
    const stream = client.chatStream('[sandbox:hang] readable')
    const reader = stream.toReadableStream().getReader()
    let line = ''
    while (!line.includes('"running"')) {
      const { value } = await reader.read()
      line += new TextDecoder().decode(value)
    }
    await reader.cancel()
    expect(stream.state).toBe('aborted')
    const id = stream.jobId as string
    await eventually(async () =>
      (await client.getJob(id)).status === 'cancelled' ? true : undefined,
    )
  })

  it('abort() before anything started creates no job', async () => {
    const stream = client.chatStream('never sent')
    await stream.abort()
    const events: StreamEvent[] = []
    for await (const e of stream) events.push(e)
    expect(events).toEqual([])
    expect(stream.jobId).toBeUndefined()
    await expect(stream).rejects.toMatchObject({ code: 'aborted' })
  })

  it('abort() while the job is being created cancels it once it exists', async () => {
    const stream = client.chatStream('[sandbox:hang] abort during creation')
    const starting = stream.start()
    const aborting = stream.abort()
    const job = await starting
    await aborting
    expect((await client.getJob(job.id)).status).toBe('cancelled')
    await expect(stream).rejects.toBeInstanceOf(JobCancelledError)
  })

  it('streamJob on an image job reports progress through onProgress', async () => {
    const job = await client.createJob('sdxl', {
      prompt: 'a boat',
      steps: 3,
      width: 256,
      height: 256,
    })
    const steps: number[] = []
    const types = new Set<string>()
    for await (const e of client.streamJob(job.id, { onProgress: (step) => steps.push(step) })) {
      types.add(e.type)
    }
    expect(steps).toEqual([1, 2, 3])
    expect(types).toContain('image')
  })
})

describe('aborting while a job is being created', () => {
  it('generateImage: the job the server made anyway is cancelled once it exists', async () => {
    await withSandbox({ stepIntervalMs: 5 }, async (slow, c) => {
      slow.setFaults({ latencyMs: 1000 }) // the create answer takes a while
      const controller = new AbortController()
      const prompt = 'aborted while created [sandbox:hang]'
      const pending = c.generateImage(prompt, { signal: controller.signal })
      setTimeout(() => controller.abort(new Error('user left')), 50)
      const started = Date.now()
      await expect(pending).rejects.toThrow('user left')
      expect(Date.now() - started).toBeLessThan(600) // at once, not when the creation answers
      slow.setFaults({})
      const [job] = await eventually(async () => {
        const jobs = await c.listJobs({ limit: 1 })
        return jobs.length > 0 ? jobs : undefined
      })
      expect(job?.input.prompt).toBe(prompt)
      await endsCancelled(c, job?.id as string)
    })
  })

  it('chat and generateImage: a timeout before the job exists rejects at once, and the job made anyway is cancelled', async () => {
    await withSandbox({ tokenIntervalMs: 20 }, async (slow, c) => {
      slow.setFaults({ latencyMs: 1000 }) // the create answer comes long after the deadline
      const calls = {
        chat: (prompt: string) => c.chat(prompt, { timeout: 100 }),
        'chat, polling': (prompt: string) => c.chat(prompt, { timeout: 100, stream: false }),
        generateImage: (prompt: string) => c.generateImage(prompt, { timeout: 100 }),
      }
      for (const [name, call] of Object.entries(calls)) {
        const prompt = `timed out while created (${name}) [sandbox:hang]`
        const started = Date.now()
        const error = await call(prompt).catch((e: unknown) => e)
        expect(Date.now() - started).toBeLessThan(800)
        expect(error).toBeInstanceOf(TimeoutError)
        expect((error as TimeoutError).code).toBe('wait_timeout')
        expect((error as TimeoutError).jobId).toBeUndefined()
        expect((error as TimeoutError).message).toMatch(/before the job was created/)
        await endsCancelled(c, (await jobWithPrompt(c, prompt)).id)
      }
    })
  })

  it('chat and generateImage: close() while the job is being created ends the call at once and leaves no job running', async () => {
    await withSandbox({ tokenIntervalMs: 20 }, async (slow, reader) => {
      const calls = {
        chat: (c: Client, prompt: string) => c.chat(prompt),
        'chat, polling': (c: Client, prompt: string) => c.chat(prompt, { stream: false }),
        generateImage: (c: Client, prompt: string) => c.generateImage(prompt),
      }
      for (const [name, call] of Object.entries(calls)) {
        const c = clientFor(slow)
        slow.setFaults({ latencyMs: 600 }) // the create answer takes a while
        const prompt = `closed while created (${name}) [sandbox:hang]`
        const pending = call(c, prompt).catch((e: unknown) => e)
        await new Promise((resolve) => setTimeout(resolve, 50))
        const started = Date.now()
        await c.close()
        expect(await pending).toMatchObject({ code: 'client_closed' })
        expect(Date.now() - started).toBeLessThan(400)
        slow.setFaults({})
        // close() aborts the create request: the job is not made, or it is cancelled.
        await new Promise((resolve) => setTimeout(resolve, 700))
        const made = (await reader.listJobs({ limit: 5 })).filter((j) => j.input.prompt === prompt)
        for (const job of made) await endsCancelled(reader, job.id)
      }
    })
  })

  it('chatStream: abort() after a detach() made while the job was being created cancels the job once it exists', async () => {
    await withSandbox({ tokenIntervalMs: 20 }, async (slow, c) => {
      slow.setFaults({ latencyMs: 400 }) // the create answer takes a while
      const prompt = 'detached, then aborted, while created [sandbox:hang]'
      const stream = c.chatStream(prompt)
      void stream.start().catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 50))
      stream.detach()
      const cancelled = stream.abort() // resolves once the cancel request is answered
      expect(stream.state).toBe('detached')
      await cancelled
      slow.setFaults({})
      const job = await jobWithPrompt(c, prompt)
      expect((await c.getJob(job.id)).status).toBe('cancelled')
    })
  })

  it('batch: creations in flight finish and every job made is cancelled; none starts after', async () => {
    await withSandbox({ tokenIntervalMs: 20 }, async (slow, c) => {
      slow.setFaults({ latencyMs: 200 })
      const controller = new AbortController()
      const specs = Array.from({ length: 6 }, (_, i) => ({
        workload: 'llm-chat',
        input: { prompt: `aborted batch ${i}` },
      }))
      const pending = c.batch(specs, { concurrency: 2, signal: controller.signal })
      setTimeout(() => controller.abort(new Error('user left')), 50)
      await expect(pending).rejects.toThrow('user left')
      slow.setFaults({})
      const made = (await c.listJobs({ limit: 20 })).filter((j) =>
        String(j.input.prompt).startsWith('aborted batch'),
      )
      expect(made).toHaveLength(2) // the two in flight, none after the abort
      for (const job of made) await endsCancelled(c, job.id)
    })
  })
})
