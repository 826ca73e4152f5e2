import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, eventually, parseSse, readSse, start, waitForJob } from './helpers.js'

type Job = Record<string, unknown> & { id: string; status: string }

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start({ keepAliveMs: 40 })
  api = client(sandbox)
})
afterAll(() => sandbox.close())

async function create(input: Record<string, unknown>, workload = 'llm-chat'): Promise<Job> {
  const res = await api.post<{ data: Job }>('/jobs', { workload, input })
  expect(res.status).toBe(201)
  return res.body.data
}

async function health(): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox.url}/_sandbox/health`)
  return ((await res.json()) as { data: Record<string, number> }).data
}

describe('POST /jobs', () => {
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
    expect(res.body.data.input).toEqual({ prompt: 'Tell me about islands' })
    const done = await waitForJob(api, res.body.data.id)
    expect(done.status).toBe('completed')
    expect(typeof done.output).toBe('string')
    const usage = done.usage as Record<string, number>
    expect(usage.completion_tokens).toBeGreaterThanOrEqual(12)
    expect(usage.completion_tokens).toBeLessThanOrEqual(48)
    expect(usage.prompt_tokens).toBe(4)
    expect(usage.total_tokens).toBe((usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0))
    expect(usage.credits_used).toBe(0.01)
    expect(done.host_id).toMatch(/^isl_/)
    expect(typeof done.started_at).toBe('string')
    expect(typeof done.completed_at).toBe('string')
    expect(done.duration_ms).toBeGreaterThanOrEqual(0)
  })

  it('accepts a workload id as well as a slug', async () => {
    const res = await api.post<{ data: Job }>('/jobs', { workload: 3, input: { prompt: 'hi' } })
    expect(res.status).toBe(201)
    expect(res.body.data.workload_slug).toBe('llm-chat-large')
  })

  it.each([
    [{ workload: 'nope', input: { prompt: 'x' } }, 'workload'],
    [{ input: { prompt: 'x' } }, 'workload'],
    [{ workload: 'whisper', input: { prompt: 'x' } }, 'workload'],
    [{ workload: 'llm-chat' }, 'input'],
    [{ workload: 'llm-chat', input: {} }, 'input.prompt'],
    [{ workload: 'llm-chat', input: { prompt: '' } }, 'input.prompt'],
    [{ workload: 'llm-chat', input: { prompt: 'x', temperature: 2.5 } }, 'input.temperature'],
    [{ workload: 'llm-chat', input: { prompt: 'x', temperature: -1 } }, 'input.temperature'],
    [{ workload: 'llm-chat', input: { prompt: 'x', max_tokens: 0 } }, 'input.max_tokens'],
    [{ workload: 'llm-chat', input: { prompt: 'x', max_tokens: 1.5 } }, 'input.max_tokens'],
    [{ workload: 'sdxl', input: { prompt: 'x', width: 100 } }, 'input.width'],
    [{ workload: 'sdxl', input: { prompt: 'x', height: 4096 } }, 'input.height'],
    [{ workload: 'sdxl', input: { prompt: 'x', steps: 0 } }, 'input.steps'],
    [{ workload: 'sdxl', input: { prompt: 'x', steps: 151 } }, 'input.steps'],
    [{ workload: 'sdxl', input: { prompt: 'x', guidance_scale: 'high' } }, 'input.guidance_scale'],
    [{ workload: 'sdxl', input: { prompt: 'x', seed: -3 } }, 'input.seed'],
  ])('answers 422 naming the field for %j', async (body, field) => {
    const res = await api.post<{
      error: { code: string; message: string }
      errors: Record<string, string[]>
    }>('/jobs', body)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('validation_error')
    expect(res.body.error.message).toContain(field)
    expect(Object.keys(res.body.errors)).toContain(field)
  })

  it('answers 422 naming body for JSON nested too deep (never a 500), with or without an idempotency key', async () => {
    const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
    const body = (depth: number) =>
      `{"workload":"llm-chat","input":{"prompt":"hi","max_tokens":1,"extra":${nest(depth)}}}`
    const variants: Array<Record<string, string>> = [{}, { 'idempotency-key': 'deep-nesting' }]
    for (const headers of variants) {
      const res = await api.post<{ errors: Record<string, string[]> }>(
        '/jobs',
        body(200_000),
        headers,
      )
      expect(res.status).toBe(422)
      expect(Object.keys(res.body.errors)).toEqual(['body'])
    }
    expect((await api.post('/jobs', body(90))).status).toBe(201)
  })

  it.each([
    ['/jobs', { input: { prompt: 'hi' } }],
    ['/jobs/batch', { inputs: [{ prompt: 'hi' }] }],
  ])(
    'answers 422 naming workload when %s gets a workload that is neither slug nor id',
    async (path, rest) => {
      for (const workload of [{ toString: 1 }, ['llm-chat'], true]) {
        const res = await api.post<{ errors: Record<string, string[]> }>(path, {
          workload,
          ...rest,
        })
        expect(res.status).toBe(422)
        expect(res.body.errors.workload).toEqual(['must be a workload slug or id'])
      }
    },
  )

  it('answers 400 invalid_json for a malformed body', async () => {
    const res = await api.post<{ error: { code: string } }>('/jobs', '{"workload": ')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_json')
  })
})

describe('GET /jobs', () => {
  it('lists newest first with limit and offset', async () => {
    const a = await create({ prompt: 'first', max_tokens: 1 })
    const b = await create({ prompt: 'second', max_tokens: 1 })
    const c = await create({ prompt: 'third', max_tokens: 1 })
    const page = await api.get<{ data: Job[] }>('/jobs?limit=2')
    expect(page.status).toBe(200)
    expect(page.body.data.map((j) => j.id)).toEqual([c.id, b.id])
    const next = await api.get<{ data: Job[] }>('/jobs?limit=2&offset=2')
    expect(next.body.data[0]?.id).toBe(a.id)
  })

  it.each(['0', '101', 'x', '2.5', '', '1e1', '0x10', '-5'])(
    'answers 422 naming limit for limit=%s',
    async (limit) => {
      const res = await api.get<{ errors: Record<string, string[]> }>(`/jobs?limit=${limit}`)
      expect(res.status).toBe(422)
      expect(Object.keys(res.body.errors)).toEqual(['limit'])
    },
  )

  it.each(['-1', '1e3', '99999999999999999999', '9007199254740993'])(
    'answers 422 naming offset for offset=%s (never a 500)',
    async (offset) => {
      const res = await api.get<{ errors: Record<string, string[]> }>(`/jobs?offset=${offset}`)
      expect(res.status).toBe(422)
      expect(Object.keys(res.body.errors)).toEqual(['offset'])
    },
  )

  it('accepts a large offset past the end as an empty page', async () => {
    const res = await api.get<{ data: Job[] }>('/jobs?offset=9007199254740991')
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual([])
  })
})

describe('GET /jobs/{id} and /output', () => {
  it('returns 404 not_found for an unknown job', async () => {
    for (const path of [
      '/jobs/job_missing',
      '/jobs/job_missing/output',
      '/jobs/job_missing/stream',
    ]) {
      const res = await api.get<{ error: { code: string } }>(path)
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('not_found')
    }
    const del = await api.del<{ error: { code: string } }>('/jobs/job_missing')
    expect(del.status).toBe(404)
  })

  it('returns the output of a finished job', async () => {
    const job = await create({ prompt: 'output please', max_tokens: 6 })
    const done = await waitForJob(api, job.id)
    const res = await api.get<{ data: { output: string } }>(`/jobs/${job.id}/output`)
    expect(res.status).toBe(200)
    expect(res.body.data.output).toBe(done.output)
    expect(res.body.data.output.split(' ')).toHaveLength(6)
  })
})

describe('GET /jobs/{id}/stream', () => {
  it('streams events with ids in the documented order', async () => {
    const job = await create({ prompt: 'stream me', max_tokens: 4 })
    const res = await api.raw(`/jobs/${job.id}/stream`)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
    const { events, retry } = await readSse(res)
    expect(retry).toBe(1000)
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const data = events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
    expect(data.slice(0, 3).map((d) => d.status)).toEqual(['pending', 'queued', 'running'])
    expect(data.slice(3, 7).every((d) => d.type === 'token')).toBe(true)
    // No `event:` names: a browser EventSource's onmessage sees every event; the type is in data.
    expect(events.every((e) => e.event === undefined)).toBe(true)
    expect(data[7]).toEqual({ type: 'status', status: 'completed' })
    expect(data[8]?.type).toBe('done')
    expect(data[8]?.finish_reason).toBe('length')
    expect(data[8]?.usage).toMatchObject({ completion_tokens: 4 })
  })

  it('replays a finished job and resumes after Last-Event-ID (header and query)', async () => {
    const job = await create({ prompt: 'replay me', max_tokens: 5 })
    await waitForJob(api, job.id)
    const all = (await readSse(await api.raw(`/jobs/${job.id}/stream`))).events
    expect(all).toHaveLength(10)
    const resumed = (
      await readSse(await api.raw(`/jobs/${job.id}/stream`, { headers: { 'Last-Event-ID': '4' } }))
    ).events
    expect(resumed.map((e) => e.id)).toEqual(['5', '6', '7', '8', '9', '10'])
    expect(resumed).toEqual(all.slice(4))
    const byQuery = (await readSse(await api.raw(`/jobs/${job.id}/stream?last_event_id=8`))).events
    expect(byQuery.map((e) => e.id)).toEqual(['9', '10'])
    const nothing = (
      await readSse(await api.raw(`/jobs/${job.id}/stream`, { headers: { 'Last-Event-ID': '10' } }))
    ).events
    expect(nothing).toEqual([])
    for (const garbage of ['abc', '-3', '3.5', '0x3', '1e2', '99999999999999999999']) {
      const res = await api.raw(`/jobs/${job.id}/stream`, { headers: { 'Last-Event-ID': garbage } })
      expect((await readSse(res)).events).toEqual(all)
    }
    const beyond = await api.raw(`/jobs/${job.id}/stream`, { headers: { 'Last-Event-ID': '999' } })
    expect((await readSse(beyond)).events).toEqual([])
  })

  it('resumes a live stream with nothing lost or repeated', async () => {
    const slow = await start({ tokenIntervalMs: 15 })
    try {
      const slowApi = client(slow)
      const res = await slowApi.post<{ data: Job }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: 'a long live answer' },
      })
      const id = res.body.data.id
      const controller = new AbortController()
      const first = await slowApi.raw(`/jobs/${id}/stream`, { signal: controller.signal })
      const reader = (first.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      while (parseSse(text).events.length < 6) {
        const { value, done } = await reader.read()
        if (done) break
        text += new TextDecoder().decode(value)
      }
      controller.abort()
      const head = parseSse(text).events
      const lastId = head[head.length - 1]?.id ?? '0'
      const rest = (
        await readSse(
          await slowApi.raw(`/jobs/${id}/stream`, { headers: { 'Last-Event-ID': lastId } }),
        )
      ).events
      const ids = [...head, ...rest].map((e) => Number(e.id))
      expect(ids).toEqual(ids.map((_, i) => i + 1))
      const last = JSON.parse(rest[rest.length - 1]?.data ?? '{}') as { type: string }
      expect(last.type).toBe('done')
    } finally {
      await slow.close()
    }
  })

  it('sends keep-alive comments while idle and ends when the job is cancelled', async () => {
    const job = await create({ prompt: 'wait [sandbox:hang]' })
    const res = await api.raw(`/jobs/${job.id}/stream`)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    while (!text.includes(': keep-alive')) {
      const { value } = await reader.read()
      text += new TextDecoder().decode(value)
    }
    await eventually(
      async () => (await api.get<{ data: Job }>(`/jobs/${job.id}`)).body.data.status === 'running',
    )
    const cancelled = await api.del<{ data: Job }>(`/jobs/${job.id}`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.data.status).toBe('cancelled')
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    const parsed = parseSse(text)
    expect(parsed.comments).toContain('keep-alive')
    const statuses = parsed.events.map((e) => (JSON.parse(e.data) as { status?: string }).status)
    expect(statuses).toEqual(['pending', 'queued', 'running', 'cancelled'])
  })

  it('unsubscribes when the client goes away', async () => {
    const job = await create({ prompt: 'abandon me [sandbox:hang]' })
    const controllers = Array.from({ length: 5 }, () => new AbortController())
    const responses = await Promise.all(
      controllers.map((c) => api.raw(`/jobs/${job.id}/stream`, { signal: c.signal })),
    )
    expect(responses.every((r) => r.status === 200)).toBe(true)
    await eventually(async () => (await health()).open_streams === 5)
    for (const c of controllers) c.abort()
    await eventually(async () => (await health()).open_streams === 0)
    await api.del(`/jobs/${job.id}`)
  })
})

describe('job outcomes', () => {
  it('fails a [sandbox:fail] job after 3 tokens with an error event', async () => {
    const job = await create({ prompt: 'please [sandbox:fail]' })
    const { events } = await readSse(await api.raw(`/jobs/${job.id}/stream`))
    const data = events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
    expect(data.filter((d) => d.type === 'token')).toHaveLength(3)
    expect(data.slice(-2)).toEqual([
      { type: 'status', status: 'failed' },
      { type: 'error', error: 'Simulated Island failure' },
    ])
    const done = await waitForJob(api, job.id)
    expect(done.status).toBe('failed')
    expect(done.error).toBe('Simulated Island failure')
  })

  it('keeps a job running under a jobTimeoutMs beyond the Node timer range', async () => {
    const patient = await start({ jobTimeoutMs: 3_000_000_000 })
    try {
      const patientApi = client(patient)
      const res = await patientApi.post<{ data: Job }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: 'wait for me [sandbox:hang]' },
      })
      await eventually(async () => {
        const job = await patientApi.get<{ data: Job }>(`/jobs/${res.body.data.id}`)
        return job.body.data.status === 'running'
      })
      await new Promise((resolve) => setTimeout(resolve, 50))
      const job = await patientApi.get<{ data: Job }>(`/jobs/${res.body.data.id}`)
      expect(job.body.data.status).toBe('running')
    } finally {
      await patient.close()
    }
  })

  it('times out a hanging job after jobTimeoutMs, refunded', async () => {
    const quick = await start({ jobTimeoutMs: 100 })
    try {
      const quickApi = client(quick)
      const res = await quickApi.post<{ data: Job }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: 'never ends [sandbox:hang]' },
      })
      const done = await waitForJob(quickApi, res.body.data.id)
      expect(done.status).toBe('timeout')
      expect(String(done.error)).toContain('timed out')
      expect((done.usage as Record<string, number>).credits_used).toBe(0)
      const { events } = await readSse(await quickApi.raw(`/jobs/${res.body.data.id}/stream`))
      const last = events.slice(-2).map((e) => JSON.parse(e.data) as Record<string, unknown>)
      expect(last[0]).toEqual({ type: 'status', status: 'timeout' })
      expect(last[1]?.type).toBe('error')
      const account = await quickApi.get<{ data: { credits: number } }>('/account')
      expect(account.body.data.credits).toBe(100)
    } finally {
      await quick.close()
    }
  })

  it('returns a terminal job unchanged on DELETE', async () => {
    const job = await create({ prompt: 'quick', max_tokens: 1 })
    const done = await waitForJob(api, job.id)
    const res = await api.del<{ data: Job }>(`/jobs/${job.id}`)
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual(done)
  })

  it('produces the same answer for the same input and honours max_tokens', async () => {
    const input = { prompt: 'determinism', system_prompt: 'be brief', temperature: 0.3 }
    const a = await waitForJob(api, (await create(input)).id)
    const b = await waitForJob(api, (await create(input)).id)
    expect(a.output).toBe(b.output)
    const cut = await waitForJob(api, (await create({ ...input, max_tokens: 5 })).id)
    expect((cut.usage as Record<string, number>).completion_tokens).toBe(5)
    expect(String(a.output).startsWith(String(cut.output))).toBe(true)
  })

  it('generates an sdxl image with progress events and a PNG output', async () => {
    const job = await create(
      { prompt: 'a lighthouse', width: 64, height: 48, steps: 4, seed: 7 },
      'sdxl',
    )
    const { events } = await readSse(await api.raw(`/jobs/${job.id}/stream`))
    const data = events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
    expect(data.filter((d) => d.type === 'progress')).toEqual(
      [1, 2, 3, 4].map((step) => ({ type: 'progress', step, total: 4 })),
    )
    const image = data.find((d) => d.type === 'image')
    expect(image?.format).toBe('png')
    const done = await waitForJob(api, job.id)
    const output = JSON.parse(String(done.output)) as Record<string, unknown>
    expect(output).toMatchObject({ format: 'png', width: 64, height: 48, seed: 7 })
    expect(output.image_data).toBe(image?.image_data)
    const png = Buffer.from(String(output.image_data), 'base64')
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(64)
    expect(png.readUInt32BE(20)).toBe(48)
    expect((done.usage as Record<string, number>).credits_used).toBe(0.05)
  })
})
