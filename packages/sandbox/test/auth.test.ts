import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, eventually, readSse, start, waitForJob } from './helpers.js'

type Key = { id: string; name: string; prefix: string; created_at: string; scopes: string[] }

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start()
  api = client(sandbox)
})
afterAll(() => sandbox.close())

describe('authentication', () => {
  it('answers 401 without a key, with a malformed header or an unknown key', async () => {
    const bare = await fetch(`${sandbox.url}/api/v1/account`)
    expect(bare.status).toBe(401)
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    expect(bare.headers.get('x-request-id')).toMatch(/^req_/)
    const basic = await fetch(`${sandbox.url}/api/v1/account`, {
      headers: { authorization: 'Basic abc' },
    })
    expect(basic.status).toBe(401)
    const unknown = await client(sandbox, `ak_${'x'.repeat(40)}`).get('/account')
    expect(unknown.status).toBe(401)
  })

  it('gives the seeded account and its credits', async () => {
    const res = await api.get<{ data: Record<string, unknown> }>('/account')
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ credits: 100 })
    expect(String(res.body.data.id)).toMatch(/^acc_/)
    expect(String(res.body.data.email)).toContain('@')
    expect(sandbox.apiKey).toMatch(/^ak_[0-9A-Za-z]{40}$/)
  })
})

describe('API keys', () => {
  it('creates a key shown once, lists only prefixes, and a deleted key stops working at once', async () => {
    const created = await api.post<{ data: Key; key: string }>('/api-keys', { name: 'ci' })
    expect(created.status).toBe(201)
    expect(created.body.key).toMatch(/^ak_[0-9A-Za-z]{40}$/)
    expect(created.body.data.prefix).toBe(created.body.key.slice(0, 8))
    expect(created.body.data.id).toMatch(/^key_/)
    expect(created.body.data).not.toHaveProperty('key')
    const list = await api.get<{ data: Key[] }>('/api-keys')
    expect(list.body.data.map((k) => k.name)).toEqual(['default', 'ci'])
    expect(JSON.stringify(list.body)).not.toContain(created.body.key)

    const other = client(sandbox, created.body.key)
    expect((await other.get('/account')).status).toBe(200)
    const deleted = await api.del<{ data: Key }>(`/api-keys/${created.body.data.id}`)
    expect(deleted.status).toBe(200)
    expect(deleted.body.data.id).toBe(created.body.data.id)
    expect((await other.get('/account')).status).toBe(401)
    expect((await api.del(`/api-keys/${created.body.data.id}`)).status).toBe(404)
    const after = await api.get<{ data: Key[] }>('/api-keys')
    expect(after.body.data.map((k) => k.name)).toEqual(['default'])
  })

  it("ends a deleted key's open streams at once, and only its own", async () => {
    const created = await api.post<{ data: Key; key: string }>('/api-keys', { name: 'streamer' })
    const other = client(sandbox, created.body.key)
    const job = await api.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'keep streaming [sandbox:hang]' },
    })
    const path = `/jobs/${job.body.data.id}/stream`
    await eventually(async () => {
      const res = await api.get<{ data: { status: string } }>(`/jobs/${job.body.data.id}`)
      return res.body.data.status === 'running'
    })
    const doomed = await other.raw(path)
    const chat = await other.raw('/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: '[sandbox:hang]' }],
        stream: true,
      }),
    })
    const kept = await api.raw(path)
    const keptReader = kept.body?.getReader()
    await keptReader?.read()

    await api.del(`/api-keys/${created.body.data.id}`)
    const { events } = await readSse(doomed)
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3'])
    await chat.text()
    const resumed = await other.raw(path, { headers: { 'last-event-id': '3' } })
    expect(resumed.status).toBe(401)
    await resumed.body?.cancel()

    const health = await fetch(`${sandbox.url}/_sandbox/health`)
    expect(((await health.json()) as { data: { open_streams: number } }).data.open_streams).toBe(1)
    await api.del(`/jobs/${job.body.data.id}`)
    await keptReader?.cancel()
  })

  it('validates the key name and scopes', async () => {
    const noName = await api.post<{ errors: Record<string, string[]> }>('/api-keys', {})
    expect(noName.status).toBe(422)
    expect(Object.keys(noName.body.errors)).toEqual(['name'])
    const badScope = await api.post<{ errors: Record<string, string[]> }>('/api-keys', {
      name: 'x',
      scopes: ['jobs:delete'],
    })
    expect(badScope.status).toBe(422)
    expect(Object.keys(badScope.body.errors)).toEqual(['scopes'])
  })

  it('answers 403 forbidden when the key lacks the scope', async () => {
    const created = await api.post<{ data: Key; key: string }>('/api-keys', {
      name: 'read-only',
      scopes: ['jobs:read'],
    })
    expect(created.body.data.scopes).toEqual(['jobs:read'])
    const readOnly = client(sandbox, created.body.key)
    expect((await readOnly.get('/jobs')).status).toBe(200)
    const write = await readOnly.post<{ error: { code: string; message: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'x' },
    })
    expect(write.status).toBe(403)
    expect(write.body.error.code).toBe('forbidden')
    expect(write.body.error.message).toContain('jobs:write')
    expect((await readOnly.get('/account')).status).toBe(403)
    expect((await readOnly.get('/api-keys')).status).toBe(403)
    expect((await readOnly.post('/chat/completions', { messages: [] })).status).toBe(403)
  })
})

describe('account isolation', () => {
  it("sees another account's jobs, keys and batches as 404", async () => {
    const { account, key } = await sandbox.createAccount({ email: 'other@example.com', credits: 5 })
    expect(account).toMatchObject({ email: 'other@example.com', credits: 5 })
    const other = client(sandbox, key)
    const job = await api.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'mine', max_tokens: 1 },
    })
    const batch = await api.post<{ id: string }>('/jobs/batch', {
      workload: 'llm-chat',
      inputs: [{ prompt: 'mine too', max_tokens: 1 }],
    })
    const id = job.body.data.id
    for (const path of [
      `/jobs/${id}`,
      `/jobs/${id}/output`,
      `/jobs/${id}/stream`,
      `/jobs/${batch.body.id}/batch-status`,
    ]) {
      expect((await other.get(path)).status).toBe(404)
    }
    expect((await other.del(`/jobs/${id}`)).status).toBe(404)
    expect((await other.get<{ data: unknown[] }>('/jobs')).body.data).toEqual([])
    const myKeys = await api.get<{ data: Key[] }>('/api-keys')
    const mine = myKeys.body.data[0] as Key
    expect((await other.del(`/api-keys/${mine.id}`)).status).toBe(404)
    expect(
      (await other.get<{ data: Key[] }>('/api-keys')).body.data.map((k) => k.id),
    ).not.toContain(mine.id)
    expect((await waitForJob(api, id)).status).toBe('completed')
  })

  it('creates accounts over POST /_sandbox/accounts', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new@example.com', credits: 0 }),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as {
      data: { account: { id: string; credits: number }; key: string }
    }
    expect(body.data.account.credits).toBe(0)
    expect(body.data.account.id).toMatch(/^acc_/)
    expect(body.data.key).toMatch(/^ak_/)
    for (const credits of [-1, 1e300, '5']) {
      const bad = await fetch(`${sandbox.url}/_sandbox/accounts`, {
        method: 'POST',
        body: JSON.stringify({ credits }),
      })
      expect(bad.status).toBe(422)
      expect(((await bad.json()) as { errors: object }).errors).toHaveProperty('credits')
    }
    await expect(sandbox.createAccount({ credits: 1e300 })).rejects.toThrow(/credits/)
  })

  it('keeps exact balances up to the largest seed balance', async () => {
    const rich = await sandbox.createAccount({ credits: 1_000_000_000 })
    const richApi = client(sandbox, rich.key)
    const job = await richApi.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'hi', max_tokens: 1 },
    })
    expect(job.status).toBe(201)
    await waitForJob(richApi, job.body.data.id)
    const account = await richApi.get<{ data: { credits: number } }>('/account')
    expect(account.body.data.credits).toBe(999_999_999.99)
  })
})
