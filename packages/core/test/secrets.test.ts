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
