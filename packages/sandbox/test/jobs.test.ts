import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, readSse, start, waitForJob } from './helpers.js'

type Job = Record<string, unknown> & { id: string; status: string }

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start()
  api = client(sandbox)
})
afterAll(() => sandbox.close())

describe('jobs', () => {
  it('creates an llm-chat job and completes it with usage', async () => {
    const res = await api.post<{ data: Job }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'Tell me about islands' },
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
    expect(res.body.data.id).toMatch(/^job_/)
    expect(res.body.data.workload_id).toBe(1)
    expect(res.body.data.workload_slug).toBe('llm-chat')
    const done = await waitForJob(api, res.body.data.id)
    expect(done.status).toBe('completed')
    expect(typeof done.output).toBe('string')
    const usage = done.usage as Record<string, number>
    expect(usage.completion_tokens).toBeGreaterThanOrEqual(12)
    expect(usage.completion_tokens).toBeLessThanOrEqual(48)
    expect(usage.total_tokens).toBe((usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0))
    expect(usage.credits_used).toBe(0.01)
    expect(done.host_id).toMatch(/^isl_/)
  })

  it('streams events with ids in the documented order', async () => {
    const created = await api.post<{ data: Job }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'stream me', max_tokens: 4 },
    })
    const res = await api.raw(`/jobs/${created.body.data.id}/stream`)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const { events, retry } = await readSse(res)
    expect(retry).toBe(1000)
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const data = events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
    expect(data.slice(0, 3).map((d) => d.status)).toEqual(['pending', 'queued', 'running'])
    expect(data.slice(3, 7).every((d) => d.type === 'token')).toBe(true)
    expect(data[7]).toEqual({ type: 'status', status: 'completed' })
    expect(data[8]?.type).toBe('done')
    expect(data[8]?.finish_reason).toBe('length')
  })
})
