import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTransport, type RequestOptions, type Transport, ValidationError } from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// Every endpoint function passes its last argument ({ signal, timeout, maxRetries,
// idempotencyKey, headers }) through to the request.
let server: LocalServer
let api: Transport

beforeAll(async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end('{"error": {"message": "answers do not matter here"}}')
  })
  api = createTransport({
    apiKey: 'ak_test_key_123456',
    baseUrl: server.url,
    retryDelay: { initialMs: 1, maxMs: 1 },
  })
})
afterAll(() => server.close())

const input = { prompt: 'hi' }
const calls: [string, (t: Transport, o: RequestOptions) => Promise<unknown>][] = [
  ['jobs.create', (t, o) => t.jobs.create({ workload: 'llm-chat', input }, o)],
  ['jobs.list', (t, o) => t.jobs.list({ limit: 5 }, o)],
  ['jobs.get', (t, o) => t.jobs.get('job_1', o)],
  ['jobs.cancel', (t, o) => t.jobs.cancel('job_1', o)],
  ['jobs.output', (t, o) => t.jobs.output('job_1', o)],
  ['batches.submit', (t, o) => t.batches.submit({ workload: 'llm-chat', inputs: [input] }, o)],
  ['batches.status', (t, o) => t.batches.status('job_1', o)],
  ['workloads.list', (t, o) => t.workloads.list(o)],
  ['workloads.get', (t, o) => t.workloads.get('sdxl', o)],
  ['account.get', (t, o) => t.account.get(o)],
  ['apiKeys.list', (t, o) => t.apiKeys.list(o)],
  ['apiKeys.create', (t, o) => t.apiKeys.create({ name: 'k' }, o)],
  ['apiKeys.delete', (t, o) => t.apiKeys.delete('key_1', o)],
  [
    'chatCompletions.create',
    (t, o) =>
      t.chatCompletions.create(
        { model: 'llm-chat', messages: [{ role: 'user', content: 'hi' }] },
        o,
      ),
  ],
  [
    'chatCompletions.create (stream)',
    (t, o) =>
      t.chatCompletions.create(
        { model: 'llm-chat', messages: [{ role: 'user', content: 'hi' }], stream: true },
        o,
      ),
  ],
  ['hosts.list', (t, o) => t.hosts.list(o)],
  ['hosts.get', (t, o) => t.hosts.get('isl_1', o)],
  ['market.rates', (t, o) => t.market.rates(o)],
  ['market.rate', (t, o) => t.market.rate('sdxl', o)],
  ['market.history', (t, o) => t.market.history('sdxl', o)],
  ['models.list', (t, o) => t.models.list(o)],
  [
    'jobs.stream',
    async (t, o) => {
      for await (const _ of t.jobs.stream('job_1', o)) break
    },
  ],
]

describe('per-call options reach the request on every endpoint', () => {
  it.each(calls)('%s: headers, idempotencyKey and maxRetries', async (name, call) => {
    const before = server.requests.length
    await call(api, {
      headers: { 'X-Call': name },
      idempotencyKey: `key-${name}`,
      maxRetries: 1,
    }).catch(() => {})
    const sent = server.requests.slice(before)
    // maxRetries 1 → two attempts (a POST is retryable here: it carries an idempotency key).
    expect(sent).toHaveLength(2)
    for (const req of sent) {
      expect(req.headers['x-call']).toBe(name)
      if (!name.startsWith('jobs.stream'))
        expect(req.headers['idempotency-key']).toBe(`key-${name}`)
    }
  })

  it.each(calls)(
    '%s: an aborted signal rejects with its reason and sends nothing',
    async (_n, call) => {
      const before = server.requests.length
      const reason = new Error('caller gave up')
      const error = await call(api, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)
      expect(error).toBe(reason)
      expect(server.requests.length).toBe(before)
    },
  )
})

describe('per-call numbers are checked like the transport’s, before any request', () => {
  const nonsense: [string, RequestOptions][] = [
    ['maxRetries', { maxRetries: Number.NaN }], // once retried without end
    ['maxRetries', { maxRetries: -1 }],
    ['maxRetries', { maxRetries: '3' as unknown as number }],
    ['timeout', { timeout: -1 }], // once silently "no limit"
    ['timeout', { timeout: Number.NaN }],
  ]

  it.each(calls)('%s refuses nonsense timeout and maxRetries', async (_name, call) => {
    for (const [field, options] of nonsense) {
      const before = server.requests.length
      // (The signal only ends a call that would otherwise retry for ever.)
      const signal = AbortSignal.timeout(1000)
      const error = await call(api, { ...options, signal }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ field })
      expect(server.requests.length).toBe(before)
    }
  })

  it('jobs.stream refuses a nonsense idleTimeout the same way', () => {
    expect(() => api.jobs.stream('job_1', { idleTimeout: -5 })).toThrow(ValidationError)
    expect(() => api.jobs.stream('job_1', { maxRetries: Number.NaN })).toThrow(ValidationError)
  })
})
