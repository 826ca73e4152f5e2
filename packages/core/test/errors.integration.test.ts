import { inspect } from 'node:util'
import { type Sandbox, startSandbox } from '@archipelag/sandbox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  APIError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createTransport,
  InsufficientCreditsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type TransportOptions,
  ValidationError,
} from '../src/index'

// Every error class from a real sandbox answer, over HTTP on 127.0.0.1.
let sandbox: Sandbox
const seen: unknown[] = [] // every hook info and error, checked for the key at the end

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, db: ':memory:', tokenIntervalMs: 0 })
})
afterEach(() => {
  sandbox.setFaults({})
})
afterAll(async () => {
  const key = sandbox.apiKey
  for (const item of seen) {
    expect(JSON.stringify(item)).not.toContain(key)
    expect(inspect(item, { depth: 10, showHidden: true })).not.toContain(key)
  }
  expect(seen.length).toBeGreaterThan(20)
  await sandbox.close()
})

function api(options: TransportOptions = {}) {
  return createTransport({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    retryDelay: { initialMs: 10 },
    onRequest: (info) => seen.push(info),
    onResponse: (info) => seen.push(info),
    onRetry: (info) => seen.push(info),
    ...options,
  })
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e,
  )
  seen.push(error)
  return error as Error
}

const chat = { workload: 'llm-chat', input: { prompt: 'hello' } }

describe('each error class from a real answer', () => {
  it('401 AuthenticationError for an unknown key, with a request id', async () => {
    const error = await failure(api({ apiKey: 'ak_wrongwrongwrongwrong' }).account.get())
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' })
    expect((error as AuthenticationError).requestId).toMatch(/^req_/)
    expect(error.message).not.toContain('ak_wrongwrong')
  })

  it('402 InsufficientCreditsError with required and available', async () => {
    const { key } = await sandbox.createAccount({ credits: 0.01 })
    const poor = api({ apiKey: key })
    const error = await failure(poor.jobs.create({ workload: 'sdxl', input: { prompt: 'a cat' } }))
    expect(error).toBeInstanceOf(InsufficientCreditsError)
    expect(error).toMatchObject({ status: 402, required: 0.05, available: 0.01 })
    expect(error.message).toBe('[402] Insufficient credits: need 0.05, have 0.01')
  })

  it('403 PermissionDeniedError for a key without the scope', async () => {
    const { key } = await api().apiKeys.create({ name: 'read-only', scopes: ['jobs:read'] })
    const error = await failure(api({ apiKey: key }).account.get())
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect(error).toMatchObject({ status: 403, code: 'forbidden' })
  })

  it('404 NotFoundError, also for another account’s job', async () => {
    expect(await failure(api().jobs.get('job_doesnotexist'))).toBeInstanceOf(NotFoundError)
    const mine = await api().jobs.create(chat)
    const { key } = await sandbox.createAccount({ credits: 5 })
    const error = await failure(api({ apiKey: key }).jobs.get(mine.id))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error).toMatchObject({ status: 404, code: 'not_found' })
  })

  it('409 ConflictError for an idempotency key reused with another body (not retried)', async () => {
    const retries: number[] = []
    const client = api({ onRetry: (i) => retries.push(i.attempt) })
    const idempotencyKey = crypto.randomUUID()
    const first = await client.jobs.create(chat, { idempotencyKey })
    const again = await client.jobs.create(chat, { idempotencyKey })
    expect(again.id).toBe(first.id)
    const error = await failure(
      client.jobs.create({ workload: 'llm-chat', input: { prompt: 'other' } }, { idempotencyKey }),
    )
    expect(error).toBeInstanceOf(ConflictError)
    expect(error).toMatchObject({ status: 409, code: 'idempotency_conflict' })
    expect(retries).toEqual([])
  })

  it('422 ValidationError naming the field (a disabled workload)', async () => {
    const error = await failure(api().jobs.create({ workload: 'whisper', input: { audio: 'x' } }))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ status: 422, field: 'workload' })
    expect(error.message).toContain('workload')
  })

  it('APIError for another client error status (413 payload too large)', async () => {
    const error = await failure(
      api().jobs.create({ workload: 'llm-chat', input: { prompt: 'x'.repeat(11 * 1024 * 1024) } }),
    )
    expect(error).toBeInstanceOf(APIError)
    expect(error).toMatchObject({ status: 413 })
  })

  it('429 RateLimitError with retryAfter when retries are off, success when on', async () => {
    sandbox.setFaults({ rateLimitBurst: 1 })
    const error = await failure(api({ maxRetries: 0 }).account.get())
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error).toMatchObject({ status: 429, retryAfter: 1 })

    sandbox.setFaults({ rateLimitBurst: 2 })
    const delays: number[] = []
    const account = await api({ onRetry: (i) => delays.push(i.delayMs) }).account.get()
    expect(account.id).toMatch(/^acc_/)
    expect(delays).toEqual([1000, 1000]) // Retry-After honoured
  })

  it('5xx ServerError with its status once retries run out', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [502] })
    const attempts: number[] = []
    const error = await failure(api({ onRequest: (i) => attempts.push(i.attempt) }).account.get())
    expect(error).toBeInstanceOf(ServerError)
    expect(error).toMatchObject({ status: 502 })
    expect(attempts).toEqual([0, 1, 2]) // maxRetries 2 by default
  })

  it('jobs.create sends one Idempotency-Key per call, the same on every retry', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [503] })
    const keys: (string | undefined)[] = []
    const client = api({ onRequest: (i) => keys.push(i.headers['idempotency-key']) })
    await failure(client.jobs.create(chat))
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await failure(client.jobs.create(chat))
    expect(new Set(keys).size).toBe(2) // a new call, a new key
  })

  it('POST without an idempotency key is not retried (chat completions)', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [503] })
    const attempts: number[] = []
    const error = await failure(
      api({ onRequest: (i) => attempts.push(i.attempt) }).chatCompletions.create({
        model: 'llm-chat',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    )
    expect(error).toBeInstanceOf(ServerError)
    expect(attempts).toEqual([0])
  })

  it('TimeoutError when an attempt exceeds `timeout` (server latency)', async () => {
    sandbox.setFaults({ latencyMs: 400 })
    const error = await failure(api({ timeout: 100, maxRetries: 1 }).account.get())
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toContain('100 ms')
    await new Promise((resolve) => setTimeout(resolve, 500)) // let the slow handlers finish
  })

  it('a stream of a missing job throws NotFoundError without reconnecting', async () => {
    const attempts: number[] = []
    const stream = api({ onRequest: (i) => attempts.push(i.attempt) }).jobs.stream('job_missing')
    const error = await failure(
      (async () => {
        for await (const _event of stream) {
          // nothing arrives
        }
      })(),
    )
    expect(error).toBeInstanceOf(NotFoundError)
    expect(attempts).toEqual([0])
  })

  it('aborting during the wait between retries stops at once', async () => {
    sandbox.setFaults({ errorRate: 1 })
    const controller = new AbortController()
    const client = api({
      retryDelay: { initialMs: 60_000, maxMs: 60_000 },
      onRetry: () => controller.abort(new Error('caller gave up')),
    })
    const started = Date.now()
    const error = await failure(client.account.get({ signal: controller.signal }))
    expect(error.message).toBe('caller gave up')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('ConnectionError when nothing listens', async () => {
    const other = await startSandbox({ port: 0, db: ':memory:' })
    const url = other.url
    await other.close()
    const error = await failure(api({ baseUrl: url, maxRetries: 1 }).account.get())
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error.message).toMatch(/ECONNREFUSED|fetch failed/)
  })
})
