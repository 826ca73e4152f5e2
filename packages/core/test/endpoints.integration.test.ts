import { createSandbox, type Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import {
  type Account,
  type ApiKey,
  type Batch,
  type BatchStatus,
  type ChatCompletion,
  type ChatCompletionChunk,
  createTransport,
  isTerminal,
  type Job,
  NotFoundError,
  parseImageOutput,
  type StreamEvent,
  type Transport,
  type Workload,
} from '../src/index'

// Every endpoint, in process through the sandbox's own fetch (same behaviour, no socket).
let sandbox: Sandbox
let api: Transport

beforeAll(async () => {
  sandbox = await createSandbox({ db: ':memory:', tokenIntervalMs: 0, stepIntervalMs: 0 })
  api = createTransport({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, fetch: sandbox.fetch })
})
afterAll(() => sandbox.close())

async function finish(id: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = []
  for await (const event of api.jobs.stream(id)) events.push(event)
  return events
}

describe('jobs', () => {
  it('create → stream → get → output, with typed results', async () => {
    const job = await api.jobs.create({
      workload: 'llm-chat',
      input: { prompt: 'Tell me about islands', max_tokens: 64 },
    })
    expectTypeOf(job).toEqualTypeOf<Job>()
    expect(job.id).toMatch(/^job_/)
    expect(job.workloadId).toBe(1)
    expect(job.input).toEqual({ prompt: 'Tell me about islands', max_tokens: 64 })
    expect(typeof job.createdAt).toBe('string')

    const events = await finish(job.id)
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []))
    expect(statuses).toEqual(['pending', 'queued', 'running', 'completed'])
    const text = events.map((e) => (e.type === 'token' ? e.content : '')).join('')
    const done = events.at(-1)
    expect(done?.type).toBe('done')
    if (done?.type === 'done') {
      expect(done.usage?.creditsUsed).toBe(0.01)
      expect(done.usage?.completionTokens).toBeGreaterThan(0)
      expect(['stop', 'length']).toContain(done.finishReason)
    }
    expect(events.map((e) => e.eventId)).toEqual(events.map((_, i) => String(i + 1)))

    const finished = await api.jobs.get(job.id)
    expect(finished.status).toBe('completed')
    expect(isTerminal(finished.status)).toBe(true)
    expect(finished.output).toBe(text)
    expect(finished.usage).toMatchObject({ creditsUsed: 0.01 })
    expect(await api.jobs.output(job.id)).toEqual({ output: text })
  })

  it('lists newest first with limit and offset', async () => {
    const a = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'first' } })
    const b = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'second' } })
    const page = await api.jobs.list({ limit: 2 })
    expect(page.map((j) => j.id)).toEqual([b.id, a.id])
    const next = await api.jobs.list({ limit: 1, offset: 1 })
    expect(next.map((j) => j.id)).toEqual([a.id])
    await Promise.all([finish(a.id), finish(b.id)])
  })

  it('cancels a hanging job', async () => {
    const job = await api.jobs.create({
      workload: 'llm-chat',
      input: { prompt: 'wait [sandbox:hang]' },
    })
    const cancelled = await api.jobs.cancel(job.id)
    expect(cancelled.status).toBe('cancelled')
    const again = await api.jobs.cancel(job.id)
    expect(again.status).toBe('cancelled')
  })

  it('close() and an aborted signal stop a waiting stream, even through an in-process fetch', async () => {
    const job = await api.jobs.create({
      workload: 'llm-chat',
      input: { prompt: 'zz [sandbox:hang]' },
    })
    const stream = api.jobs.stream(job.id)
    const seen: string[] = []
    for await (const event of stream) {
      if (event.type === 'status') seen.push(event.status)
      if (event.type === 'status' && event.status === 'running')
        setTimeout(() => stream.close(), 20)
    }
    expect(seen).toEqual(['pending', 'queued', 'running'])

    const controller = new AbortController()
    const error = await (async () => {
      for await (const event of api.jobs.stream(job.id, { signal: controller.signal })) {
        if (event.type === 'status' && event.status === 'running') {
          setTimeout(() => controller.abort(new Error('user left')), 20)
        }
      }
    })().catch((e: unknown) => e)
    expect((error as Error).message).toBe('user left')
    await api.jobs.cancel(job.id)
  })

  it('reports a failed job in its stream and its record', async () => {
    const job = await api.jobs.create({
      workload: 'llm-chat',
      input: { prompt: 'x [sandbox:fail]' },
    })
    const events = await finish(job.id)
    expect(events.filter((e) => e.type === 'token')).toHaveLength(3)
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: 'Simulated Island failure',
      eventId: String(events.length),
    })
    const failed = await api.jobs.get(job.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toBe('Simulated Island failure')
  })

  it('generates an image: progress events, image event, parseImageOutput', async () => {
    const job = await api.jobs.create({
      workload: 'sdxl',
      input: { prompt: 'a lighthouse', width: 256, height: 256, steps: 4, seed: 7 },
    })
    const events = await finish(job.id)
    const progress = events.filter((e) => e.type === 'progress')
    expect(progress.map((e) => (e.type === 'progress' ? e.step : 0))).toEqual([1, 2, 3, 4])
    const image = events.find((e) => e.type === 'image')
    expect(image).toMatchObject({ type: 'image', format: 'png' })
    const output = parseImageOutput(await api.jobs.get(job.id))
    expect(output).toMatchObject({ imageFormat: 'png', width: 256, height: 256, seed: 7 })
    expect(output.imageData.startsWith('iVBOR')).toBe(true) // PNG magic in base64
  })
})

describe('batches', () => {
  it('submits and reports status; the parent is a job', async () => {
    const batch = await api.batches.submit({
      workload: 'llm-chat',
      inputs: [{ prompt: 'one' }, { prompt: 'two' }, { prompt: 'three' }],
    })
    expectTypeOf(batch).toEqualTypeOf<Batch>()
    expect(batch.id).toMatch(/^job_/)
    expect(batch.batch).toMatchObject({
      chunkCount: 3,
      mergeStrategy: 'concat',
      failMode: 'best_effort',
    })
    expect(batch.children.map((c) => c.batchIndex)).toEqual([0, 1, 2])

    let status: BatchStatus = await api.batches.status(batch.id)
    for (let i = 0; i < 200 && status.parentState !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      status = await api.batches.status(batch.id)
    }
    expect(status.parentId).toBe(batch.id)
    expect(status.parentState).toBe('succeeded')
    expect(status.childStates.succeeded).toBe(3)
    expect((await api.jobs.get(batch.id)).status).toBe('completed')
  })
})

describe('catalogue, account, keys, chat, hosts, market, models', () => {
  it('workloads', async () => {
    const workloads = await api.workloads.list()
    expectTypeOf(workloads).toEqualTypeOf<Workload[]>()
    expect(workloads.map((w) => w.slug)).toEqual(
      expect.arrayContaining(['llm-chat', 'sdxl', 'llm-chat-large', 'whisper']),
    )
    const sdxl = await api.workloads.get('sdxl')
    expect(sdxl).toMatchObject({ id: 2, slug: 'sdxl', pricePerJob: 0.05, isEnabled: true })
    expect(typeof sdxl.runtimeType).toBe('string')
    await expect(api.workloads.get('nope')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('account', async () => {
    const account = await api.account.get()
    expectTypeOf(account).toEqualTypeOf<Account>()
    expect(account.id).toMatch(/^acc_/)
    expect(account.credits).toBeGreaterThan(0)
    expect(account.credits).toBeLessThanOrEqual(100)
  })

  it('api keys: create (secret once), list, use, delete', async () => {
    const created = await api.apiKeys.create({ name: 'ci-key' })
    expect(created.key).toMatch(/^ak_[A-Za-z0-9]{40}$/)
    expect(created.apiKey).toMatchObject({ name: 'ci-key', prefix: created.key.slice(0, 8) })
    const keys = await api.apiKeys.list()
    expectTypeOf(keys).toEqualTypeOf<ApiKey[]>()
    expect(keys.map((k) => k.id)).toContain(created.apiKey.id)
    expect(JSON.stringify(keys)).not.toContain(created.key)

    const second = createTransport({
      apiKey: created.key,
      baseUrl: sandbox.url,
      fetch: sandbox.fetch,
    })
    expect((await second.account.get()).id).toBe((await api.account.get()).id)

    const deleted = await api.apiKeys.delete(created.apiKey.id)
    if (deleted) expect(deleted.id).toBe(created.apiKey.id)
    expect((await api.apiKeys.list()).map((k) => k.id)).not.toContain(created.apiKey.id)
  })

  it('chat completions, whole and streamed', async () => {
    const params = { model: 'llm-chat', messages: [{ role: 'user', content: 'Hello there' }] }
    const completion = await api.chatCompletions.create(params)
    expectTypeOf(completion).toEqualTypeOf<ChatCompletion>()
    expect(completion.object).toBe('chat.completion')
    const content = completion.choices[0]?.message.content ?? ''
    expect(content.length).toBeGreaterThan(0)
    expect(completion.usage?.totalTokens).toBeGreaterThan(0)

    const stream = await api.chatCompletions.create({ ...params, stream: true })
    expectTypeOf(stream).toEqualTypeOf<AsyncIterable<ChatCompletionChunk>>()
    let text = ''
    let finish: string | undefined
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finish = chunk.choices[0]?.finishReason ?? finish
    }
    expect(text).toBe(content) // deterministic for the same prompt
    expect(finish).toBe(completion.choices[0]?.finishReason)
  })

  it('a streamed chat completion can be left early or aborted', async () => {
    const params = {
      model: 'llm-chat',
      messages: [{ role: 'user', content: 'Tell me a long story' }],
      stream: true as const,
    }
    let chunks = 0
    for await (const _chunk of await api.chatCompletions.create(params)) {
      if (++chunks === 2) break
    }
    expect(chunks).toBe(2)

    const controller = new AbortController()
    const stream = await api.chatCompletions.create(params, { signal: controller.signal })
    const error = await (async () => {
      for await (const _chunk of stream) controller.abort(new Error('enough'))
    })().catch((e: unknown) => e)
    expect((error as Error).message).toBe('enough')
  })

  it('hosts, market, models', async () => {
    const hosts = await api.hosts.list()
    expect(hosts.length).toBeGreaterThan(0)
    const first = hosts[0]
    if (!first) throw new Error('no hosts')
    expect(first.id).toMatch(/^isl_/)
    expect((await api.hosts.get(first.id)).id).toBe(first.id)

    const rates = await api.market.rates()
    expect(rates.map((r) => r.workloadSlug)).toContain('llm-chat')
    const rate = await api.market.rate('llm-chat')
    expect(rate.workloadSlug).toBe('llm-chat')
    expect(typeof rate.avgPrice).toBe('number')
    const history = await api.market.history('llm-chat')
    expect(history.every((r) => r.workloadSlug === 'llm-chat')).toBe(true)

    const models = await api.models.list()
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['llm-chat', 'llm-chat-large']))
    expect(models[0]).toMatchObject({ object: 'model', ownedBy: 'archipelag' })
  })
})
