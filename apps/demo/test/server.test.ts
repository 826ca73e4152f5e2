// The demo's server in process: the proxy's routes, the API it adds, the app's files.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { Client } from '@archipelag/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'vite'
import { parseDemoArgs } from '../src/server/args'
import { type DemoServer, startDemoServer } from '../src/server/demo-server'
import { demoApi } from '../src/server/vite-plugin'
import { APP_DIR, REPO } from './helpers/demo-process'
import { join } from 'node:path'

let demo: DemoServer

beforeAll(async () => {
  demo = await startDemoServer({
    appDir: join(APP_DIR, 'dist', 'app'),
    db: ':memory:',
    port: 0,
    env: {},
    sandbox: { tokenIntervalMs: 1 },
  })
})
afterAll(() => demo?.close())

const get = (path: string, init?: RequestInit) => fetch(new URL(path, demo.url), init)

describe('the demo server', () => {
  it('serves the app, and the app for any of its own routes (index.html, not cached)', async () => {
    for (const path of ['/', '/chat', '/jobs/job_123', '/no/such/page']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<div id="root"></div>')
    }
  })

  it('serves hashed assets for a year, and nothing outside the app', async () => {
    const html = await (await get('/')).text()
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string
    const asset = await get(script)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    for (const path of ['/../server/main.js', '/%2e%2e/server/main.js', '/..%2fserver%2fmain.js']) {
      const text = await (await get(path)).text()
      expect(text).not.toContain('startDemoServer')
    }
  })

  it('forwards the routes its pages use, with the server key, and refuses the rest', async () => {
    const page = new Client({ apiKey: null, baseUrl: `${demo.url}/api/archipelag` })
    expect((await page.getAccount()).credits).toBe(100)
    expect(Array.isArray(await page.listJobs())).toBe(true)
    expect(Array.isArray(await page.listApiKeys())).toBe(true)
    // Not for the page: hosts, market data; and no workload but chat and images.
    expect((await get('/api/archipelag/api/v1/hosts')).status).toBe(403)
    const large = await get('/api/archipelag/api/v1/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workload: 'llm-chat-large', input: { prompt: 'hi' } }),
    })
    expect(large.status).toBe(403)
  })

  it('answers unknown demo endpoints with a JSON 404, not the app', async () => {
    const res = await get('/api/nothing/here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { message: 'No such demo endpoint: /api/nothing/here', code: 'not_found' },
    })
  })

  it('tells the page where it runs and which key is its own, never the key', async () => {
    const res = await get('/api/demo/info')
    const text = await res.text()
    expect(text).not.toContain(demo.upstream.apiKey)
    const info = JSON.parse(text)
    const owner = new Client({ apiKey: demo.upstream.apiKey, baseUrl: demo.upstream.baseUrl })
    const keys = await owner.listApiKeys()
    expect(info).toEqual({
      mode: 'sandbox',
      apiHost: new URL(demo.upstream.baseUrl).host,
      serverKeyIds: keys.filter((k) => demo.upstream.apiKey.startsWith(k.prefix)).map((k) => k.id),
    })
    expect(info.serverKeyIds).toHaveLength(1)
  })

  it('refuses to delete its own key, however the id is written; other keys go', async () => {
    const { serverKeyIds } = await (await get('/api/demo/info')).json()
    const [own] = serverKeyIds as string[]
    const encoded = [...(own as string)].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
    for (const id of [own, encoded]) {
      const res = await get(`/api/archipelag/api/v1/api-keys/${id}`, { method: 'DELETE' })
      expect(res.status).toBe(403)
      expect((await res.json()).error.code).toBe('demo_key_protected')
    }
    const page = new Client({ apiKey: null, baseUrl: `${demo.url}/api/archipelag` })
    const { apiKey } = await page.createApiKey({ name: 'spare' })
    await page.deleteApiKey(apiKey.id)
    const left = (await page.listApiKeys()).map((k) => k.id)
    expect(left).toEqual([own])
  })
})

describe("Vite's dev server", () => {
  it('serves the sources with the same /api/archipelag, and stops its sandbox with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archipelag-demo-dev-'))
    const db = join(dir, 'dev.db')
    const vite = await createServer({
      root: APP_DIR,
      configFile: false,
      logLevel: 'silent',
      plugins: [demoApi({ db, env: {} })], // the sandbox, whatever this shell's ARCHIPELAG_*
      esbuild: { jsx: 'automatic' },
      // No dependency pre-bundling: nothing here runs the page, and it outlives close().
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { port: 0, host: '127.0.0.1' },
    })
    await vite.listen()
    try {
      const base = vite.resolvedUrls?.local[0] as string
      const html = await (await fetch(base)).text()
      expect(html).toContain('/src/app/main.tsx')
      const main = await fetch(new URL('/src/app/main.tsx', base))
      expect(main.headers.get('content-type')).toMatch(/javascript/)
      expect(await main.text()).toMatch(/baseUrl: "\/api\/archipelag"/)
      const page = new Client({ apiKey: null, baseUrl: new URL('/api/archipelag', base).href })
      expect((await page.getAccount()).credits).toBe(100)
      expect((await (await fetch(new URL('/api/demo/info', base))).json()).mode).toBe('sandbox')
      expect(existsSync(`${db}.lock`)).toBe(true)
      await vite.close()
      // The sandbox stopped with it: its database is released.
      expect(existsSync(`${db}.lock`)).toBe(false)
    } finally {
      await vite.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the command line', () => {
  it('reads its flags into sandbox options; the database defaults to .archipelag/ at the repository root', () => {
    const args = parseDemoArgs(
      ['--port', '0', '--token-interval-ms', '5', '--step-interval-ms', '7', '--credits', '3'],
      join(APP_DIR, 'dist', 'server'),
    )
    expect(args).toEqual({
      port: 0,
      host: undefined,
      db: join(REPO, '.archipelag', 'demo.db'),
      sandbox: { tokenIntervalMs: 5, stepIntervalMs: 7, credits: 3 },
    })
    expect(parseDemoArgs(['--db', ':memory:'], APP_DIR).db).toBe(':memory:')
  })

  it('names the flag at fault and shows the usage', () => {
    expect(() => parseDemoArgs(['--port', 'eighty'], APP_DIR)).toThrow(
      /--port must be a number ≥ 0 \(got "eighty"\)\nUsage: npm run demo -- \[options\]/,
    )
    expect(() => parseDemoArgs(['--colour', 'blue'], APP_DIR)).toThrow(
      /Unknown option '--colour'[\s\S]*Usage/,
    )
  })
})
