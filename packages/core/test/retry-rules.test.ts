import { afterEach, describe, expect, it } from 'vitest'
import {
  ConflictError,
  createTransport,
  RateLimitError,
  ServerError,
  TimeoutError,
  type RetryInfo,
} from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// The retry rules of the transport, each against a real node:http server on 127.0.0.1.
let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const ACCOUNT = '{"data": {"id": "acc_1", "email": "a@b.c", "credits": 1}}'

/** Answers request number i with `answers[i]` (the last one repeats). */
async function answering(answers: { status: number; body: string; headers?: object }[]) {
  server = await startLocalServer((_req, res, i) => {
    const answer = answers[Math.min(i, answers.length - 1)] as (typeof answers)[number]
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    res.end(answer.body)
  })
  const retries: RetryInfo[] = []
  const api = createTransport({
    apiKey: 'ak_test_key_123456',
    baseUrl: server.url,
    retryDelay: { initialMs: 1, maxMs: 5 },
    onRetry: (info) => retries.push(info),
  })
  return { api, retries, server }
}

const conflict = (code: string) => ({
  status: 409,
  body: JSON.stringify({ error: { message: 'Conflict', code } }),
})

describe('retry rules', () => {
  it('a 409 that is not an idempotency conflict is retried', async () => {
    const { api, retries } = await answering([
      conflict('resource_busy'),
      { status: 200, body: ACCOUNT },
    ])
    await expect(api.account.get()).resolves.toMatchObject({ id: 'acc_1' })
    expect(retries.map((r) => r.error)).toEqual([expect.any(ConflictError)])
  })

  it('a 409 idempotency conflict is not retried, even on a GET', async () => {
    const { api, retries, server } = await answering([conflict('idempotency_conflict')])
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 409, code: 'idempotency_conflict' })
    expect(retries).toEqual([])
    expect(server.requests).toHaveLength(1)
  })

  it('honours Retry-After given as an HTTP date', async () => {
    const { api, retries } = await answering([
      {
        status: 503,
        body: '{"error": {"message": "busy"}}',
        // HTTP dates have one-second resolution: 3 s ahead is 2–3 s away.
        headers: { 'retry-after': new Date(Date.now() + 3_000).toUTCString() },
      },
      { status: 200, body: ACCOUNT },
    ])
    await expect(api.account.get()).resolves.toMatchObject({ id: 'acc_1' })
    expect(retries).toHaveLength(1)
    expect(retries[0]?.delayMs).toBeGreaterThan(1_000)
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(3_000)
    expect(retries[0]?.error).toBeInstanceOf(ServerError)
  })

  it('a 429 HTTP date sets retryAfter in seconds', async () => {
    const { api } = await answering([
      {
        status: 429,
        body: '{"error": {"message": "slow down"}}',
        headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() },
      },
    ])
    // Beyond the 60 s cap: thrown at once, with the wait the server asked for.
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(100)
    expect(Number.isInteger((error as RateLimitError).retryAfter)).toBe(true)
    expect((error as Error).message).toMatch(/^\[429\] slow down \(retry after \d+s\)$/)
  })

  it('maxRetries: 0 (transport or per call) makes exactly one attempt', async () => {
    const { server } = await answering([{ status: 500, body: '{}' }])
    const api = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      maxRetries: 0,
    })
    await expect(api.account.get()).rejects.toBeInstanceOf(ServerError)
    expect(server.requests).toHaveLength(1)
    const retrying = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    await expect(retrying.account.get({ maxRetries: 0 })).rejects.toBeInstanceOf(ServerError)
    expect(server.requests).toHaveLength(2)
  })

  it('the timeout covers reading the body, not only the headers', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"data": {"id": "acc_1",') // …and never the rest
    })
    const api = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      timeout: 100,
      maxRetries: 1,
      retryDelay: { initialMs: 1 },
    })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe('Request timed out after 100 ms: GET /account')
    expect(server.requests).toHaveLength(2)
  })

  it('a per-call timeout overrides the transport’s', async () => {
    server = await startLocalServer(() => {})
    const api = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const error = await api.jobs.get('job_1', { timeout: 50, maxRetries: 0 }).catch((e) => e)
    expect(error).toBeInstanceOf(TimeoutError)
  })
})
