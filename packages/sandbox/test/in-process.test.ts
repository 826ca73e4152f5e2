import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../src/index.js'
import { client, parseSse, waitForJob } from './helpers.js'

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await createSandbox({ db: ':memory:', tokenIntervalMs: 0, stepIntervalMs: 0 })
  api = client(sandbox, sandbox.apiKey, sandbox.fetch as typeof fetch)
})
afterAll(() => sandbox.close())

describe('createSandbox (in-process fetch)', () => {
  it('serves the API without a socket', async () => {
    expect(sandbox.url).toBe('http://sandbox.local')
    const res = await api.get<{ data: { credits: number } }>('/account')
    expect(res.status).toBe(200)
    expect(res.body.data.credits).toBe(100)
    const rel = await sandbox.fetch('/_sandbox/health')
    expect(rel.status).toBe(200)
  })

  it('runs and streams a job', async () => {
    const created = await api.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'in process', max_tokens: 3 },
    })
    const stream = await api.raw(`/jobs/${created.body.data.id}/stream`)
    const { events } = parseSse(await stream.text())
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect((await waitForJob(api, created.body.data.id)).status).toBe('completed')
  })

  it('rejects with TypeError("fetch failed") on an injected reset, after storing the effect', async () => {
    const before = (await api.get<{ data: unknown[] }>('/jobs?limit=100')).body.data.length
    sandbox.setFaults({ resetRate: 1 })
    const attempt = api.post('/jobs', { workload: 'llm-chat', input: { prompt: 'x' } })
    await expect(attempt).rejects.toThrow('fetch failed')
    sandbox.setFaults({})
    expect((await api.get<{ data: unknown[] }>('/jobs?limit=100')).body.data.length).toBe(
      before + 1,
    )
  })

  it('errors the body stream on an injected stream cut', async () => {
    const created = await api.post<{ data: { id: string } }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'cut', max_tokens: 3 },
    })
    await waitForJob(api, created.body.data.id)
    sandbox.setFaults({ streamCutAfter: 2 })
    const res = await api.raw(`/jobs/${created.body.data.id}/stream`)
    await expect(res.text()).rejects.toThrow()
    sandbox.setFaults({})
  })

  it('closes idempotently and refuses requests afterwards', async () => {
    const other = await createSandbox({ db: ':memory:' })
    await Promise.all([other.close(), other.close()])
    await expect(other.fetch('/_sandbox/health')).rejects.toThrow(TypeError)
  })
})
