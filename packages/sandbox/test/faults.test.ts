import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, parseSse, start, waitForJob } from './helpers.js'

type Job = { id: string; status: string }

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start()
  api = client(sandbox)
})
afterEach(() => {
  sandbox.setFaults({})
})
afterAll(() => sandbox.close())

async function jobCount(): Promise<number> {
  let total = 0
  for (let offset = 0; ; offset += 100) {
    const page = (await api.get<{ data: Job[] }>(`/jobs?limit=100&offset=${offset}`)).body.data
    total += page.length
    if (page.length < 100) return total
  }
}

async function balance(): Promise<number> {
  return (await api.get<{ data: { credits: number } }>('/account')).body.data.credits
}

describe('fault injection', () => {
  it('errorRate answers a fraction of requests 500/503 before the handler (nothing stored)', async () => {
    const before = await jobCount()
    const credits = await balance()
    sandbox.setFaults({ errorRate: 0.5 })
    const statuses: number[] = []
    for (let i = 0; i < 200; i++) {
      const res = await api.post<{ error?: { code: string } }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: `n${i}`, max_tokens: 1 },
      })
      statuses.push(res.status)
      if (res.status >= 500)
        expect(['internal_error', 'service_unavailable']).toContain(res.body.error?.code)
    }
    sandbox.setFaults({})
    const failed = statuses.filter((s) => s === 500 || s === 503).length
    const created = statuses.filter((s) => s === 201).length
    expect(failed + created).toBe(200)
    // 200 draws at p = 0.5: mean 100, sd ~7; these bounds are > 5 sd away.
    expect(failed).toBeGreaterThan(60)
    expect(failed).toBeLessThan(140)
    expect(statuses).toContain(500)
    expect(statuses).toContain(503)
    expect((await jobCount()) - before).toBe(created)
    expect(Math.round((credits - (await balance())) * 100)).toBe(created)
  })

  it('errorStatuses chooses the statuses; injected answers are marked', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [502] })
    const res = await api.get('/account')
    expect(res.status).toBe(502)
    expect(res.headers.get('x-sandbox-fault')).toBe('error')
  })

  it('resetRate drops the connection after the job was stored; the idempotent retry returns it', async () => {
    const before = await jobCount()
    sandbox.setFaults({ resetRate: 1 })
    const body = { workload: 'llm-chat', input: { prompt: 'lost response', max_tokens: 1 } }
    await expect(api.post('/jobs', body, { 'Idempotency-Key': 'reset-1' })).rejects.toThrow(
      TypeError,
    )
    sandbox.setFaults({})
    expect(await jobCount()).toBe(before + 1)
    const retry = await api.post<{ data: Job }>('/jobs', body, { 'Idempotency-Key': 'reset-1' })
    expect(retry.status).toBe(201)
    expect(await jobCount()).toBe(before + 1)
    expect((await waitForJob(api, retry.body.data.id)).status).toBe('completed')
  })

  it('streamCutAfter cuts each stream after N events; resuming with Last-Event-ID loses nothing', async () => {
    const created = await api.post<{ data: Job }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'cut me', max_tokens: 8 },
    })
    const id = created.body.data.id
    await waitForJob(api, id)
    sandbox.setFaults({ streamCutAfter: 3 })
    const ids: number[] = []
    let lastId = 0
    let cuts = 0
    for (let attempt = 0; attempt < 10; attempt++) {
      const res = await api.raw(`/jobs/${id}/stream`, {
        headers: { 'Last-Event-ID': String(lastId) },
      })
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      let cut = false
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          text += new TextDecoder().decode(value)
        }
      } catch {
        cut = true
      }
      const events = parseSse(text).events
      if (cut) {
        cuts += 1
        expect(events).toHaveLength(3)
      }
      for (const e of events) ids.push(Number(e.id))
      lastId = ids[ids.length - 1] ?? lastId
      if (!cut) break
    }
    expect(cuts).toBeGreaterThanOrEqual(4)
    expect(ids).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
  })

  it('latencyMs delays each API response', async () => {
    sandbox.setFaults({ latencyMs: 120 })
    const t0 = performance.now()
    const res = await api.get('/account')
    expect(res.status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110)
  })

  it('rateLimitBurst answers the next N requests 429 with Retry-After: 1', async () => {
    sandbox.setFaults({ rateLimitBurst: 3 })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await api.get<{ error?: { code: string } }>('/account')
      statuses.push(res.status)
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('1')
        expect(res.body.error?.code).toBe('rate_limited')
      }
    }
    expect(statuses).toEqual([429, 429, 429, 200, 200])
  })

  it('is set over POST /_sandbox/faults and validated', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ error_rate: 1, errorStatuses: [503] }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { data: unknown }).data).toEqual({
      errorRate: 1,
      errorStatuses: [503],
    })
    expect((await api.get('/account')).status).toBe(503)
    expect((await fetch(`${sandbox.url}/_sandbox/health`)).status).toBe(200)
    const bad = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ errorRate: 2 }),
    })
    expect(bad.status).toBe(422)
    for (const body of ['{"explode": true}', '{"constructor": 1}', '{"__proto__": 1}']) {
      const unknown = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body })
      expect(unknown.status).toBe(422)
    }
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '{}' })
    expect((await api.get('/account')).status).toBe(200)
  })

  it('can be set at start', async () => {
    const faulty = await start({ faults: { rateLimitBurst: 1 } })
    try {
      const own = client(faulty)
      expect((await own.get('/account')).status).toBe(429)
      expect((await own.get('/account')).status).toBe(200)
    } finally {
      await faulty.close()
    }
  })
})
