import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  APIError,
  type ArchipelagError,
  AuthenticationError,
  Client,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  InvalidResponseError,
  JobCancelledError,
  JobFailedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  isArchipelagError,
} from '../src/index'
import { clientFor, listen } from './helpers/sandbox'

let sandbox: Sandbox
let client: Client

beforeAll(async () => {
  sandbox = await listen()
  client = clientFor(sandbox, { maxRetries: 0 })
})
afterEach(() => {
  sandbox.setFaults({})
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

/** Runs `fn`, expects it to throw an ArchipelagError of `cls`, checks the common fields. */
async function expectError<E extends ArchipelagError>(
  cls: abstract new (...args: never[]) => E,
  fn: () => Promise<unknown>,
): Promise<E> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(cls)
  expect(isArchipelagError(error)).toBe(true)
  const text = `${(error as Error).message} ${JSON.stringify(error)}`
  expect(text).not.toContain(sandbox.apiKey)
  return error as E
}

describe('every error class', () => {
  it('AuthenticationError (401) with the request id', async () => {
    const bad = clientFor(sandbox, { apiKey: `ak_${'x'.repeat(40)}` })
    const error = await expectError(AuthenticationError, () => bad.getAccount())
    expect(error.status).toBe(401)
    expect(error.requestId).toMatch(/^req_/)
    expect(error.message).not.toContain('x'.repeat(40))
  })

  it('InsufficientCreditsError (402) with required and available', async () => {
    const broke = await sandbox.createAccount({ credits: 0 })
    const c = clientFor(sandbox, { apiKey: broke.key })
    const error = await expectError(InsufficientCreditsError, () => c.chat('hi'))
    expect(error.status).toBe(402)
    expect(error.required).toBe(0.01)
    expect(error.available).toBe(0)
  })

  it('PermissionDeniedError (403) for a key without the scope', async () => {
    const [, readOnly] = await client.createApiKey({ name: 'ro', scopes: ['jobs:read'] })
    const c = clientFor(sandbox, { apiKey: readOnly })
    await expectError(PermissionDeniedError, () => c.createJob('llm-chat', { prompt: 'no' }))
  })

  it('NotFoundError (404), also for another account’s job', async () => {
    await expectError(NotFoundError, () => client.getJob('job_missing'))
    const other = await sandbox.createAccount({ credits: 1 })
    const c = clientFor(sandbox, { apiKey: other.key })
    const theirs = await c.createJob('llm-chat', { prompt: 'mine' })
    await expectError(NotFoundError, () => client.getJob(theirs.id))
    await expectError(NotFoundError, () => client.waitForJob(theirs.id))
  })

  it('ConflictError (409) when an idempotency key is reused with another body', async () => {
    const key = crypto.randomUUID()
    const a = await client.createJob('llm-chat', { prompt: 'one' }, { idempotencyKey: key })
    const again = await client.createJob('llm-chat', { prompt: 'one' }, { idempotencyKey: key })
    expect(again.id).toBe(a.id)
    await expectError(ConflictError, () =>
      client.createJob('llm-chat', { prompt: 'two' }, { idempotencyKey: key }),
    )
  })

  it('ValidationError: client-side (no status) and server-side 422 naming the field', async () => {
    const local = await expectError(ValidationError, () => client.chat('x', { temperature: 3 }))
    expect(local.status).toBeUndefined()
    expect(local.field).toBe('input.temperature')
    const remote = await expectError(ValidationError, () =>
      client.createJob('whisper', { prompt: 'disabled workload' }),
    )
    expect(remote.status).toBe(422)
    expect(remote.field).toBe('workload')
  })

  it('RateLimitError (429) with retryAfter', async () => {
    sandbox.setFaults({ rateLimitBurst: 1 })
    const error = await expectError(RateLimitError, () => client.listWorkloads())
    expect(error.retryAfter).toBe(1)
  })

  it('ServerError (5xx)', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [503] })
    const error = await expectError(ServerError, () => client.getAccount())
    expect(error.status).toBe(503)
  })

  it('retries get past transient faults by default', async () => {
    sandbox.setFaults({ rateLimitBurst: 1 })
    const patient = clientFor(sandbox)
    expect((await patient.listWorkloads()).length).toBeGreaterThan(0)
  })

  it('APIError for other statuses (413)', async () => {
    const huge = 'x'.repeat(11 * 1024 * 1024)
    const error = await expectError(APIError, () => client.createJob('llm-chat', { prompt: huge }))
    expect(error.status).toBe(413)
  })

  it('ConnectionError when nothing listens', async () => {
    // A port that was free a moment ago and has nothing listening now.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise((resolve) => probe.close(resolve))
    const c = new Client({
      apiKey: sandbox.apiKey,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    })
    await expectError(ConnectionError, () => c.getAccount())
  })

  it('TimeoutError for a slow request and for a job wait', async () => {
    sandbox.setFaults({ latencyMs: 400 })
    const c = clientFor(sandbox, { timeout: 50, maxRetries: 0 })
    await expectError(TimeoutError, () => c.getAccount())
    sandbox.setFaults({})
    // Let the abandoned request finish on the server before the sandbox may close.
    await new Promise((resolve) => setTimeout(resolve, 450))
    const job = await client.createJob('llm-chat', { prompt: '[sandbox:hang]' })
    const error = await expectError(TimeoutError, () => client.waitForJob(job.id, { timeout: 100 }))
    expect(error.jobId).toBe(job.id)
    await client.cancelJob(job.id)
  })

  it('JobFailedError and JobCancelledError', async () => {
    await expectError(JobFailedError, () => client.chat('[sandbox:fail]'))
    const stream = client.chatStream('[sandbox:hang]')
    await stream.start()
    void stream.abort()
    await expectError(JobCancelledError, () => stream.finalResult())
  })

  it('InvalidResponseError when a 2xx body is not the API’s JSON', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><body>Welcome to nginx</body></html>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const c = new Client({ apiKey: sandbox.apiKey, baseUrl: `http://127.0.0.1:${port}` })
      await expectError(InvalidResponseError, () => c.getAccount())
    } finally {
      server.close()
    }
  })
})

describe('construction and lifecycle errors', () => {
  it('a missing key is a clear error at construction', () => {
    const saved = process.env.ARCHIPELAG_API_KEY
    delete process.env.ARCHIPELAG_API_KEY
    try {
      expect(() => new Client()).toThrow(/ARCHIPELAG_API_KEY/)
      expect(() => new Client({ apiKey: null, baseUrl: 'http://127.0.0.1:1' })).not.toThrow()
    } finally {
      if (saved !== undefined) process.env.ARCHIPELAG_API_KEY = saved
    }
  })

  it('reads ARCHIPELAG_API_KEY and ARCHIPELAG_BASE_URL', async () => {
    const saved = { key: process.env.ARCHIPELAG_API_KEY, url: process.env.ARCHIPELAG_BASE_URL }
    process.env.ARCHIPELAG_API_KEY = sandbox.apiKey
    process.env.ARCHIPELAG_BASE_URL = sandbox.url
    try {
      const c = new Client()
      expect((await c.getAccount()).id).toMatch(/^acc_/)
    } finally {
      for (const [name, value] of [
        ['ARCHIPELAG_API_KEY', saved.key],
        ['ARCHIPELAG_BASE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it('rejects bad client options, with the transport’s rules (one meaning per option)', () => {
    expect(() => new Client({ apiKey: 'ak_x', timeout: -1 })).toThrow(ValidationError)
    expect(() => new Client({ apiKey: 'ak_x', maxRetries: -1 })).toThrow(ValidationError)
    // 0 is "no limit", as core documents it (the client used to refuse it).
    expect(() => new Client({ apiKey: 'ak_x', timeout: 0 })).not.toThrow()
  })
})
