import { afterEach, describe, expect, it, vi } from 'vitest'
import { newIdempotencyKey } from '../src/transport/idempotency-key'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.restoreAllMocks()
})

describe('newIdempotencyKey', () => {
  it('is a v4 UUID, new each time', () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(UUID_V4)
    expect(newIdempotencyKey()).not.toBe(a)
  })

  it('falls back to getRandomValues where randomUUID is missing', () => {
    const real = globalThis.crypto
    vi.spyOn(globalThis, 'crypto', 'get').mockReturnValue({
      getRandomValues: (array: Uint8Array) => real.getRandomValues(array),
    } as unknown as Crypto)
    expect(newIdempotencyKey()).toMatch(UUID_V4)
  })
})
