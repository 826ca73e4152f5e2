// The README's first command, as a newcomer runs it: `npm run demo` installs, builds, starts
// the sandbox and the app's server and prints the URL; Ctrl-C stops it all. And the server
// behind it (scripts/demo.mjs, what npm run demo ends up running) on its own.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@archipelag/client'
import { startSandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoProcess, REPO, listeningPorts, startDemo } from './helpers/demo-process'

const DEMO_SCRIPT = join(REPO, 'scripts', 'demo.mjs')
let dir: string
const running: DemoProcess[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archipelag-demo-command-'))
})
afterAll(async () => {
  await Promise.all(running.map((demo) => demo.stop('SIGKILL')))
  await rm(dir, { recursive: true, force: true })
})

/** The demo's server as `npm run demo` runs it once everything is built. */
async function demoScript(args: string[], env?: Record<string, string>) {
  const demo = await startDemo({ command: process.execPath, args: [DEMO_SCRIPT, ...args], env })
  running.push(demo)
  return demo
}

const sandboxUrl = (demo: DemoProcess) =>
  /a local sandbox at (http:\/\/127\.0\.0\.1:\d+) /.exec(demo.output())?.[1] as string

const reachable = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  )

async function createJob(demo: DemoProcess, prompt: string): Promise<string> {
  const res = await fetch(`${demo.url}/api/archipelag/api/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workload: 'llm-chat', input: { prompt } }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { data: { id: string } }).data.id
}

async function jobStatus(demo: DemoProcess, id: string): Promise<string> {
  const res = await fetch(`${demo.url}/api/archipelag/api/v1/jobs/${id}`)
  return ((await res.json()) as { data: { status: string } }).data.status
}

describe('npm run demo', () => {
  it('installs, builds, starts the sandbox and the app server and prints the URL; the page and an API call work; Ctrl-C stops both', {
    timeout: 240_000,
  }, async () => {
    const db = join(dir, 'first.db')
    const demo = await startDemo({
      command: 'npm',
      args: ['run', 'demo', '--', '--port', '0', '--db', db],
      group: true,
      timeout: 200_000,
    })
    running.push(demo)
    const out = demo.output()
    expect(out).toContain('pnpm') // it installed (or checked) the dependencies…
    expect(out).toMatch(/archipelag-demo:build/) // …and built the demo
    const sandbox = sandboxUrl(demo)
    expect(sandbox).toBeDefined()

    const page = await fetch(demo.url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<div id="root"></div>')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string
    const js = await fetch(new URL(script, demo.url))
    expect(js.headers.get('content-type')).toMatch(/javascript/)
    const account = await fetch(`${demo.url}/api/archipelag/api/v1/account`)
    expect(account.status).toBe(200)
    expect(((await account.json()) as { data: { credits: number } }).data.credits).toBe(100)

    const exit = await demo.stop('SIGINT')
    // npm passes Ctrl-C on as its own exit; what matters is that the server stopped itself.
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true)
    expect(demo.output()).toMatch(/SIGINT: stopping…\nStopped\.\n/)
    expect(await reachable(demo.url)).toBe(false)
    expect(await reachable(`${sandbox}/_sandbox/health`)).toBe(false)
    expect(existsSync(db)).toBe(true)
    expect(existsSync(`${db}.lock`)).toBe(false)
  })

  it('keeps its history in the database across restarts, and stops on SIGTERM too', async () => {
    const db = join(dir, 'history.db')
    const first = await demoScript(['--port', '0', '--db', db, '--token-interval-ms', '1'])
    const id = await createJob(first, 'Remember me')
    await expect.poll(() => jobStatus(first, id), { timeout: 10_000 }).toBe('completed')
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(first.output()).toContain('SIGTERM: stopping…')

    const second = await demoScript(['--port', '0', '--db', db])
    expect(await jobStatus(second, id)).toBe('completed')
    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null })
  })

  it('a second demo on the same database is refused with a clear message', async () => {
    const db = join(dir, 'shared.db')
    const first = await demoScript(['--port', '0', '--db', db])
    await expect(demoScript(['--port', '0', '--db', db])).rejects.toThrow(
      /Another demo \(process \d+\) is using .*shared\.db\. Stop it first, or give this one its own database with --db <file>\./,
    )
    expect(await first.stop()).toEqual({ code: 0, signal: null })
  })

  it('starts its own sandbox by default: it listens on two ports, the app and the sandbox', async () => {
    const demo = await demoScript(['--port', '0', '--db', ':memory:'])
    const ports = await listeningPorts(demo.child.pid as number)
    expect(ports).toEqual(
      [Number(new URL(demo.url).port), Number(new URL(sandboxUrl(demo)).port)].sort(
        (a, b) => a - b,
      ),
    )
    expect(await demo.stop()).toEqual({ code: 0, signal: null })
  })

  it('with ARCHIPELAG_API_KEY and ARCHIPELAG_BASE_URL it uses that API and starts no sandbox', async () => {
    const external = await startSandbox({ db: ':memory:', tokenIntervalMs: 1, quiet: true })
    try {
      const db = join(dir, 'never.db')
      const demo = await demoScript(['--port', '0', '--db', db], {
        ARCHIPELAG_API_KEY: external.apiKey,
        ARCHIPELAG_BASE_URL: external.url,
      })
      expect(demo.output()).toContain(`talking to the API at ${external.url}`)
      expect(demo.output()).not.toContain(external.apiKey)
      // One listening port: the demo's own. No sandbox, no database.
      expect(await listeningPorts(demo.child.pid as number)).toEqual([
        Number(new URL(demo.url).port),
      ])
      expect(existsSync(db)).toBe(false)
      const info = await (await fetch(`${demo.url}/api/demo/info`)).json()
      expect(info).toMatchObject({ mode: 'api', apiHost: new URL(external.url).host })
      // A job made through the demo lands on the sandbox named by the environment.
      const id = await createJob(demo, 'Where do I run?')
      const owner = new Client({ apiKey: external.apiKey, baseUrl: external.url })
      expect((await owner.getJob(id)).input.prompt).toBe('Where do I run?')
      expect(await demo.stop()).toEqual({ code: 0, signal: null })
      expect(await reachable(`${external.url}/_sandbox/health`)).toBe(true) // not ours to stop
    } finally {
      await external.close()
    }
  })
})
