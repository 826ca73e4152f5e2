import { getEventListeners } from 'node:events'
import { gzipSync } from 'node:zlib'
import { startSandbox } from '@archipelag/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ConnectionError,
  createTransport,
  InvalidResponseError,
  type StreamEvent,
  ValidationError,
} from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// Servers that misbehave on purpose: endless answers, answers bigger than any real one,
// streams cut after every event. The SDK must end each with a typed error, in bounded
// memory, leaving nothing behind.

let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const KEY = 'ak_test_key_123456'
const MiB = 1024 * 1024

describe('size limits (maxResponseBytes)', () => {
  it('an SSE line that never ends fails with InvalidResponseError, not a heap that grows', async () => {
    let sent = 0
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const chunk = `data: ${'x'.repeat(64 * 1024)}`
      const pump = () => {
        while (sent < 64 * MiB && res.write(chunk)) sent += chunk.length
        if (sent < 64 * MiB) res.once('drain', pump)
      }
      pump()
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url, maxResponseBytes: 2 * MiB })
    const error = await (async () => {
      for await (const _ of api.jobs.stream('job_1')) {
        // nothing ever completes
      }
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toMatch(/more than 2097152 bytes without ending an event/)
    expect(sent).toBeLessThan(16 * MiB) // stopped reading long before the server stopped
  })

  it('a JSON body over the limit fails at once when declared, and as soon as it passes it when not', async () => {
    const body = `{"data": {"id": "acc_1", "email": "${'a'.repeat(3 * MiB)}", "credits": 1}}`
    for (const declared of [true, false]) {
      server = await startLocalServer((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(declared ? { 'content-length': Buffer.byteLength(body) } : {}),
        })
        res.end(body)
      })
      const api = createTransport({
        apiKey: KEY,
        baseUrl: server.url,
        maxResponseBytes: MiB,
        maxRetries: 3,
      })
      const error = await api.account.get().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InvalidResponseError)
      expect(error).toMatchObject({ status: 200, code: 'response_too_large' })
      expect(server.requests).toHaveLength(1) // not retried: the same answer would come again
      await server.close()
      server = undefined
    }
  })

  it('the default fits the largest real answer: a 2048×2048 PNG as base64 in an image event', async () => {
    const image = 'A'.repeat(22 * MiB) // ≈ 16 MiB of RGBA bytes, base64-encoded
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`id: 1\ndata: {"type": "image", "image_data": "${image}", "format": "png"}\n\n`)
      res.end('id: 2\ndata: {"type": "done"}\n\n')
    })
    const events: StreamEvent[] = []
    for await (const event of createTransport({ apiKey: KEY, baseUrl: server.url }).jobs.stream(
      'job_1',
    )) {
      events.push(event)
    }
    expect(events.map((e) => e.type)).toEqual(['image', 'done'])
  })

  it('a gzip-encoded answer is limited by its decoded size, not by its content-length', async () => {
    // 3 MiB of JSON that gzip shrinks to a few KiB: the declared length says "small".
    const body = gzipSync(
      `{"data": {"id": "acc_1", "email": "${'a'.repeat(3 * MiB)}", "credits": 1}}`,
    )
    expect(body.length).toBeLessThan(MiB)
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': body.length,
      })
      res.end(body)
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url, maxResponseBytes: MiB })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(error).toMatchObject({ status: 200, code: 'response_too_large' })
  })

  it('comments between the data lines of an event that never ends do not reset the limit', async () => {
    let sent = 0
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      // One event whose data keeps growing, a keep-alive comment after every line.
      const chunk = `data: ${'x'.repeat(64 * 1024)}\n: keep-alive\n`
      const pump = () => {
        while (sent < 64 * MiB && res.write(chunk)) sent += chunk.length
        if (sent < 64 * MiB) res.once('drain', pump)
        else res.end()
      }
      pump()
    })
    const api = createTransport({
      apiKey: KEY,
      baseUrl: server.url,
      maxResponseBytes: 2 * MiB,
      maxRetries: 0,
    })
    const error = await (async () => {
      for await (const _ of api.jobs.stream('job_1')) {
        // the event never completes
      }
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toMatch(/more than 2097152 bytes without ending an event/)
    expect(sent).toBeLessThan(16 * MiB)
  })

  it('keep-alive comments between events never add up to the limit (a long quiet job)', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(': keep-alive\n\n'.repeat(500)) // 7 000 bytes, in a stream limited to 256
      res.end('id: 1\ndata: {"type": "done"}\n\n')
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url, maxResponseBytes: 256 })
    const events: StreamEvent[] = []
    for await (const event of api.jobs.stream('job_1')) events.push(event)
    expect(events.map((e) => e.type)).toEqual(['done'])
  })

  it('maxResponseBytes is checked like every option', () => {
    expect(() => createTransport({ apiKey: KEY, maxResponseBytes: -1 })).toThrow(ValidationError)
  })
})

describe('reconnects leave no listener behind', () => {
  it('a stream cut after every event resumes 30 times; the caller signal ends with no listener', async () => {
    const sandbox = await startSandbox({
      db: ':memory:',
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      tokenIntervalMs: 1,
      retryMs: 1,
    })
    try {
      const api = createTransport({
        apiKey: sandbox.apiKey,
        baseUrl: sandbox.url,
        retryDelay: { initialMs: 1, maxMs: 2 },
      })
      const job = await api.jobs.create({
        workload: 'llm-chat',
        input: { prompt: 'Count the islands', max_tokens: 25 },
      })
      sandbox.setFaults({ streamCutAfter: 1 })
      const controller = new AbortController()
      const counts: number[] = []
      let retries = 0
      const events: StreamEvent[] = []
      const stream = createTransport({
        apiKey: sandbox.apiKey,
        baseUrl: sandbox.url,
        retryDelay: { initialMs: 1, maxMs: 2 },
        maxRetries: 3,
        onRetry: () => {
          retries++
        },
      }).jobs.stream(job.id, { signal: controller.signal })
      for await (const event of stream) {
        events.push(event)
        counts.push(getEventListeners(controller.signal, 'abort').length)
      }
      expect(retries).toBeGreaterThan(25)
      expect(events.map((e) => Number(e.eventId))).toEqual(events.map((_, i) => i + 1))
      expect(Math.max(...counts)).toBe(1) // the stream's own, however many reconnects
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    } finally {
      await sandbox.close()
    }
  })
})

describe('error text a person can act on', () => {
  it('a refused connection names the URL it tried, and why', async () => {
    const closed = await startLocalServer(() => {})
    const url = closed.url
    await closed.close()
    const api = createTransport({ apiKey: KEY, baseUrl: url, maxRetries: 0 })
    const error = await api.jobs
      .create({ workload: 'llm-chat', input: { prompt: 'hi' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).message).toBe(
      `Connection failed: POST ${url}/api/v1/jobs: ECONNREFUSED`,
    )
    // A port fetch refuses to use says so, rather than a bare "fetch failed".
    const blocked = createTransport({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', maxRetries: 0 })
    const refused = await blocked.account.get().catch((e: unknown) => e)
    expect((refused as Error).message).toBe(
      'Connection failed: GET http://127.0.0.1:9/api/v1/account: bad port',
    )
  })

  it('a 422 names each field once', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          error: { message: "workload: unknown workload 'nope'", code: 'validation_error' },
          errors: { workload: ["unknown workload 'nope'"] },
        }),
      )
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url })
    const error = await api.jobs
      .create({ workload: 'nope', input: { prompt: 'hi' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as Error).message).toBe("[422] workload: unknown workload 'nope'")
    expect(error).toMatchObject({ field: 'workload' })
  })
})
