import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, eventually, start, waitForJob } from './helpers.js'

type Job = { id: string; status: string; usage?: Record<string, number> }
type LedgerRow = { job_id: string | null; kind: string; amount: number; balance: number }

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await start({ islands: 1 })
})
afterAll(() => sandbox.close())

async function fresh(credits = 1) {
  const { account, key } = await sandbox.createAccount({ credits })
  const api = client(sandbox, key)
  const ledger = async (): Promise<LedgerRow[]> => {
    const res = await fetch(`${sandbox.url}/_sandbox/accounts/${account.id}/ledger`)
    return ((await res.json()) as { data: LedgerRow[] }).data
  }
  const balance = async () =>
    (await api.get<{ data: { credits: number } }>('/account')).body.data.credits
  const create = async (prompt: string, workload = 'llm-chat') =>
    (await api.post<{ data: Job }>('/jobs', { workload, input: { prompt } })).body.data
  return { api, ledger, balance, create }
}

describe('credits', () => {
  it('debits a completed job exactly once', async () => {
    const { api, ledger, balance, create } = await fresh()
    const job = await create('pay me')
    expect(await balance()).toBe(0.99)
    await waitForJob(api, job.id)
    expect(await balance()).toBe(0.99)
    const rows = await ledger()
    expect(rows.map((r) => [r.kind, r.amount])).toEqual([
      ['grant', 1],
      ['debit', -0.01],
    ])
    expect(rows[1]?.job_id).toBe(job.id)
  })

  it('refunds a failed job', async () => {
    const { api, ledger, balance, create } = await fresh()
    const job = await create('[sandbox:fail]')
    const done = await waitForJob(api, job.id)
    expect(done.status).toBe('failed')
    expect(await balance()).toBe(1)
    expect((await ledger()).map((r) => r.kind)).toEqual(['grant', 'debit', 'refund'])
    expect((done.usage as Record<string, number>).credits_used).toBe(0)
  })

  it('refunds a job cancelled while queued and charges one cancelled while running', async () => {
    const { api, ledger, balance, create } = await fresh()
    const running = await create('occupy the only island [sandbox:hang]')
    await eventually(
      async () =>
        (await api.get<{ data: Job }>(`/jobs/${running.id}`)).body.data.status === 'running',
    )
    const queued = await create('wait in line')
    expect((await api.get<{ data: Job }>(`/jobs/${queued.id}`)).body.data.status).toBe('queued')
    expect(await balance()).toBe(0.98)

    const cancelledQueued = await api.del<{ data: Job }>(`/jobs/${queued.id}`)
    expect(cancelledQueued.body.data.status).toBe('cancelled')
    expect(cancelledQueued.body.data.usage?.credits_used).toBe(0)
    expect(await balance()).toBe(0.99)

    const cancelledRunning = await api.del<{ data: Job }>(`/jobs/${running.id}`)
    expect(cancelledRunning.body.data.status).toBe('cancelled')
    expect(cancelledRunning.body.data.usage?.credits_used).toBe(0.01)
    expect(await balance()).toBe(0.99)
    const rows = await ledger()
    expect(rows.map((r) => [r.kind, r.job_id])).toEqual([
      ['grant', null],
      ['debit', running.id],
      ['debit', queued.id],
      ['refund', queued.id],
    ])
    expect(rows[rows.length - 1]?.balance).toBe(0.99)
  })

  it('answers 402 with required and available when the account cannot pay', async () => {
    const { api, ledger } = await fresh(0.03)
    const res = await api.post<{ error: { code: string }; required: number; available: number }>(
      '/jobs',
      {
        workload: 'sdxl',
        input: { prompt: 'too expensive' },
      },
    )
    expect(res.status).toBe(402)
    expect(res.body.error.code).toBe('insufficient_credits')
    expect(res.body.required).toBe(0.05)
    expect(res.body.available).toBe(0.03)
    expect((await ledger()).map((r) => r.kind)).toEqual(['grant'])
    expect((await api.get<{ data: unknown[] }>('/jobs')).body.data).toEqual([])
  })

  it('answers 402 for an account with no credits at all', async () => {
    const { api } = await fresh(0)
    const res = await api.post<{ required: number; available: number }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'free?' },
    })
    expect(res.status).toBe(402)
    expect(res.body).toMatchObject({ required: 0.01, available: 0 })
  })
})
