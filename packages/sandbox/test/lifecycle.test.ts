import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.js'
import { openSandboxCore } from '../src/sandbox.js'
import { client, eventually, parseSse, start } from './helpers.js'

type Job = { id: string; status: string; output?: string }

describe('sandbox lifecycle', () => {
  it('close() ends open streams cleanly, fails running jobs as interrupted, and is idempotent', async () => {
    const sandbox = await start()
    const api = client(sandbox)
    const job = await api.post<{ data: Job }>('/jobs', {
      workload: 'llm-chat',
      input: { prompt: 'still going [sandbox:hang]' },
    })
    await eventually(
      async () =>
        (await api.get<{ data: Job }>(`/jobs/${job.body.data.id}`)).body.data.status === 'running',
    )
    const res = await api.raw(`/jobs/${job.body.data.id}/stream`)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    const closing = Promise.all([sandbox.close(), sandbox.close()])
    let text = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    await closing
    const last = parseSse(text).events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
    expect(last.slice(-2)).toEqual([
      { type: 'status', status: 'failed' },
      { type: 'error', error: 'Interrupted: the sandbox stopped while this job was running' },
    ])
    await expect(fetch(`${sandbox.url}/_sandbox/health`)).rejects.toThrow()
  })

  it('answers 503 on every route once closing (a keep-alive connection may still send one)', async () => {
    const core = openSandboxCore(resolveOptions({ db: ':memory:' }))
    await core.close()
    for (const [method, path] of [
      ['POST', '/_sandbox/accounts'],
      ['GET', '/_sandbox/health'],
      ['GET', '/api/v1/account'],
    ] as const) {
      const res = await core.app.fetch(new Request(`http://sandbox.local${path}`, { method }))
      expect(res.status).toBe(503)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'service_unavailable',
      )
    }
  })

  it('shows the partial output of a running job and keeps it when cancelled mid-stream', async () => {
    const sandbox = await start({ tokenIntervalMs: 100 })
    try {
      const api = client(sandbox)
      const job = await api.post<{ data: Job }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: 'a slow answer for partial output' },
      })
      const id = job.body.data.id
      await eventually(async () => {
        const out = await api.get<{ data: { output: string } }>(`/jobs/${id}/output`)
        return out.body.data.output.split(' ').length >= 3
      })
      const running = await api.get<{ data: Job }>(`/jobs/${id}`)
      expect(running.body.data.status).toBe('running')
      expect(typeof running.body.data.output).toBe('string')
      const cancelled = await api.del<{ data: Job }>(`/jobs/${id}`)
      expect(cancelled.body.data.status).toBe('cancelled')
      expect(cancelled.body.data.output?.startsWith(running.body.data.output ?? '')).toBe(true)
      const hosts = await api.get<{ data: Array<{ status: string }> }>('/hosts')
      expect(hosts.body.data.every((h) => h.status === 'online')).toBe(true)
    } finally {
      await sandbox.close()
    }
  })

  it('reports busy hosts while jobs run and the faults in force', async () => {
    const sandbox = await start({ islands: 2, faults: { latencyMs: 1 } })
    try {
      const api = client(sandbox)
      const job = await api.post<{ data: Job }>('/jobs', {
        workload: 'llm-chat',
        input: { prompt: 'busy [sandbox:hang]' },
      })
      await eventually(async () => {
        const hosts = await api.get<{ data: Array<{ status: string }> }>('/hosts')
        return hosts.body.data.filter((h) => h.status === 'busy').length === 1
      })
      await api.del(`/jobs/${job.body.data.id}`)
      const faults = await fetch(`${sandbox.url}/_sandbox/faults`)
      expect(((await faults.json()) as { data: unknown }).data).toEqual({ latencyMs: 1 })
      expect(sandbox.setFaults({ resetRate: 0.5 })).toEqual({ resetRate: 0.5 })
    } finally {
      await sandbox.close()
    }
  })
})
