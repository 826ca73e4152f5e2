import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Sandbox } from '@archipelag/sandbox'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, PermissionDeniedError } from '../src/index'
import { createProxyHandler } from '../src/proxy'
import { listen } from './helpers/sandbox'

let sandbox: Sandbox
let server: ReturnType<typeof serve>
let base: string

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
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/archipelag`
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
