import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, start } from './helpers.js'

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start({ islands: 3 })
  api = client(sandbox)
})
afterAll(() => sandbox.close())

describe('workloads', () => {
  it('lists the catalogue with prices', async () => {
    const res = await api.get<{ data: Array<Record<string, unknown>> }>('/workloads')
    expect(res.status).toBe(200)
    expect(res.body.data.map((w) => [w.id, w.slug, w.price_per_job, w.is_enabled])).toEqual([
      [1, 'llm-chat', 0.01, true],
      [2, 'sdxl', 0.05, true],
      [3, 'llm-chat-large', 0.03, true],
      [4, 'whisper', 0.02, false],
    ])
    expect(res.body.data[0]).toMatchObject({ runtime_type: 'container', name: 'LLM Chat' })
  })

  it('gets one workload by slug, 404 otherwise', async () => {
    const res = await api.get<{ data: Record<string, unknown> }>('/workloads/sdxl')
    expect(res.body.data).toMatchObject({ id: 2, slug: 'sdxl', price_per_job: 0.05 })
    expect((await api.get('/workloads/nope')).status).toBe(404)
  })
})

describe('hosts, market and models', () => {
  it('lists one host per Island', async () => {
    const res = await api.get<{ data: Array<Record<string, unknown>> }>('/hosts')
    expect(res.body.data).toHaveLength(3)
    const host = res.body.data[0] as Record<string, unknown>
    expect(String(host.id)).toMatch(/^isl_/)
    expect(['online', 'busy']).toContain(host.status)
    expect(host).toHaveProperty('region')
    expect(host).toHaveProperty('karma_score')
    expect(host).toHaveProperty('last_heartbeat_at')
    expect((host.capabilities as { workloads: string[] }).workloads).toContain('llm-chat')
    const one = await api.get<{ data: Record<string, unknown> }>(`/hosts/${String(host.id)}`)
    expect(one.body.data.id).toBe(host.id)
    expect((await api.get('/hosts/isl_nope')).status).toBe(404)
  })

  it('gives market rates and history', async () => {
    const rates = await api.get<{ data: Array<Record<string, unknown>> }>('/market/rates')
    expect(rates.body.data.map((r) => r.workload_slug)).toEqual([
      'llm-chat',
      'sdxl',
      'llm-chat-large',
    ])
    const sdxl = await api.get<{ data: Record<string, number> }>('/market/rates/sdxl')
    expect(sdxl.body.data).toMatchObject({ workload_slug: 'sdxl', avg_price: 0.05, num_hosts: 3 })
    expect(sdxl.body.data.min_price).toBeLessThan(sdxl.body.data.avg_price ?? 0)
    expect(sdxl.body.data.max_price).toBeGreaterThan(sdxl.body.data.avg_price ?? 0)
    const history = await api.get<{ data: Array<{ timestamp: string }> }>(
      '/market/history/llm-chat',
    )
    expect(history.body.data.length).toBeGreaterThan(2)
    const times = history.body.data.map((p) => Date.parse(p.timestamp))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect((await api.get('/market/rates/whisper')).status).toBe(404)
  })

  it('lists the llm workloads as models', async () => {
    const res = await api.get<{ data: unknown[] }>('/models')
    expect(res.body.data).toEqual([
      { id: 'llm-chat', object: 'model', owned_by: 'archipelag', workload_slug: 'llm-chat' },
      {
        id: 'llm-chat-large',
        object: 'model',
        owned_by: 'archipelag',
        workload_slug: 'llm-chat-large',
      },
    ])
  })
})

describe('sandbox endpoints and limits', () => {
  it('answers health without a key', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/health`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { data: { status: string } }).data.status).toBe('ok')
  })

  it('answers 404 not_found with the error body for unknown routes', async () => {
    const res = await api.get<{ error: { code: string } }>('/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
  })

  it('answers 413 after reading the whole oversize body', async () => {
    const body = new Uint8Array(12 * 1024 * 1024).fill(32)
    const res = await api.raw('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(res.status).toBe(413)
    const json = (await res.json()) as { error: { code: string } }
    expect(json.error.code).toBe('payload_too_large')
    expect((await api.get('/account')).status).toBe(200)
  })

  it('answers 413 for a streamed oversize body without a content-length', async () => {
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 11 * 1024 * 1024) return controller.close()
        sent += 1024 * 1024
        controller.enqueue(new Uint8Array(1024 * 1024).fill(32))
      },
    })
    const res = await api.raw('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })
})
