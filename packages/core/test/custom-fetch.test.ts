import { describe, expect, it } from 'vitest'
import { createTransport, InvalidResponseError } from '../src/index'

// A custom `fetch` is the caller's code (a tracing wrapper, a polyfill): when it breaks its
// contract the error says so, once — not "Cannot read properties of undefined", retried as
// if the network had failed.
describe('a custom fetch that does not give a Response', () => {
  it.each([
    ['undefined', undefined],
    ['a plain object', { ok: true, status: 200 }],
    ['a string', '{"data": {}}'],
  ])('resolving to %s fails once with InvalidResponseError naming fetch', async (_name, value) => {
    let calls = 0
    const api = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: 'http://127.0.0.1:9',
      retryDelay: { initialMs: 1, maxMs: 1 },
      fetch: (async () => {
        calls++
        return value
      }) as unknown as typeof fetch,
    })
    const error = await api.account.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toMatch(/fetch .*not a Response/)
    expect(calls).toBe(1)
  })
})
