import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, parseSse, start } from './helpers.js'

const cli = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'cli.js')
const dir = mkdtempSync(join(tmpdir(), 'archipelag-sandbox-'))
const db = join(dir, 'sandbox.db')
const children: ChildProcess[] = []

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

interface Running {
  child: ChildProcess
  url: string
  key: string
  exited: Promise<number | null>
}

function runCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, '--port', '0', '--db', db, '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /^Archipelag sandbox listening on (http:\/\/\S+)$/m.exec(out)?.[1]
      const key = /^API key: (ak_\S+)$/m.exec(out)?.[1]
      if (url && key) resolve({ child, url, key, exited })
    })
    child.once('exit', (code) =>
      reject(new Error(`CLI exited (${code}) before it was ready: ${err}`)),
    )
  })
}

async function call<T>(r: Running, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${r.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${r.key}`, 'content-type': 'application/json' },
  })
  return (await res.json()) as T
}

type Job = { id: string; status: string; error?: string; usage?: { credits_used: number } }

describe('restart recovery (file database, CLI process)', () => {
  it('fails the job that was running when the process died, refunds it, and re-queues queued jobs', async () => {
    const first = await runCli(['--islands', '1', '--token-interval-ms', '200'])
    const running = await call<{ data: Job }>(first, '/jobs', {
      method: 'POST',
      body: JSON.stringify({ workload: 'llm-chat', input: { prompt: 'a long story' } }),
    })
    const queued = await call<{ data: Job }>(first, '/jobs', {
      method: 'POST',
      body: JSON.stringify({
        workload: 'llm-chat',
        input: { prompt: 'next in line', max_tokens: 3 },
      }),
    })
    for (;;) {
      const job = await call<{ data: Job }>(first, `/jobs/${running.data.id}`)
      if (job.data.status === 'running') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect((await call<{ data: Job }>(first, `/jobs/${queued.data.id}`)).data.status).toBe('queued')
    first.child.kill('SIGKILL')
    await first.exited

    const second = await runCli(['--islands', '1', '--token-interval-ms', '1'])
    expect(second.key).toBe(first.key)
    const failed = await call<{ data: Job }>(second, `/jobs/${running.data.id}`)
    expect(failed.data.status).toBe('failed')
    expect(failed.data.error).toBe('Interrupted: the sandbox stopped while this job was running')
    expect(failed.data.usage?.credits_used).toBe(0)
    const res = await fetch(`${second.url}/api/v1/jobs/${running.data.id}/stream`, {
      headers: { authorization: `Bearer ${second.key}` },
    })
    const events = parseSse(await res.text()).events.map(
      (e) => JSON.parse(e.data) as Record<string, unknown>,
    )
    expect(events.slice(-2)).toEqual([
      { type: 'status', status: 'failed' },
      { type: 'error', error: 'Interrupted: the sandbox stopped while this job was running' },
    ])
    let next: Job = queued.data
    for (let i = 0; i < 200 && next.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      next = (await call<{ data: Job }>(second, `/jobs/${queued.data.id}`)).data
    }
    expect(next.status).toBe('completed')
    const account = await call<{ data: { credits: number } }>(second, '/account')
    expect(account.data.credits).toBe(99.99)

    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('ends open streams and exits 0 on %s', async (signal) => {
    const r = await runCli(['--token-interval-ms', '50'])
    const job = await call<{ data: Job }>(r, '/jobs', {
      method: 'POST',
      body: JSON.stringify({ workload: 'llm-chat', input: { prompt: 'hold on [sandbox:hang]' } }),
    })
    const res = await fetch(`${r.url}/api/v1/jobs/${job.data.id}/stream`, {
      headers: { authorization: `Bearer ${r.key}` },
    })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    r.child.kill(signal)
    let text = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    expect(await r.exited).toBe(0)
    const statuses = parseSse(text).events.map(
      (e) => (JSON.parse(e.data) as { status?: string }).status,
    )
    expect(statuses).toContain('failed')
  })

  it('rejects an unknown flag and a bad number with exit code 1', async () => {
    for (const args of [['--nope'], ['--islands', 'many']]) {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      let err = ''
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString()
      })
      const code = await new Promise((resolve) => child.once('exit', resolve))
      expect(code).toBe(1)
      expect(err).toMatch(/nope|--islands/)
    }
  })

  it('prints help', async () => {
    const child = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(0)
    expect(out).toContain('--token-interval-ms')
    expect(out).toContain('--fault-stream-cut-after')
  })
})

describe('the seeded key across restarts (file database)', () => {
  const keyDb = join(dir, 'keys.db')

  async function deleteOwnKey(sandbox: Sandbox): Promise<void> {
    const api = client(sandbox)
    const keys = await api.get<{ data: Array<{ id: string; prefix: string }> }>('/api-keys')
    const own = keys.body.data.find((k) => sandbox.apiKey.startsWith(k.prefix))
    expect((await api.del(`/api-keys/${own?.id}`)).status).toBe(200)
    expect((await api.get('/account')).status).toBe(401)
    await sandbox.close()
  }

  it('restores a fixed apiKey that was deleted, and replaces a deleted persisted key', async () => {
    const apiKey = 'ak_fixedForScripts01'
    const first = await start({ db: keyDb, apiKey })
    const account = (await client(first).get<{ data: { id: string } }>('/account')).body.data.id
    await deleteOwnKey(first)

    const again = await start({ db: keyDb, apiKey })
    expect(again.apiKey).toBe(apiKey)
    const restored = await client(again).get<{ data: { id: string } }>('/account')
    expect(restored.status).toBe(200)
    expect(restored.body.data.id).toBe(account)
    await deleteOwnKey(again)

    const fresh = await start({ db: keyDb })
    expect(fresh.apiKey).not.toBe(apiKey)
    const res = await client(fresh).get<{ data: { id: string } }>('/account')
    expect(res.status).toBe(200)
    expect(res.body.data.id).toBe(account)
    await fresh.close()

    const stable = await start({ db: keyDb })
    expect(stable.apiKey).toBe(fresh.apiKey)
    await stable.close()
  })
})
