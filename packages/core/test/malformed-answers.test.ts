import { afterEach, describe, expect, it } from 'vitest'
import {
  createTransport,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function answering(status: number, body: string, headers: Record<string, string> = {}) {
  server = await startLocalServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body)
  })
  return createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url, maxRetries: 0 })
}

const JOB = {
  id: 'job_1',
  workload_id: 1,
  status: 'queued',
  input: { prompt: 'hi' },
  created_at: '2026-01-01T00:00:00Z',
}

describe('malformed answers become typed errors with status and snippet', () => {
  it('an HTML 502 page from a proxy → ServerError with the page text', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(500)}</body></html>`
    const transport = await answering(502, page, { 'content-type': 'text/html' })
    const error = await transport.jobs.get('job_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServerError)
    expect(error).toMatchObject({ status: 502 })
    expect((error as Error).message).toContain('502 Bad Gateway')
    expect((error as Error).message.length).toBeLessThan(260)
  })

  it('an HTML page with a 200 status → InvalidResponseError', async () => {
    const transport = await answering(200, '<html><body>Login required</body></html>', {
      'content-type': 'text/html',
    })
    const error = await transport.jobs.get('job_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(error).toMatchObject({
      status: 200,
      snippet: '<html><body>Login required</body></html>',
    })
  })

  it('truncated JSON → InvalidResponseError with a ~200 character snippet', async () => {
    const full = JSON.stringify({ data: { ...JOB, output: 'y'.repeat(1000) } })
    const transport = await answering(200, full.slice(0, 600), { 'x-request-id': 'req_t' })
    const error = (await transport.jobs
      .get('job_1')
      .catch((e: unknown) => e)) as InvalidResponseError
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(error.requestId).toBe('req_t')
    expect(error.snippet.length).toBeLessThanOrEqual(201)
    expect(error.snippet.startsWith('{"data":{"id":"job_1"')).toBe(true)
  })

  it('data of the wrong type → InvalidResponseError naming the path', async () => {
    const transport = await answering(200, JSON.stringify({ data: { ...JOB, workload_id: 'one' } }))
    const error = await transport.jobs.get('job_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toContain('data.workload_id: expected number')
  })

  it('a list that is not a list → InvalidResponseError', async () => {
    const transport = await answering(200, JSON.stringify({ data: 'nope' }))
    const error = await transport.jobs.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
  })

  it('an empty 200 body where JSON is expected → InvalidResponseError', async () => {
    const transport = await answering(200, '')
    const error = await transport.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
  })

  it('a 204 to apiKeys.delete resolves to undefined (WIRE allows 200 or 204)', async () => {
    const transport = await answering(204, '')
    await expect(transport.apiKeys.delete('key_1')).resolves.toBeUndefined()
  })

  it('accepts an unwrapped body, nulls for absent fields, and keeps unknown fields', async () => {
    const transport = await answering(
      200,
      JSON.stringify({ ...JOB, output: null, started_at: null, queue_position: 3 }),
    )
    const job = await transport.jobs.get('job_1')
    expect(job).toEqual({
      id: 'job_1',
      workloadId: 1,
      status: 'queued',
      input: { prompt: 'hi' },
      createdAt: '2026-01-01T00:00:00Z',
      queuePosition: 3,
    })
  })
})

describe('an answer nested deeper than any real one', () => {
  // 20 000 levels of junk in an unknown field: 200 KB that once overflowed the key converter.
  const DEEP = `${'{"a_b":'.repeat(20_000)}1${'}'.repeat(20_000)}`

  it('a JSON body, a stream event and a chat completion chunk decode (no bare RangeError)', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url?.endsWith('/stream') || req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        const chunk = `{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "llm-chat", "choices": [{"index": 0, "delta": {"content": "hi"}}], "junk": ${DEEP}}`
        res.end(
          req.method === 'POST'
            ? `data: ${chunk}\n\ndata: [DONE]\n\n`
            : `id: 1\ndata: {"type": "done", "usage": {"credits_used": 1, "junk": ${DEEP}}}\n\n`,
        )
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`{"data": ${JSON.stringify(JOB).slice(0, -1)}, "junk": ${DEEP}}}`)
    })
    const api = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const job = await api.jobs.get('job_1')
    expect(job).toMatchObject({ id: 'job_1', workloadId: 1, createdAt: JOB.created_at })
    expect(job.junk).toBeTypeOf('object')
    const events = []
    for await (const event of api.jobs.stream('job_1')) events.push(event)
    expect(events).toMatchObject([{ type: 'done', usage: { creditsUsed: 1 } }])
    const chunks = []
    const completion = await api.chatCompletions.create({
      model: 'llm-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    for await (const chunk of completion) chunks.push(chunk)
    expect(chunks).toMatchObject([{ choices: [{ delta: { content: 'hi' } }] }])
  })
})

describe('retry policy details (against a local server)', () => {
  it('does not wait for a Retry-After beyond the cap', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3600' })
      res.end('{"error":{"message":"Slow down","code":"rate_limited"}}')
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const error = await transport.jobs.get('job_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfter).toBe(3600)
    expect(server.requests).toHaveLength(1)
  })

  it('times out an attempt that takes too long, retries it, then throws TimeoutError', async () => {
    server = await startLocalServer(() => {
      // never answers
    })
    const retries: number[] = []
    const attempts: number[] = []
    const transport = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      timeout: 50,
      maxRetries: 1,
      retryDelay: { initialMs: 1 },
      onRequest: (info) => attempts.push(info.attempt),
      onRetry: (info) => retries.push(info.attempt),
    })
    const error = await transport.jobs.get('job_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(retries).toEqual([1])
    expect(attempts).toEqual([0, 1])
  })

  it('the caller signal aborts at once, with its reason, without retrying', async () => {
    server = await startLocalServer(() => {})
    const attempts: number[] = []
    const transport = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      onRequest: (info) => attempts.push(info.attempt),
    })
    const error = await transport.jobs
      .get('job_1', { signal: AbortSignal.timeout(30) })
      .catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
    expect(error).not.toBeInstanceOf(TimeoutError) // the DOMException, not ours
    expect(attempts).toEqual([0])
  })
})
