import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, start } from './helpers.js'

type Job = { id: string; status: string }

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await start()
})
afterAll(() => sandbox.close())

async function fresh() {
  const { account, key } = await sandbox.createAccount({ credits: 10 })
  const api = client(sandbox, key)
  const debits = async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/accounts/${account.id}/ledger`)
    return ((await res.json()) as { data: Array<{ kind: string }> }).data.filter(
      (r) => r.kind === 'debit',
    ).length
  }
  return { api, debits }
}

describe('Idempotency-Key on POST /jobs', () => {
  it('returns the first response for the same key and body, with no new debit', async () => {
    const { api, debits } = await fresh()
    const body = { workload: 'llm-chat', input: { prompt: 'once', max_tokens: 2 } }
    const first = await api.post<{ data: Job }>('/jobs', body, { 'Idempotency-Key': 'k-1' })
    const again = await api.post<{ data: Job }>(
      '/jobs',
      { input: { max_tokens: 2, prompt: 'once' }, workload: 'llm-chat' },
      { 'Idempotency-Key': 'k-1' },
    )
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await debits()).toBe(1)
    expect((await api.get<{ data: Job[] }>('/jobs')).body.data).toHaveLength(1)
  })

  it('answers 409 for the same key with another body', async () => {
    const { api, debits } = await fresh()
    await api.post(
      '/jobs',
      { workload: 'llm-chat', input: { prompt: 'a' } },
      { 'Idempotency-Key': 'k-2' },
    )
    const conflict = await api.post<{ error: { code: string } }>(
      '/jobs',
      { workload: 'llm-chat', input: { prompt: 'b' } },
      { 'Idempotency-Key': 'k-2' },
    )
    expect(conflict.status).toBe(409)
    expect(conflict.body.error.code).toBe('idempotency_conflict')
    expect(await debits()).toBe(1)
  })

  it('scopes keys per account', async () => {
    const a = await fresh()
    const b = await fresh()
    const body = { workload: 'llm-chat', input: { prompt: 'shared key' } }
    const ra = await a.api.post<{ data: Job }>('/jobs', body, { 'Idempotency-Key': 'same' })
    const rb = await b.api.post<{ data: Job }>('/jobs', body, { 'Idempotency-Key': 'same' })
    expect(ra.body.data.id).not.toBe(rb.body.data.id)
  })

  it('creates one job for 20 concurrent identical requests', async () => {
    const { api, debits } = await fresh()
    const body = { workload: 'llm-chat', input: { prompt: 'race', max_tokens: 3 } }
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post<{ data: Job }>('/jobs', body, { 'Idempotency-Key': 'race-1' }),
      ),
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1)
    expect(await debits()).toBe(1)
    expect((await api.get<{ data: Job[] }>('/jobs')).body.data).toHaveLength(1)
  })

  it('does not store failed attempts: a 422 then a valid body under the same key succeeds', async () => {
    const { api } = await fresh()
    const bad = await api.post(
      '/jobs',
      { workload: 'llm-chat', input: {} },
      { 'Idempotency-Key': 'k-3' },
    )
    expect(bad.status).toBe(422)
    const good = await api.post(
      '/jobs',
      { workload: 'llm-chat', input: { prompt: 'ok' } },
      { 'Idempotency-Key': 'k-3' },
    )
    expect(good.status).toBe(201)
  })

  it('honours Idempotency-Key on POST /jobs/batch', async () => {
    const { api, debits } = await fresh()
    const body = {
      workload: 'llm-chat',
      inputs: [
        { prompt: 'x', max_tokens: 1 },
        { prompt: 'y', max_tokens: 1 },
      ],
    }
    const first = await api.post<{ id: string }>('/jobs/batch', body, { 'Idempotency-Key': 'b-1' })
    const again = await api.post<{ id: string }>('/jobs/batch', body, { 'Idempotency-Key': 'b-1' })
    expect(first.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    expect(await debits()).toBe(2)
    const conflict = await api.post(
      '/jobs/batch',
      { ...body, fail_mode: 'fail_fast' },
      { 'Idempotency-Key': 'b-1' },
    )
    expect(conflict.status).toBe(409)
  })
})
