import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  InsufficientCreditsError,
  JobFailedError,
  type JobSpec,
  TimeoutError,
  ValidationError,
} from '../src/index'
import { clientFor, listen } from './helpers/sandbox'

let sandbox: Sandbox
let client: Client
let requests = 0

beforeAll(async () => {
  sandbox = await listen({ islands: 100, tokenIntervalMs: 1, credits: 1000 })
  client = clientFor(sandbox, {
    onRequest: () => {
      requests++
    },
  })
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

const specs = (n: number, prefix = 'prompt'): JobSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    workload: 'llm-chat',
    input: { prompt: `${prefix} ${i}` },
  }))

describe('batch + waitAll', () => {
  it('runs 100 jobs concurrently, in input order, with progress, 2 requests per job + 1 page', async () => {
    requests = 0
    const input = specs(100)
    const jobs = await client.batch(input)
    expect(jobs.map((j) => j.input.prompt)).toEqual(input.map((s) => s.input.prompt))
    const progress: number[] = []
    const done = await client.waitAll(jobs, { onProgress: (n, total) => progress.push(n / total) })
    expect(done.map((j) => j.id)).toEqual(jobs.map((j) => j.id))
    expect(done.every((j) => j.status === 'completed' && (j.output ?? '').length > 0)).toBe(true)
    expect(progress).toHaveLength(100)
    expect(progress.at(-1)).toBe(1)
    // One create and one stream per job, then one GET /jobs page for the final records.
    expect(requests).toBeLessThanOrEqual(201)
    // They are the server's final records (completedAt, durationMs…), not stream snapshots.
    const server = await client.listJobs({ limit: 100 })
    expect(done).toEqual(jobs.map((j) => server.find((s) => s.id === j.id)))
    expect(done.every((j) => j.completedAt && j.durationMs !== undefined)).toBe(true)
  })

  it('waitAll given ids, or jobs older than the newest page, still returns final records', async () => {
    const older = await client.batch(specs(3, 'older'))
    await client.batch(specs(120, 'newer'))
    requests = 0
    const done = await client.waitAll([older[0]?.id as string, ...older.slice(1)])
    const used = requests
    expect(done.map((j) => j.id)).toEqual(older.map((j) => j.id))
    expect(done.every((j) => j.status === 'completed' && j.completedAt)).toBe(true)
    expect(done[0]).toEqual(await client.getJob(older[0]?.id as string))
    // 3 streams + one page that finds none of them + 3 reads.
    expect(used).toBe(7)
  })

  it('batch respects its concurrency bound and validates every spec before sending', async () => {
    let inFlight = 0
    let peak = 0
    const c = clientFor(sandbox, {
      onRequest: () => {
        inFlight++
        peak = Math.max(peak, inFlight)
      },
      onResponse: () => {
        inFlight--
      },
    })
    const jobs = await c.batch(specs(12, 'bounded'), { concurrency: 3 })
    expect(jobs).toHaveLength(12)
    expect(peak).toBeLessThanOrEqual(3)
    const bad = [...specs(2), { workload: 'llm-chat', input: { prompt: 'x', temperature: 9 } }]
    requests = 0
    await expect(client.batch(bad)).rejects.toBeInstanceOf(ValidationError)
    expect(requests).toBe(0)
    await c.close()
  })

  it('waitAll rejects on the first failure, or reports every outcome with settled', async () => {
    const jobs = await client.batch([
      { workload: 'llm-chat', input: { prompt: 'fine one' } },
      { workload: 'llm-chat', input: { prompt: '[sandbox:fail] bad one' } },
      { workload: 'llm-chat', input: { prompt: 'fine two' } },
    ])
    await expect(client.waitAll(jobs)).rejects.toBeInstanceOf(JobFailedError)
    const outcomes = await client.waitAll(jobs, { settled: true })
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rejected = outcomes[1]
    expect(rejected?.status === 'rejected' && rejected.jobId).toBe(jobs[1]?.id)
    expect(rejected?.status === 'rejected' && rejected.error).toBeInstanceOf(JobFailedError)
  })

  it('waitAll times out per job with TimeoutError, others still fulfilled', async () => {
    const jobs = await client.batch([
      { workload: 'llm-chat', input: { prompt: 'quick' } },
      { workload: 'llm-chat', input: { prompt: '[sandbox:hang] slow' } },
    ])
    const outcomes = await client.waitAll(jobs, { settled: true, timeout: 500 })
    expect(outcomes[0]?.status).toBe('fulfilled')
    // The job that ended in time comes back as the server's final record.
    expect(outcomes[0]?.status === 'fulfilled' && outcomes[0].job.completedAt).toBeTruthy()
    const slow = outcomes[1]
    expect(slow?.status === 'rejected' && slow.error).toBeInstanceOf(TimeoutError)
    await expect(client.waitAll(jobs, { timeout: 300 })).rejects.toBeInstanceOf(TimeoutError)
    await client.cancelJob(jobs[1]?.id as string)
  })

  it('waitAll rejects with the reason of an aborted signal, settled or not (the jobs run on)', async () => {
    const jobs = await client.batch([
      { workload: 'llm-chat', input: { prompt: 'quick one' } },
      { workload: 'llm-chat', input: { prompt: '[sandbox:hang] waited on' } },
    ])
    const waits = [
      (signal: AbortSignal) => client.waitAll(jobs, { settled: true, signal }),
      (signal: AbortSignal) => client.waitAll(jobs, { signal }),
    ]
    for (const wait of waits) {
      const controller = new AbortController()
      const reason = new Error('user left')
      setTimeout(() => controller.abort(reason), 150)
      await expect(wait(controller.signal)).rejects.toBe(reason)
    }
    expect((await client.getJob(jobs[1]?.id as string)).status).toBe('running')
    await client.cancelJob(jobs[1]?.id as string)
  })

  it('batch with settled reports creation failures per spec', async () => {
    const poor = await sandbox.createAccount({ credits: 0.015 })
    const c = clientFor(sandbox, { apiKey: poor.key })
    const outcomes = await c.batch(specs(3, 'poor'), { settled: true, concurrency: 1 })
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    const second = outcomes[1]
    expect(second?.status === 'rejected' && second.error).toBeInstanceOf(InsufficientCreditsError)
    expect(second?.status === 'rejected' && second.index).toBe(1)
    await expect(c.batch(specs(2, 'poorer'))).rejects.toBeInstanceOf(InsufficientCreditsError)
    await c.close()
  })
})

describe('batch without settled is all or nothing', () => {
  it('a failed creation cancels the jobs already made before the error is thrown', async () => {
    const slow = await listen({ tokenIntervalMs: 200 })
    try {
      const poor = await slow.createAccount({ credits: 0.025 })
      const c = clientFor(slow, { apiKey: poor.key })
      await expect(c.batch(specs(5, 'all or nothing'), { concurrency: 1 })).rejects.toBeInstanceOf(
        InsufficientCreditsError,
      )
      const made = await c.listJobs({ limit: 100 })
      expect(made.length).toBeGreaterThan(0)
      expect(made.map((j) => j.status)).toEqual(made.map(() => 'cancelled'))
      await c.close()
    } finally {
      await slow.close()
    }
  })
})

describe('server-side batches', () => {
  it('submitBatch, getBatchStatus and waitForBatch with progress', async () => {
    const batch = await client.submitBatch({
      workload: 'llm-chat',
      inputs: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
    })
    expect(batch.children).toHaveLength(3)
    const first = await client.getBatchStatus(batch.id)
    expect(first.parentId).toBe(batch.id)
    const seen: string[] = []
    const final = await client.waitForBatch(batch.id, {
      pollInterval: 20,
      onProgress: (s) => seen.push(s.parentState),
    })
    expect(final.parentState).toBe('succeeded')
    expect(final.childStates.succeeded).toBe(3)
    expect(seen.at(-1)).toBe('succeeded')
    expect((await client.getJob(batch.id)).status).toBe('completed')
  })

  it('submitBatch checks inputs before sending', async () => {
    await expect(client.submitBatch({ workload: 'llm-chat', inputs: [] })).rejects.toBeInstanceOf(
      ValidationError,
    )
  })
})
