import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  APIError,
  ConnectionError,
  createTransport,
  InvalidResponseError,
  isArchipelagError,
} from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// The API key must never surface in an error: message, property, JSON or inspect output,
// even when a (debugging) proxy echoes the request headers back in its answer.
const KEY = 'ak_0123456789abcdefghijABCDEFGHIJ0123456789'
const SECRET = '0123456789abcdefghij'

let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Answers `status` with a JSON body that echoes the request headers (Authorization too). */
async function echoing(status: number, wrap: (headers: unknown) => unknown) {
  server = await startLocalServer((req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(wrap(req.headers)))
  })
  return createTransport({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 })
}

function everything(error: unknown): string {
  return [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify((error as { body?: unknown }).body),
  ].join('\n')
}

describe('the API key never appears in an error', () => {
  it('an error answer echoing the Authorization header', async () => {
    const api = await echoing(400, (headers) => ({ error: { message: 'bad', echo: headers } }))
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIError)
    expect(JSON.stringify((error as APIError).body)).toContain('ak_…redacted')
    expect(everything(error)).not.toContain(SECRET)
  })

  it('an error answer that is not JSON, echoing the header', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`upstream failed for ${req.headers.authorization}`)
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(isArchipelagError(error)).toBe(true)
    expect(everything(error)).not.toContain(SECRET)
  })

  it('a 2xx answer of the wrong shape echoing the header (InvalidResponseError)', async () => {
    const api = await echoing(200, (headers) => ({ data: { echo: headers } }))
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(everything(error)).not.toContain(SECRET)
  })

  it('a 2xx answer that is not JSON echoing the header', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<p>${req.headers.authorization}</p>`)
    })
    const api = createTransport({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(everything(error)).not.toContain(SECRET)
  })

  it('a connection error, with its cause chain', async () => {
    const api = createTransport({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', maxRetries: 0 })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).cause).toBeDefined()
    expect(everything(error)).not.toContain(SECRET)
  })

  it('the transport itself', () => {
    const api = createTransport({ apiKey: KEY })
    expect(inspect(api, { depth: 20, showHidden: true })).not.toContain(SECRET)
    expect(JSON.stringify(api)).not.toContain(SECRET)
  })
})

describe('the key is redacted by its exact value, in every encoding a server may echo', () => {
  // A key with `_` and `-`: the old pattern stopped at the second `_`.
  const LIVE = 'ak_live_SECRET-9f8e7d6c5b4a_3210zyx'
  const PART = 'SECRET-9f8e7d6c5b4a'
  const b64 = (text: string) => Buffer.from(text).toString('base64')
  const echoes: [string, (auth: string) => string][] = [
    ['plain', (auth) => `{"error": {"message": "denied for ${auth}"}}`],
    [
      'percent-encoded (Bearer%20ak_…)',
      (auth) => `{"error": "bad header ${encodeURIComponent(auth)}"}`,
    ],
    [
      'JSON-escaped after a newline',
      (auth) => JSON.stringify({ error: { message: `echo:\n${auth}` } }),
    ],
    [
      'JSON \\u-escaped',
      (auth) =>
        `{"error": "${[...auth].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`,
    ],
    [
      'base64 in JSON',
      (auth) =>
        JSON.stringify({ error: 'bad', trace: b64(`GET /account\r\nAuthorization: ${auth}\r\n`) }),
    ],
  ]

  for (const [name, body] of echoes) {
    for (const status of [401, 500, 200]) {
      it(`${name}, in a ${status} answer: not in message, stack, body, JSON or inspect`, async () => {
        server = await startLocalServer((req, res) => {
          res.writeHead(status, { 'content-type': 'application/json' })
          res.end(body(String(req.headers.authorization)))
        })
        const api = createTransport({ apiKey: LIVE, baseUrl: server.url, maxRetries: 0 })
        const error = (await api.account.get().catch((e: unknown) => e)) as Error
        expect(isArchipelagError(error)).toBe(true)
        const all = `${everything(error)}\n${error.stack}`
        expect(all).not.toContain(PART)
        expect(all).not.toContain(b64(LIVE).slice(4, 24))
      })
    }
  }

  it('in a streamed event that is malformed (the snippet)', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(
        `id: 1\ndata: {"type": "token", "content": 5, "echo": "${encodeURIComponent(String(req.headers.authorization))}"}\n\n`,
      )
    })
    const api = createTransport({ apiKey: LIVE, baseUrl: server.url, maxRetries: 0 })
    const error = await (async () => {
      for await (const _ of api.jobs.stream('job_1')) {
        // the first event is malformed
      }
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(`${everything(error)}\n${(error as Error).stack}`).not.toContain(PART)
  })
})

describe('the key never rides along in the cause of a connection error', () => {
  // A fetch wrapper (tracing, a corporate proxy's) may fail with an error that holds the
  // request or quotes its header: the SDK's ConnectionError keeps a cause, and `inspect`
  // and the stack show every level of it.
  const LIVE = 'ak_live_SECRET-9f8e7d6c5b4a_3210zyx'
  const PART = 'SECRET-9f8e7d6c5b4a'
  const auth = (request: Request) => String(request.headers.get('authorization'))
  const failures: [string, (request: Request) => never][] = [
    [
      'an error holding the Request',
      (request) => {
        throw Object.assign(new TypeError('fetch failed'), { request })
      },
    ],
    [
      'the header in the message',
      (request) => {
        throw new Error(`proxy refused ${auth(request)}`)
      },
    ],
    [
      'the header deep in the cause chain, percent-encoded',
      (request) => {
        throw new TypeError('fetch failed', {
          cause: new Error(`tls: ${encodeURIComponent(auth(request))}`),
        })
      },
    ],
    [
      'the header in a string field, base64-encoded',
      (request) => {
        throw Object.assign(new Error('fetch failed'), {
          trace: Buffer.from(auth(request)).toString('base64'),
        })
      },
    ],
  ]

  const leaks = (error: unknown) => {
    const all = `${everything(error)}\n${(error as Error).stack}`
    const b64 = Buffer.from(`Bearer ${LIVE}`).toString('base64')
    return all.includes(PART) || all.includes(b64.slice(12, 40))
  }

  it.each(failures)('%s: not in a request’s error nor a stream’s', async (_name, fail) => {
    const api = createTransport({
      apiKey: LIVE,
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      fetch: (async (input: Request) => fail(input)) as unknown as typeof fetch,
    })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).cause).toBeDefined() // still there to diagnose with, redacted
    expect(leaks(error)).toBe(false)
    const dropped = await (async () => {
      for await (const _ of api.jobs.stream('job_1')) {
        // never connects
      }
    })().catch((e: unknown) => e)
    expect(dropped).toBeInstanceOf(ConnectionError)
    expect(leaks(dropped)).toBe(false)
  })

  it('the cause keeps what diagnoses a refused connection (code, syscall, port)', async () => {
    const closed = await startLocalServer(() => {})
    await closed.close()
    const port = Number(new URL(closed.url).port)
    const api = createTransport({ apiKey: LIVE, baseUrl: closed.url, maxRetries: 0 })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    const cause = (error as Error).cause as Error & { cause?: unknown }
    expect(cause.message).toBe('fetch failed')
    expect(cause.cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', port })
  })
})
