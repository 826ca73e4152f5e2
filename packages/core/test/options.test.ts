import { describe, expect, it, vi } from 'vitest'
import { createTransport, ValidationError } from '../src/index'
import { ConnectionError, RateLimitError } from '../src/index'
import { sleep } from '../src/runtime/signals'
import { retryDelay } from '../src/transport/retry-policy'
import { normalizeBaseUrl } from '../src/transport/resolve-options'
import { startLocalServer } from './helpers/local-server'

describe('base URL', () => {
  it.each([
    ['https://api.archipelag.io', 'https://api.archipelag.io/api/v1'],
    ['https://api.archipelag.io/', 'https://api.archipelag.io/api/v1'],
    ['https://api.archipelag.io/api/v1', 'https://api.archipelag.io/api/v1'],
    ['https://api.archipelag.io/api/v1/', 'https://api.archipelag.io/api/v1'],
    ['http://127.0.0.1:8080//', 'http://127.0.0.1:8080/api/v1'],
    ['/api/archipelag', '/api/archipelag/api/v1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected)
  })

  it('sends to the path prefix of a proxy baseUrl, given as a string or a URL', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"data": {"id": "acc_1", "email": "a@b.c", "credits": 1}}')
    })
    try {
      await createTransport({ baseUrl: `${server.url}/gateway/archipelag/` }).account.get()
      await createTransport({ baseUrl: new URL('/gw/api/v1/', server.url) }).account.get()
    } finally {
      await server.close()
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      '/gateway/archipelag/api/v1/account',
      '/gw/api/v1/account',
    ])
    expect(server.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('rejects a baseUrl with a query string (paths could not follow it)', () => {
    expect(() => createTransport({ baseUrl: 'https://gw.example/archipelag?token=1' })).toThrow(
      'baseUrl must not have a query string or fragment',
    )
  })

  it('defaults to the public API', () => {
    expect(createTransport({ apiKey: 'ak_test_key_123456' }).baseUrl).toBe(
      'https://api.archipelag.io/api/v1',
    )
  })

  it('rejects nonsense options before any request', () => {
    expect(() => createTransport({ apiKey: 'ak_x', timeout: -1 })).toThrow(ValidationError)
    expect(() => createTransport({ apiKey: '' })).toThrow(/apiKey/)
  })
})

describe('retry delay', () => {
  const delays = { initialMs: 500, maxMs: 8000, maxRetryAfterMs: 60_000 }
  const dropped = new ConnectionError('reset')

  it('doubles from the initial delay up to the cap, with jitter between half and all', () => {
    expect(retryDelay(dropped, 0, delays, 500, 0)).toBe(250)
    expect(retryDelay(dropped, 0, delays, 500, 1)).toBe(500)
    expect(retryDelay(dropped, 3, delays, 500, 1)).toBe(4000)
    expect(retryDelay(dropped, 10, delays, 500, 1)).toBe(8000)
    expect(retryDelay(dropped, 10, delays, 500, 0)).toBe(4000)
  })

  it('waits what Retry-After says, and not at all beyond the cap', () => {
    const limited = (retryAfter: number) => new RateLimitError('slow', { status: 429, retryAfter })
    expect(retryDelay(limited(2), 0, delays)).toBe(2000)
    expect(retryDelay(limited(61), 0, delays)).toBeUndefined()
  })

  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController()
    const waiting = sleep(60_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
  })
})

describe('environment', () => {
  it('reads ARCHIPELAG_API_KEY and ARCHIPELAG_BASE_URL like the client does', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"data": {"id": "acc_1", "email": "a@b.c", "credits": 1}}')
    })
    vi.stubEnv('ARCHIPELAG_API_KEY', 'ak_fromTheEnvironment')
    vi.stubEnv('ARCHIPELAG_BASE_URL', server.url)
    try {
      const transport = createTransport()
      expect(transport.baseUrl).toBe(`${server.url}/api/v1`)
      await transport.account.get()
      // `apiKey: null` sends no key even when the environment has one (a key-adding proxy).
      await createTransport({ apiKey: null }).account.get()
    } finally {
      vi.unstubAllEnvs()
      await server.close()
    }
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ak_fromTheEnvironment')
    expect(server.requests[1]?.headers.authorization).toBeUndefined()
  })

  it('an explicit option wins over the environment', () => {
    vi.stubEnv('ARCHIPELAG_BASE_URL', 'http://127.0.0.1:1')
    try {
      const transport = createTransport({ apiKey: 'ak_x', baseUrl: 'https://gw.example' })
      expect(transport.baseUrl).toBe('https://gw.example/api/v1')
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('without a key anywhere, names both ways to give one', () => {
    vi.stubEnv('ARCHIPELAG_API_KEY', '')
    try {
      expect(() => createTransport()).toThrow(
        /pass createTransport\(\{ apiKey \}\) or set ARCHIPELAG_API_KEY/,
      )
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
