import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, start } from './helpers.js'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await start({ rateLimit: { requestsPerSecond: 0.01, burst: 3 } })
})
afterAll(() => sandbox.close())

describe('rate limiting', () => {
  it('answers 429 rate_limited with Retry-After once the burst is spent, per key', async () => {
    const api = client(sandbox)
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 4; i++) {
      const res = await api.get<{ error?: { code: string } }>('/account')
      statuses.push(res.status)
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after')
        expect(res.body.error?.code).toBe('rate_limited')
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    const { key } = await sandbox.createAccount()
    expect((await client(sandbox, key).get('/account')).status).toBe(200)
  })
})
