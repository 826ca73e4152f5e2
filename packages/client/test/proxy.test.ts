import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthenticationError, Client, PermissionDeniedError, type StreamEvent } from '../src/index'
import {
  type ProxyHandlerOptions,
  createProxyHandler,
  defaultProxyRoutes,
  toNodeListener,
} from '../src/proxy'
import { listen } from './helpers/sandbox'

let sandbox: Sandbox
const servers: Server[] = []
/** Every response body and header the proxies sent, to check the key never leaks. */
const seen: string[] = []

async function mount(options: Omit<ProxyHandlerOptions, 'apiKey' | 'baseUrl'>): Promise<string> {
  const handler = createProxyHandler({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, ...options })
  const recording = async (request: Request) => {
    const response = await handler(request)
    seen.push(JSON.stringify([...response.headers]))
    if (!response.body) return response
    const [mine, theirs] = response.body.tee()
    void new Response(mine)
      .text()
      .then((t) => seen.push(t))
      .catch(() => undefined)
    return new Response(theirs, response)
  }
  const server = createServer(toNodeListener(recording))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}/api/archipelag`
}

beforeAll(async () => {
  sandbox = await listen({ tokenIntervalMs: 20 })
})
afterAll(async () => {
  for (const s of servers) s.close()
  await sandbox?.close()
  const all = seen.join('\n')
  expect(all.length).toBeGreaterThan(0)
  expect(all).not.toContain(sandbox.apiKey)
})

describe('createProxyHandler in a node:http server', () => {
  it('lets a key-less client chat and stream, with the caller’s own Authorization stripped', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const client = new Client({
      apiKey: null,
      baseUrl: base,
      headers: { authorization: 'Bearer ak_callers_own_key_that_must_not_pass' },
    })
    const result = await client.chat('Through the proxy')
    expect(result.content.length).toBeGreaterThan(0)
    const events: StreamEvent[] = []
    for await (const e of client.chatStream('Through the proxy')) events.push(e)
    expect(events.map((e) => (e.type === 'token' ? e.content : '')).join('')).toBe(result.content)
    expect((await client.getJob(result.jobId)).status).toBe('completed')
  })

  it('streams SSE through as it arrives, not buffered to the end', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const client = new Client({ apiKey: null, baseUrl: base })
    const stream = client.chatStream('Unbuffered please', { maxTokens: 30 })
    const arrivals: number[] = []
    for await (const e of stream) if (e.type === 'token') arrivals.push(Date.now())
    // 30 tokens 20 ms apart: if the proxy buffered, they would all arrive together.
    expect((arrivals.at(-1) as number) - (arrivals[0] as number)).toBeGreaterThan(300)
  })

  it('aborting through the proxy cancels the job upstream', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const client = new Client({ apiKey: null, baseUrl: base })
    const stream = client.chatStream('[sandbox:hang] via proxy')
    for await (const e of stream) if (e.type === 'status' && e.status === 'running') break
    const direct = new Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
    expect((await direct.getJob(stream.jobId as string)).status).toBe('cancelled')
  })

  it('denies a workload not on the allow-list with 403', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const client = new Client({ apiKey: null, baseUrl: base })
    await expect(client.generateImage('a cat')).rejects.toBeInstanceOf(PermissionDeniedError)
    await expect(client.chat('x', { workload: 'llm-chat-large' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    )
    const none = new Client({ apiKey: null, baseUrl: await mount({}) })
    await expect(none.chat('no workloads named')).rejects.toBeInstanceOf(PermissionDeniedError)
  })

  it('keeps account-level routes closed unless named', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const client = new Client({ apiKey: null, baseUrl: base })
    await expect(client.listApiKeys()).rejects.toBeInstanceOf(PermissionDeniedError)
    await expect(client.createApiKey({ name: 'steal' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    )
    await expect(client.getAccount()).rejects.toBeInstanceOf(PermissionDeniedError)
    await expect(client.listJobs()).rejects.toBeInstanceOf(PermissionDeniedError)
    expect((await client.listWorkloads()).length).toBeGreaterThan(0)

    const opened = new Client({
      apiKey: null,
      baseUrl: await mount({ allowPaths: [...defaultProxyRoutes, 'GET /account'] }),
    })
    expect((await opened.getAccount()).credits).toBeGreaterThan(0)
    await expect(opened.listApiKeys()).rejects.toBeInstanceOf(PermissionDeniedError)
  })

  it('authorize refusing a caller answers 401', async () => {
    const base = await mount({
      allowWorkloads: ['llm-chat'],
      authorize: (request) => request.headers.get('x-session') === 'valid',
    })
    const anonymous = new Client({ apiKey: null, baseUrl: base })
    await expect(anonymous.chat('hi')).rejects.toBeInstanceOf(AuthenticationError)
    const member = new Client({ apiKey: null, baseUrl: base, headers: { 'x-session': 'valid' } })
    expect((await member.chat('hi')).content.length).toBeGreaterThan(0)
  })

  it('refuses paths outside /api/v1 and path tricks', async () => {
    const base = await mount({ allowWorkloads: ['llm-chat'] })
    const origin = new URL(base).origin
    for (const path of [
      '/elsewhere',
      '/api/archipelag/api/v1/jobs/..%2Fapi-keys',
      '/api/archipelag/api/v1/api-keys',
    ]) {
      const response = await fetch(`${origin}${path}`)
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } })
    }
    // Empty segments: what reaches the API is exactly the route that was checked.
    const upstream: string[] = []
    const recorded = await mount({
      fetch: (input, init) => {
        upstream.push(new URL(String(input)).pathname)
        return fetch(input, init)
      },
    })
    const doubled = await fetch(`${recorded}/api/v1//workloads//llm-chat/`)
    expect(doubled.status).toBe(200)
    expect(await fetch(`${recorded}/api/v1/jobs//stream`)).toMatchObject({ status: 404 })
    expect(upstream).toEqual(['/api/v1/workloads/llm-chat', '/api/v1/jobs/stream'])
    const malformed = await fetch(`${base}/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(malformed.status).toBe(400)
  })

  it('answers 413 for a body over 10 MiB', async () => {
    const client = new Client({
      apiKey: null,
      baseUrl: await mount({ allowWorkloads: ['llm-chat'] }),
      maxRetries: 0,
    })
    const huge = 'x'.repeat(11 * 1024 * 1024)
    await expect(client.createJob('llm-chat', { prompt: huge })).rejects.toMatchObject({
      name: 'APIError',
      status: 413,
    })
  })

  it('works behind a body parser that already read the body (express.json())', async () => {
    const listener = toNodeListener(
      createProxyHandler({
        apiKey: sandbox.apiKey,
        baseUrl: sandbox.url,
        allowWorkloads: ['llm-chat'],
      }),
    )
    // What express.json() does: read the whole body, parse it, leave it on req.body.
    const server = createServer(async (req, res) => {
      let text = ''
      for await (const chunk of req) text += chunk
      if (text) Object.assign(req, { body: JSON.parse(text) })
      await listener(req, res)
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const client = new Client({ apiKey: null, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 })
    expect((await client.chat('Parsed first', { maxTokens: 4 })).content).toBeTruthy()
    await expect(client.createJob('sdxl', { prompt: 'x' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    )
  })

  it('stops reading a body at the limit, even an endless one', async () => {
    const handler = createProxyHandler({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.url,
      allowWorkloads: ['llm-chat'],
      maxBodyBytes: 1024 * 1024,
    })
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024
        controller.enqueue(new Uint8Array(64 * 1024).fill(32))
      },
    })
    const request = new Request('http://app.local/api/v1/jobs', {
      method: 'POST',
      body: endless,
      duplex: 'half',
    } as RequestInit)
    const response = await handler(request)
    expect(response.status).toBe(413)
    expect(sent).toBeLessThan(2 * 1024 * 1024)
    const declared = await handler(
      new Request('http://app.local/api/v1/jobs', {
        method: 'POST',
        headers: { 'content-length': String(2 * 1024 * 1024) },
        body: 'x',
      }),
    )
    expect(declared.status).toBe(413)
  })

  it('answers 502 when the API cannot be reached, without the key', async () => {
    const handler = createProxyHandler({ apiKey: sandbox.apiKey, baseUrl: 'http://127.0.0.1:9' })
    const response = await handler(new Request('http://app.local/api/v1/workloads'))
    expect(response.status).toBe(502)
    const text = await response.text()
    expect(text).toContain('bad_gateway')
    expect(text + JSON.stringify([...response.headers])).not.toContain(sandbox.apiKey)
    const client = new Client({
      apiKey: null,
      baseUrl: 'http://app.local',
      maxRetries: 0,
      fetch: (input, init) => handler(new Request(input, init)),
    })
    await expect(client.listWorkloads()).rejects.toMatchObject({ name: 'ServerError', status: 502 })
  })

  it('checks its options when created, naming the field', () => {
    const key = { apiKey: 'ak_test_key' }
    const bad: [Partial<ProxyHandlerOptions>, string][] = [
      [{ maxBodyBytes: 0 }, 'maxBodyBytes'],
      [{ maxBodyBytes: Number.NaN }, 'maxBodyBytes'],
      [{ bodyTimeout: -1 }, 'bodyTimeout'],
      [{ bodyTimeout: '5s' as unknown as number }, 'bodyTimeout'],
      [{ baseUrl: 'https://api.example/?x=1' }, 'baseUrl'],
      [{ apiKey: ' ' }, 'apiKey'],
    ]
    for (const [options, field] of bad) {
      expect(() => createProxyHandler({ ...key, ...options })).toThrow(
        expect.objectContaining({ name: 'ValidationError', field }),
      )
    }
    expect(() => createProxyHandler({ ...key, bodyTimeout: 0 })).not.toThrow()
  })

  it('takes a base URL with or without /api/v1', async () => {
    for (const baseUrl of [`${sandbox.url}/api/v1/`, `${sandbox.url}/`]) {
      const handler = createProxyHandler({ apiKey: sandbox.apiKey, baseUrl })
      const response = await handler(new Request('http://app.local/api/v1/workloads'))
      expect(response.status).toBe(200)
    }
  })

  it('refuses to run in a browser page, where its key would be readable', () => {
    const page = globalThis as { window?: unknown; document?: unknown }
    page.window = page
    page.document = {}
    try {
      expect(() => createProxyHandler({ apiKey: 'ak_test_key' })).toThrow(/runs on your server/)
    } finally {
      delete page.window
      delete page.document
    }
  })

  it('needs a server-side key', () => {
    const saved = process.env.ARCHIPELAG_API_KEY
    delete process.env.ARCHIPELAG_API_KEY
    try {
      expect(() => createProxyHandler({})).toThrow(/ARCHIPELAG_API_KEY/)
    } finally {
      if (saved !== undefined) process.env.ARCHIPELAG_API_KEY = saved
    }
  })
})
