import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  GeneratedImage,
  JobCancelledError,
  JobFailedError,
  TimeoutError,
  ValidationError,
} from '../src/index'
import { clientFor, inProcess, listen } from './helpers/sandbox'

let sandbox: Sandbox
let client: Client
let fast: Sandbox
let local: Client

beforeAll(async () => {
  sandbox = await listen()
  client = clientFor(sandbox)
  fast = await inProcess()
  local = clientFor(fast)
})
afterAll(async () => {
  await client?.close()
  await local?.close()
  await sandbox?.close()
  await fast?.close()
})

describe('jobs', () => {
  it('createJob takes the keyword form and (workload, input)', async () => {
    const a = await local.createJob({
      workload: 'llm-chat',
      input: { prompt: 'Hello', max_tokens: 100 },
    })
    const b = await local.createJob('llm-chat', { prompt: 'Hello' })
    expect(a.id).toMatch(/^job_/)
    expect(a.workloadSlug ?? 'llm-chat').toBe('llm-chat')
    expect(a.input).toEqual({ prompt: 'Hello', max_tokens: 100 })
    expect(b.id).not.toBe(a.id)
    expect((await local.getJob(a.id)).id).toBe(a.id)
  })

  it('checks arguments before any request', async () => {
    await expect(
      local.createJob('llm-chat', { prompt: 'x', temperature: 5 }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'input.temperature',
    })
    await expect(local.createJob({ workload: '', input: {} })).rejects.toBeInstanceOf(
      ValidationError,
    )
    expect(() => local.chatStream('')).toThrow(ValidationError)
    await expect(local.listJobs({ limit: 0 })).rejects.toBeInstanceOf(ValidationError)
    await expect(local.waitForJob('job_x', { timeout: -1 })).rejects.toBeInstanceOf(ValidationError)
  })

  it('listJobs pages newest first and iterJobs walks every page once', async () => {
    const fresh = await inProcess()
    const c = clientFor(fresh)
    try {
      const created = []
      for (let i = 0; i < 7; i++) created.push(await c.createJob('llm-chat', { prompt: `p${i}` }))
      const page = await c.listJobs({ limit: 3, offset: 0 })
      expect(page.map((j) => j.id)).toEqual(
        created
          .slice(-3)
          .reverse()
          .map((j) => j.id),
      )
      const all: string[] = []
      for await (const job of c.iterJobs({ pageSize: 2 })) all.push(job.id)
      expect(all).toEqual(created.map((j) => j.id).reverse())
      // Jobs created while iterating shift the pages: nothing is repeated or skipped.
      const walked: string[] = []
      for await (const job of c.iterJobs({ pageSize: 2 })) {
        walked.push(job.id)
        await c.createJob('llm-chat', { prompt: `inserted while walking ${walked.length}` })
      }
      expect(new Set(walked).size).toBe(walked.length)
      expect(walked.filter((id) => all.includes(id))).toEqual(all)
    } finally {
      await c.close()
      await fresh.close()
    }
  })

  it('waitForJob returns the server’s final record, given a Job object or an id', async () => {
    const job = await client.createJob('llm-chat', { prompt: 'Wait for me' })
    const byJob = await client.waitForJob(job)
    const byId = await client.waitForJob(job.id)
    expect(byId.status).toBe('completed')
    expect(byId.completedAt).toBeTruthy()
    expect(byJob).toEqual(byId)
  })

  it('waitForJob throws JobFailedError, JobCancelledError and TimeoutError', async () => {
    const failing = await client.createJob('llm-chat', { prompt: '[sandbox:fail]' })
    await expect(client.waitForJob(failing.id)).rejects.toMatchObject({
      name: 'JobFailedError',
      jobId: failing.id,
    })

    const hanging = await client.createJob('llm-chat', { prompt: '[sandbox:hang]' })
    const timedOut = await client.waitForJob(hanging.id, { timeout: 200 }).catch((e: unknown) => e)
    expect(timedOut).toBeInstanceOf(TimeoutError)
    expect((timedOut as TimeoutError).jobId).toBe(hanging.id)
    expect((timedOut as TimeoutError).message).toMatch(/keeps running/)
    expect((await client.getJob(hanging.id)).status).toBe('running')

    const waiting = client.waitForJob(hanging.id)
    const cancelled = await client.cancelJob(hanging.id)
    expect(cancelled.status).toBe('cancelled')
    await expect(waiting).rejects.toBeInstanceOf(JobCancelledError)
    await expect(client.waitForJob(hanging.id, { stream: false })).rejects.toBeInstanceOf(
      JobCancelledError,
    )
  })

  it('a timeout longer than a Node timer holds (30 days is not 1 ms), for every kind of wait', async () => {
    const hanging = await client.createJob('llm-chat', { prompt: '[sandbox:hang] long wait' })
    const timeout = 30 * 24 * 3_600_000
    const stop = new AbortController()
    const { signal } = stop
    const waits = [
      client.waitForJob(hanging.id, { timeout, signal }),
      client.waitForJob(hanging.id, { timeout, signal, stream: false, pollInterval: 20 }),
      client.waitAll([hanging.id], { timeout, signal }),
      client.chat('[sandbox:hang] long chat', { timeout, signal }),
      client.chat('[sandbox:hang] long chat', { timeout, signal, stream: false, pollInterval: 20 }),
    ].map((wait) => wait.catch((error: unknown) => error))
    const early = await Promise.race([
      Promise.race(waits),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300)),
    ])
    expect(early).toBe('still waiting')
    const reason = new Error('enough')
    stop.abort(reason)
    expect(await Promise.all(waits)).toEqual(waits.map(() => reason))
    await client.cancelJob(hanging.id)
  })

  it('a job timing out on the server is a JobFailedError with errorCode timeout', async () => {
    const short = await listen({ jobTimeoutMs: 100 })
    const c = clientFor(short)
    try {
      const job = await c.createJob('llm-chat', { prompt: '[sandbox:hang]' })
      const error = await c.waitForJob(job.id).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JobFailedError)
      expect((error as JobFailedError).errorCode).toBe('timeout')
    } finally {
      await c.close()
      await short.close()
    }
  })

  it('waitForJob stops when its signal aborts', async () => {
    const job = await client.createJob('llm-chat', { prompt: '[sandbox:hang] signal' })
    const controller = new AbortController()
    const waiting = client.waitForJob(job.id, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('user stop')), 50)
    await expect(waiting).rejects.toThrow('user stop')
    await client.cancelJob(job.id)
  })

  it('getJobOutput reads the output', async () => {
    const { jobId, content } = await client.chat('Output please')
    expect((await client.getJobOutput(jobId)).output).toBe(content)
  })
})

describe('generateImage', () => {
  it('returns the image, reports progress and decodes bytes', async () => {
    const steps: number[] = []
    const image = await client.generateImage('a cat wearing sunglasses', {
      negativePrompt: 'blurry',
      width: 256,
      height: 320,
      steps: 4,
      guidanceScale: 7,
      seed: 42,
      onProgress: (step, total) => {
        steps.push(step)
        expect(total).toBe(4)
      },
    })
    expect(image).toBeInstanceOf(GeneratedImage)
    expect(image).toMatchObject({ width: 256, height: 320, seed: 42, imageFormat: 'png' })
    expect(image.jobId).toMatch(/^job_/)
    expect(steps).toEqual([1, 2, 3, 4])
    const bytes = image.bytes()
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    const again = await client.generateImage('a cat wearing sunglasses', {
      negativePrompt: 'blurry',
      width: 256,
      height: 320,
      steps: 4,
      guidanceScale: 7,
      seed: 42,
    })
    expect(again.imageData).toBe(image.imageData)
  })

  it('checks image arguments before any request', async () => {
    await expect(client.generateImage('x', { width: -5 })).rejects.toMatchObject({
      field: 'input.width',
    })
  })
})
