import { type Sandbox, startSandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTransport, type Job, type StreamEvent, type Transport } from '../src/index'

// Retries, idempotency and stream resume under the sandbox's fault injection, over HTTP.
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    db: ':memory:',
    islands: 8,
    tokenIntervalMs: 1,
    retryMs: 5,
  })
})
afterAll(() => sandbox.close())

async function pool<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++
        out[index] = await fn(items[index] as T)
      }
    }),
  )
  return out
}

async function allJobs(api: Transport): Promise<Job[]> {
  const jobs: Job[] = []
  for (let offset = 0; ; offset += 100) {
    const page = await api.jobs.list({ limit: 100, offset })
    jobs.push(...page)
    if (page.length < 100) return jobs
  }
}

describe('retries with idempotency keys', () => {
  it('200 creations with 30 % of requests failing or reset → exactly 200 jobs and 200 debits', async () => {
    const { account, key } = await sandbox.createAccount({ credits: 10 })
    let retries = 0
    const api = createTransport({
      apiKey: key,
      baseUrl: sandbox.url,
      maxRetries: 25,
      retryDelay: { initialMs: 2, maxMs: 50 },
      onRetry: () => {
        retries++
      },
    })
    sandbox.setFaults({ errorRate: 0.15, resetRate: 0.15 })
    const prompts = Array.from({ length: 200 }, (_, i) => `job number ${i}`)
    const created = await pool(prompts, 16, (prompt) =>
      api.jobs.create({ workload: 'llm-chat', input: { prompt, max_tokens: 4 } }),
    )
    sandbox.setFaults({})

    expect(retries).toBeGreaterThan(20) // the faults really happened
    expect(new Set(created.map((j) => j.id)).size).toBe(200)
    const listed = await allJobs(api)
    expect(listed).toHaveLength(200)
    expect(new Set(listed.map((j) => j.id))).toEqual(new Set(created.map((j) => j.id)))

    const ledger = (await (
      await fetch(`${sandbox.url}/_sandbox/accounts/${account.id}/ledger`)
    ).json()) as { data: { kind: string; job_id: string | null }[] }
    const debits = ledger.data.filter((row) => row.kind === 'debit')
    expect(debits).toHaveLength(200)
    expect(new Set(debits.map((d) => d.job_id)).size).toBe(200)
    const refunds = ledger.data.filter((row) => row.kind === 'refund')
    const balance = (await api.account.get()).credits
    expect(balance).toBeCloseTo(10 - 200 * 0.01 + refunds.length * 0.01, 6)
  })
})

describe('stream resume', () => {
  it('50 concurrent streams cut every 20 events deliver every token exactly once, in order', async () => {
    const { key } = await sandbox.createAccount({ credits: 10 })
    let reconnects = 0
    const api = createTransport({
      apiKey: key,
      baseUrl: sandbox.url,
      onRetry: () => {
        reconnects++
      },
    })
    const jobs = await pool(
      Array.from({ length: 50 }, (_, i) => `stream test ${i}`),
      10,
      (prompt) => api.jobs.create({ workload: 'llm-chat', input: { prompt } }),
    )
    sandbox.setFaults({ streamCutAfter: 20 })
    const results = await Promise.all(
      jobs.map(async (job) => {
        const events: StreamEvent[] = []
        for await (const event of api.jobs.stream(job.id)) events.push(event)
        return { job, events }
      }),
    )
    sandbox.setFaults({})

    expect(reconnects).toBeGreaterThanOrEqual(50) // every job has more than 20 events
    for (const { job, events } of results) {
      const ids = events.map((e) => Number(e.eventId))
      expect(ids).toEqual(ids.map((_, i) => i + 1)) // 1, 2, 3… : nothing twice, nothing lost
      expect(events.at(-1)?.type).toBe('done')
      const text = events.map((e) => (e.type === 'token' ? e.content : '')).join('')
      const finished = await api.jobs.get(job.id)
      expect(finished.status).toBe('completed')
      expect(text).toBe(finished.output)
    }
  })

  it('a stream answered 429 waits Retry-After, then connects', async () => {
    const { key } = await sandbox.createAccount({ credits: 1 })
    const delays: number[] = []
    const api = createTransport({
      apiKey: key,
      baseUrl: sandbox.url,
      onRetry: (info) => delays.push(info.delayMs),
    })
    const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'hi' } })
    sandbox.setFaults({ rateLimitBurst: 1 })
    const events: StreamEvent[] = []
    for await (const event of api.jobs.stream(job.id)) events.push(event)
    expect(delays).toEqual([1000])
    expect(events.at(-1)?.type).toBe('done')
  })
})
