// toNodeListener under attack, in a real server process (test/fixtures/proxy-server.ts):
// each hostile request must get a 4xx or a closed socket, and the process must live on and
// keep serving. Raw bytes go through node:net so nothing on our side tidies them up.
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type ProxyProcess,
  answered,
  rawExchange,
  startProxyProcess,
  trickle,
} from './helpers/proxy-process'
import { listen } from './helpers/sandbox'

const MiB = 1024 * 1024
let sandbox: Sandbox
let proxy: ProxyProcess

beforeAll(async () => {
  sandbox = await listen()
  proxy = await startProxyProcess({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    allowWorkloads: ['llm-chat'],
    authorizeHeader: 'x-session',
    maxBodyBytes: MiB,
    bodyTimeout: 500,
  })
})
afterAll(async () => {
  await proxy?.close()
  await sandbox?.close()
})
afterEach(async () => {
  // The process survived and still serves.
  expect(proxy.alive(), proxy.stderr()).toBe(true)
  const response = await fetch(`${proxy.origin}/api/v1/workloads`, {
    headers: { 'x-session': 'valid' },
  })
  expect(response.status).toBe(200)
  expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0)
})

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`
/** The head of a JSON upload to `path`, from a signed-in caller unless `session` says not. */
const post = (path: string, framing: string, session = 'valid') =>
  head([
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `x-session: ${session}`,
    'content-type: application/json',
    framing,
  ])

describe('toNodeListener in a server process, against hostile requests', () => {
  it('answers method TRACE with 405', async () => {
    const answer = await rawExchange(proxy.port, (s) => {
      s.write(head(['TRACE /api/v1/workloads HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close']))
    })
    expect(answer.status).toBe(405)
    expect(answer.text).toContain('method_not_allowed')
  })

  it.each(['[', 'a b', 'x:99999'])('answers Host: %s with 400', async (host) => {
    const answer = await rawExchange(proxy.port, (s) => {
      s.write(head(['GET /api/v1/workloads HTTP/1.1', `Host: ${host}`, 'Connection: close']))
    })
    expect(answer.status).toBe(400)
  })

  it('never lets the Host header choose the forwarded path', async () => {
    // Before: the URL was built as `http://${host}${path}`, and this reached the API as
    // GET /api/v1/models?/x, answering with the model list.
    const answer = await rawExchange(proxy.port, (s) => {
      s.write(
        head([
          'GET /x HTTP/1.1',
          `Host: 127.0.0.1:${proxy.port}/api/v1/models?`,
          'x-session: valid',
          'Connection: close',
        ]),
      )
    })
    expect(answer.status).toBe(400)
    expect(answer.text).not.toContain('"object":"model"')
  })

  it('lives on when a client aborts in the middle of an upload', async () => {
    for (const path of ['/api/v1/jobs', '/api/v1/api-keys']) {
      const answer = await rawExchange(proxy.port, async (s) => {
        s.write(post(path, 'content-length: 100000'))
        await trickle(s, `{"workload":"llm-chat","input":{"prompt":"${'x'.repeat(5000)}`, 1000, 20)
        s.destroy()
      })
      expect(answer.closed).toBe(true)
    }
  })

  it('refuses a forbidden upload from its headers, before a byte of the body is sent', async () => {
    const upload = (path: string, session: string) =>
      rawExchange(proxy.port, (s) => {
        s.write(post(path, `content-length: ${10 * MiB}`, session))
        // …and the body never comes: before, the adapter waited for all of it.
      })
    const unauthorized = await upload('/api/v1/jobs', 'nope')
    expect(unauthorized.status).toBe(401)
    const forbidden = await upload('/api/v1/api-keys', 'valid')
    expect(forbidden.status).toBe(403)
    // The answered connection is let go rather than held open for the missing body.
    expect(unauthorized.closed && forbidden.closed).toBe(true)
  })

  it('refuses 40 parallel 10 MiB uploads to a forbidden route without reading or holding them', async () => {
    await proxy.stats(true)
    const body = Buffer.alloc(10 * MiB, 'x')
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        rawExchange(proxy.port, (s) => {
          s.write(post('/api/v1/api-keys', `content-length: ${body.length}`))
          s.write(body)
        }),
      ),
    )
    const stats = await proxy.stats()
    for (const answer of answers) expect([403, undefined]).toContain(answer.status)
    expect(answers.filter((a) => a.status === 403).length).toBeGreaterThan(0)
    // Each answer started long before its 10 MiB arrived (before: after all of it)…
    expect(stats.bytesReadAtAnswer.length).toBe(40)
    expect(Math.max(...stats.bytesReadAtAnswer)).toBeLessThan(2 * MiB)
    // …and what was drained afterwards was thrown away: memory stayed flat (before, the
    // process grew by about 200 MB).
    expect(stats.peakArrayBuffers).toBeLessThan(96 * MiB)
  })

  it('answers 413 to a declared content-length over maxBodyBytes before reading the body', async () => {
    await proxy.stats(true)
    const body = `{"workload":"llm-chat","input":{"prompt":"${'x'.repeat(4 * MiB)}"}}`
    const answer = await rawExchange(
      proxy.port,
      (s) => {
        s.write(post('/api/v1/jobs', `content-length: ${body.length}`))
        s.write(body)
      },
      { until: answered },
    )
    expect(answer.status).toBe(413)
    expect(answer.text).toContain('payload_too_large')
    const [read] = (await proxy.stats()).bytesReadAtAnswer
    expect(read).toBeLessThan(MiB)
  })

  it('answers 413 once a body without content-length passes maxBodyBytes', async () => {
    await proxy.stats(true)
    const chunk = 'x'.repeat(256 * 1024)
    const answer = await rawExchange(proxy.port, (s) => {
      s.write(post('/api/v1/jobs', 'transfer-encoding: chunked'))
      for (let i = 0; i < 16; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
    })
    expect(answer.status).toBe(413)
    // Read up to the 1 MiB limit (and what was in flight), not the 4 MiB sent.
    const [read] = (await proxy.stats()).bytesReadAtAnswer
    expect(read).toBeGreaterThan(MiB)
    expect(read).toBeLessThan(3 * MiB)
  })

  it('gives up on a trickled body: 408, then the connection is closed', async () => {
    const body = `{"workload":"llm-chat","input":{"prompt":"${'x'.repeat(400)}"}}`
    const answer = await rawExchange(proxy.port, async (s) => {
      s.write(post('/api/v1/jobs', `content-length: ${body.length}`))
      await trickle(s, body, 1, 50) // 20 s at this pace; bodyTimeout is 500 ms
    })
    expect(answer.status).toBe(408)
    expect(answer.text).toContain('request_timeout')
    expect(answer.closed).toBe(true)
  })
})
