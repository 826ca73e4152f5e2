import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Sandbox } from '@archipelag/sandbox'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, PermissionDeniedError } from '../src/index'
import { createProxyHandler } from '../src/proxy'
import { rawExchange, trickle } from './helpers/proxy-process'
import { listen } from './helpers/sandbox'

let sandbox: Sandbox
let server: ReturnType<typeof serve>
let base: string
let port: number

beforeAll(async () => {
  sandbox = await listen()
  // The README's Hono snippet, as written there.
  const proxy = createProxyHandler({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    allowWorkloads: ['llm-chat', 'sdxl'],
  })
  const app = new Hono()
  app.all('/api/archipelag/*', (c) => proxy(c.req.raw))
  const strict = createProxyHandler({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    allowWorkloads: ['llm-chat'],
    maxBodyBytes: 64 * 1024,
    bodyTimeout: 300,
  })
  app.all('/strict/*', (c) => strict(c.req.raw))
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}/api/archipelag`
})
afterAll(async () => {
  server?.close()
  await sandbox?.close()
})

describe('the proxy mounted in Hono', () => {
  it('chats, streams and generates images without a key; keys stay closed', async () => {
    const client = new Client({ apiKey: null, baseUrl: base })
    const { content } = await client.chat('via hono')
    let streamed = ''
    for await (const text of client.chatStream('via hono').textStream) streamed += text
    expect(streamed).toBe(content)
    const image = await client.generateImage('a harbour', { width: 256, height: 256, steps: 2 })
    expect(image.bytes().length).toBeGreaterThan(0)
    await expect(client.listApiKeys()).rejects.toBeInstanceOf(PermissionDeniedError)
  })
})

describe('the proxy in Hono, against hostile uploads', () => {
  const post = (path: string, headers: string[]) =>
    `${[`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'content-type: application/json', ...headers].join('\r\n')}\r\n\r\n`

  it('refuses a forbidden route from its headers, before the body is sent', async () => {
    const answer = await rawExchange(
      port,
      (s) =>
        s.write(post('/api/archipelag/api/v1/api-keys', [`content-length: ${10 * 1024 * 1024}`])),
      { until: (text) => text.includes('forbidden') },
    )
    expect(answer.status).toBe(403)
  })

  it('answers 413 past maxBodyBytes and 408 to a trickled body', async () => {
    const big = `{"workload":"llm-chat","input":{"prompt":"${'x'.repeat(200 * 1024)}"}}`
    const tooLarge = await rawExchange(
      port,
      (s) => {
        s.write(post('/strict/api/v1/jobs', ['transfer-encoding: chunked']))
        s.write(`${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`)
      },
      { until: (text) => text.includes('payload_too_large') },
    )
    expect(tooLarge.status).toBe(413)
    const body = '{"workload":"llm-chat","input":{"prompt":"slow"}}'
    const slow = await rawExchange(
      port,
      async (s) => {
        s.write(post('/strict/api/v1/jobs', [`content-length: ${body.length}`]))
        await trickle(s, body, 1, 50)
      },
      { until: (text) => text.includes('request_timeout') },
    )
    expect(slow.status).toBe(408)
  })

  it('keeps serving after a client aborts in the middle of an upload', async () => {
    await rawExchange(port, async (s) => {
      s.write(post('/api/archipelag/api/v1/jobs', ['content-length: 100000']))
      await trickle(s, '{"workload":"llm-chat","input":{"prompt":"', 10, 5)
      s.destroy()
    })
    const client = new Client({ apiKey: null, baseUrl: base })
    expect((await client.listWorkloads()).length).toBeGreaterThan(0)
  })
})
