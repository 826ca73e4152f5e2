import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, eventually, start, waitForJob } from './helpers.js'

type Batch = {
  id: string
  state: string
  workload: string
  batch: Record<string, unknown>
  children: Array<{
    id: string
    batch_index: number
    state: string
    error?: string
    host_id?: string
  }>
  created_at: string
}
type BatchStatus = {
  parent_id: string
  parent_state: string
  chunk_count: number
  child_states: Record<string, number>
  children: Batch['children']
}

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start({ islands: 4, tokenIntervalMs: 2 })
  api = client(sandbox)
})
afterAll(() => sandbox.close())

async function status(id: string): Promise<BatchStatus> {
  return (await api.get<BatchStatus>(`/jobs/${id}/batch-status`)).body
}

async function settled(id: string): Promise<BatchStatus> {
  let last = await status(id)
  await eventually(async () => {
    last = await status(id)
    return ['succeeded', 'failed', 'cancelled'].includes(last.parent_state)
  }, 10_000)
  return last
}

describe('POST /jobs/batch', () => {
  it('runs every child, merges outputs with concat and reports the parent as a job', async () => {
    const inputs = ['one', 'two', 'three'].map((prompt) => ({ prompt, max_tokens: 3 }))
    const res = await api.post<Batch>('/jobs/batch', {
      workload: 'llm-chat',
      inputs,
      merge_strategy: 'concat',
    })
    expect(res.status).toBe(201)
    expect(res.body.id).toMatch(/^job_/)
    expect(res.body.workload).toBe('llm-chat')
    expect(res.body.batch).toMatchObject({
      chunk_count: 3,
      merge_strategy: 'concat',
      fail_mode: 'best_effort',
    })
    expect(res.body.children.map((c) => c.batch_index)).toEqual([0, 1, 2])
    expect(typeof res.body.created_at).toBe('string')
    const done = await settled(res.body.id)
    expect(done.parent_state).toBe('succeeded')
    expect(done.chunk_count).toBe(3)
    expect(done.child_states).toMatchObject({ succeeded: 3, failed: 0 })
    expect(done.children.every((c) => c.host_id?.startsWith('isl_'))).toBe(true)
    const parent = await waitForJob(api, res.body.id)
    expect(parent.status).toBe('completed')
    const outputs = await Promise.all(
      res.body.children.map(async (c) => (await waitForJob(api, c.id)).output as string),
    )
    expect(parent.output).toBe(outputs.join('\n'))
    expect((parent.usage as Record<string, number>).credits_used).toBe(0.03)
  })

  it('flattens outputs into a JSON array', async () => {
    const res = await api.post<Batch>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: [
        { prompt: 'a', max_tokens: 1 },
        { prompt: 'b', max_tokens: 1 },
      ],
      merge_strategy: 'flatten',
    })
    await settled(res.body.id)
    const parent = await waitForJob(api, res.body.id)
    const merged = JSON.parse(String(parent.output)) as string[]
    expect(merged).toHaveLength(2)
    expect(merged.every((s) => typeof s === 'string')).toBe(true)
  })

  it('honours max_parallelism', async () => {
    const res = await api.post<Batch>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: Array.from({ length: 4 }, (_, i) => ({ prompt: `hang ${i} [sandbox:hang]` })),
      max_parallelism: 1,
    })
    await eventually(async () => (await status(res.body.id)).child_states.running === 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const s = await status(res.body.id)
    expect(s.child_states).toMatchObject({ running: 1, pending: 3 })
    expect(s.parent_state).toBe('running')
    const cancelled = await api.del<{ data: { status: string } }>(`/jobs/${res.body.id}`)
    expect(cancelled.body.data.status).toBe('cancelled')
    const after = await status(res.body.id)
    expect(after.parent_state).toBe('cancelled')
    expect(after.child_states.cancelled).toBe(4)
  })

  it('fail_fast cancels and refunds the children not yet started', async () => {
    const { account, key } = await sandbox.createAccount({ credits: 1 })
    const own = client(sandbox, key)
    const res = await own.post<Batch>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: [{ prompt: 'boom [sandbox:fail]' }, { prompt: 'b' }, { prompt: 'c' }],
      fail_mode: 'fail_fast',
      max_parallelism: 1,
    })
    expect(res.status).toBe(201)
    const done = await (async () => {
      let last: BatchStatus | undefined
      await eventually(async () => {
        last = (await own.get<BatchStatus>(`/jobs/${res.body.id}/batch-status`)).body
        return last.parent_state === 'failed'
      })
      return last as BatchStatus
    })()
    expect(done.child_states).toMatchObject({ failed: 1, cancelled: 2, succeeded: 0 })
    expect(done.children[0]?.error).toBe('Simulated Island failure')
    const parent = await waitForJob(own, res.body.id)
    expect(parent.status).toBe('failed')
    expect(String(parent.error)).toContain('Simulated Island failure')
    const account2 = await own.get<{ data: { credits: number } }>('/account')
    expect(account2.body.data.credits).toBe(1)
    const ledger = (await (
      await fetch(`${sandbox.url}/_sandbox/accounts/${account.id}/ledger`)
    ).json()) as {
      data: Array<{ kind: string }>
    }
    expect(ledger.data.filter((r) => r.kind === 'debit')).toHaveLength(3)
    expect(ledger.data.filter((r) => r.kind === 'refund')).toHaveLength(3)
  })

  it('best_effort keeps going after a failure', async () => {
    const res = await api.post<Batch>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: [{ prompt: 'x [sandbox:fail]' }, { prompt: 'fine', max_tokens: 2 }],
    })
    const done = await settled(res.body.id)
    expect(done.parent_state).toBe('succeeded')
    expect(done.child_states).toMatchObject({ failed: 1, succeeded: 1 })
  })

  it('answers 402 when the whole batch is not affordable', async () => {
    const { key } = await sandbox.createAccount({ credits: 0.025 })
    const own = client(sandbox, key)
    const res = await own.post<{ required: number; available: number }>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
    })
    expect(res.status).toBe(402)
    expect(res.body).toMatchObject({ required: 0.03, available: 0.025 })
    expect((await own.get<{ data: unknown[] }>('/jobs')).body.data).toEqual([])
  })

  it.each([
    [{ workload: 'llm-chat', inputs: [] }, 'inputs'],
    [
      { workload: 'llm-chat', inputs: Array.from({ length: 101 }, () => ({ prompt: 'x' })) },
      'inputs',
    ],
    [{ workload: 'llm-chat', inputs: [{ prompt: 'x' }, {}] }, 'inputs[1].prompt'],
    [{ workload: 'llm-chat', inputs: [{ prompt: 'x' }], merge_strategy: 'zip' }, 'merge_strategy'],
    [{ workload: 'llm-chat', inputs: [{ prompt: 'x' }], fail_mode: 'yolo' }, 'fail_mode'],
    [{ workload: 'llm-chat', inputs: [{ prompt: 'x' }], max_parallelism: 0 }, 'max_parallelism'],
    [{ workload: 'llm-chat', inputs: [{ prompt: 'x' }], bid_price: 5 }, 'bid_price'],
    [{ workload: 'nope', inputs: [{ prompt: 'x' }] }, 'workload'],
  ])('answers 422 naming the field for %j', async (body, field) => {
    const res = await api.post<{ errors: Record<string, string[]> }>('/jobs/batch', body)
    expect(res.status).toBe(422)
    expect(Object.keys(res.body.errors)).toContain(field)
  })

  it('answers 404 for batch-status of a plain job', async () => {
    const job = await api.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'single', max_tokens: 1 },
    })
    expect((await api.get(`/jobs/${job.body.data.id}/batch-status`)).status).toBe(404)
  })
})
