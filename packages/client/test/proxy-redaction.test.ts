// An upstream that echoes the server's key — in an SSE stream split across writes, base64
// in JSON, URL-encoded, JSON-escaped, in a header — must not hand it to the browser.
import { type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProxyHandler, toNodeListener } from '../src/proxy'

const KEY = 'ak_live_SECRET-key_with-dashes_0123456789'
const servers: Server[] = []
let proxyBase: string
/** Lets the hostile stream send its last event: the test calls it once the others arrived. */
let release: () => void = () => undefined
const released = new Promise<void>((resolve) => {
  release = resolve
})

const base64 = (text: string) => Buffer.from(text).toString('base64')
const jsonEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

/** Writes `text` in pieces of `size` bytes, each its own chunk on the wire. */
async function writeInPieces(res: ServerResponse, text: string, size: number) {
  for (let at = 0; at < text.length; at += size) {
    res.write(text.slice(at, at + size))
    await new Promise((r) => setTimeout(r, 2))
  }
}

async function hostileUpstream(
  req: { url?: string; headers: Record<string, unknown> },
  res: ServerResponse,
) {
  const key = String(req.headers.authorization).replace('Bearer ', '')
  res.setHeader('x-request-id', `req_${key}`)
  if (req.url?.endsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.flushHeaders()
    await writeInPieces(res, `id: 1\ndata: {"type":"token","content":"${key}"}\n\n`, 7)
    await writeInPieces(
      res,
      `id: 2\ndata: {"type":"token","content":"${encodeURIComponent(`Bearer ${key}`)}"}\n\n`,
      5,
    )
    await writeInPieces(res, `id: 3\ndata: {"type":"token","content":"${jsonEscaped(key)}"}\n\n`, 3)
    await released
    await writeInPieces(res, `id: 4\ndata: {"type":"done","note":"${base64(`x${key}y`)}"}\n\n`, 11)
    res.end()
    return
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  const body = JSON.stringify({
    data: [{ slug: 'echo', description: base64(`Bearer ${key}`), url: `https://x/?k=${key}` }],
    auth: Buffer.from(`user:${key}`).toString('base64url'),
  })
  await writeInPieces(res, body, 13)
  res.end()
}

/** Every string in a JSON value, and what it decodes to as base64 or URL-encoding. */
function readings(text: string): string[] {
  const out: string[] = [text]
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      out.push(
        v,
        Buffer.from(v, 'base64').toString('latin1'),
        Buffer.from(v, 'base64url').toString('latin1'),
      )
      try {
        out.push(decodeURIComponent(v))
      } catch {}
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x)
  }
  for (const part of text.split(/\n+/)) {
    try {
      walk(JSON.parse(part.replace(/^data: /, '')))
    } catch {}
  }
  return out
}

async function start(server: Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  const upstream = await start(createServer((req, res) => void hostileUpstream(req, res)))
  const handler = createProxyHandler({ apiKey: KEY, baseUrl: upstream })
  proxyBase = `${await start(createServer(toNodeListener(handler)))}/api/v1`
})
afterAll(() => {
  for (const s of servers) s.close()
})

describe('the proxy against an upstream that echoes its key', () => {
  it('redacts it from a JSON body, in every encoding, and from headers', async () => {
    const response = await fetch(`${proxyBase}/workloads`)
    const text = await response.text()
    expect(response.headers.get('x-request-id')).toBe('req_[redacted]')
    for (const reading of readings(text)) expect(reading).not.toContain(KEY)
    expect(JSON.parse(text).data[0].slug).toBe('echo')
  })

  it('redacts it from a Server-Sent Events stream split across chunks, live', async () => {
    const response = await fetch(`${proxyBase}/jobs/job_1/stream`)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    // The first three events come through whole before the upstream sends the last one.
    while (!/id: 3\n.*\n\n/.test(text)) {
      const r = await reader.read()
      if (r.done) throw new Error(`the stream ended early: ${text}`)
      text += decoder.decode(r.value)
    }
    release()
    for (let r = await reader.read(); !r.done; r = await reader.read())
      text += decoder.decode(r.value)
    expect(text.match(/^id: \d/gm)).toEqual(['id: 1', 'id: 2', 'id: 3', 'id: 4'])
    for (const reading of readings(text)) expect(reading).not.toContain(KEY)
    expect(text).toContain('data: {"type":"token","content":"[redacted]"}')
  })
})
