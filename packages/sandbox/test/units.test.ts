import { describe, expect, it } from 'vitest'
import { mergeOutputs } from '../src/engine/batches.js'
import { planAnswer } from '../src/engine/llm.js'
import { JobQueue } from '../src/engine/queue.js'
import { Faults } from '../src/faults.js'
import { canonicalJson, requestHash } from '../src/idempotency.js'
import { resolveOptions } from '../src/options.js'
import { RateLimiter } from '../src/rate-limit.js'

describe('llm planner', () => {
  it('is deterministic and sized 12 to 48 tokens', () => {
    for (let i = 0; i < 50; i++) {
      const plan = planAnswer({ prompt: `prompt ${i}` })
      expect(plan).toEqual(planAnswer({ prompt: `prompt ${i}` }))
      expect(plan.tokens.length).toBeGreaterThanOrEqual(12)
      expect(plan.tokens.length).toBeLessThanOrEqual(48)
      expect(plan.finishReason).toBe('stop')
      expect(plan.tokens[0]?.startsWith(' ')).toBe(false)
      expect(plan.tokens.slice(1).every((t) => t.startsWith(' '))).toBe(true)
    }
  })

  it('[sandbox:tokens=N] asks for an answer of exactly N tokens (at most 100 000)', () => {
    expect(planAnswer({ prompt: 'long [sandbox:tokens=2000]' }).tokens).toHaveLength(2000)
    expect(planAnswer({ prompt: '[sandbox:tokens=1]' }).tokens).toHaveLength(1)
    expect(planAnswer({ prompt: '[sandbox:tokens=0]' }).tokens).toHaveLength(1)
    expect(planAnswer({ prompt: '[sandbox:tokens=999999]' }).tokens).toHaveLength(100_000)
    const cut = planAnswer({ prompt: '[sandbox:tokens=50]', max_tokens: 10 })
    expect(cut.tokens).toHaveLength(10)
    expect(cut.finishReason).toBe('length')
  })

  it('cuts at max_tokens with finish_reason length', () => {
    const plan = planAnswer({ prompt: 'hello', max_tokens: 3 })
    expect(plan.tokens).toHaveLength(3)
    expect(plan.finishReason).toBe('length')
    const roomy = planAnswer({ prompt: 'hello', max_tokens: 1000 })
    expect(roomy.finishReason).toBe('stop')
  })

  it('depends on the system prompt and temperature', () => {
    const base = planAnswer({ prompt: 'same' }).tokens.join('')
    expect(planAnswer({ prompt: 'same', system_prompt: 'x' }).tokens.join('')).not.toBe(base)
    expect(planAnswer({ prompt: 'same', temperature: 0.1 }).tokens.join('')).not.toBe(base)
  })
})

describe('idempotency fingerprint', () => {
  it('ignores key order but not values, method or path', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    )
    const h = requestHash('POST', '/api/v1/jobs', { a: 1, b: 2 })
    expect(requestHash('post', '/api/v1/jobs', { b: 2, a: 1 })).toBe(h)
    expect(requestHash('POST', '/api/v1/jobs', { a: 1, b: 3 })).not.toBe(h)
    expect(requestHash('POST', '/api/v1/jobs/batch', { a: 1, b: 2 })).not.toBe(h)
  })
})

describe('rate limiter', () => {
  it('refills at the configured rate, per key', () => {
    let now = 0
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 2 }, () => now)
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(limiter.take('b').ok).toBe(true)
    now = 500
    expect(limiter.take('a').ok).toBe(true)
    expect(limiter.take('a').ok).toBe(false)
  })

  it('is off with false', () => {
    const limiter = new RateLimiter(false)
    for (let i = 0; i < 10_000; i++) expect(limiter.take('a').ok).toBe(true)
  })
})

describe('faults', () => {
  it('counts down a 429 burst and reports what is in force', () => {
    const faults = new Faults({ rateLimitBurst: 2 })
    expect(faults.current()).toEqual({ rateLimitBurst: 2 })
    expect(faults.takeBurst()).toBe(true)
    expect(faults.current()).toEqual({ rateLimitBurst: 1 })
    expect(faults.takeBurst()).toBe(true)
    expect(faults.takeBurst()).toBe(false)
    expect(faults.current()).toEqual({})
  })

  it('draws errors with the configured rate', () => {
    let i = 0
    const sequence = [0.1, 0.9, 0.6, 0.2]
    const faults = new Faults({ errorRate: 0.5 }, () => sequence[i++ % sequence.length] ?? 0)
    expect(faults.drawError()).toBe(503)
    expect(faults.drawError()).toBeUndefined()
  })

  it('rejects invalid settings', () => {
    expect(() => new Faults({ errorRate: 1.5 })).toThrow(/errorRate/)
    expect(() => new Faults({ streamCutAfter: -1 })).toThrow(/streamCutAfter/)
    expect(() => new Faults({ errorStatuses: [200] })).toThrow(/errorStatuses/)
  })
})

describe('batch merge', () => {
  it('concatenates with newlines or flattens into a JSON array', () => {
    expect(mergeOutputs('concat', ['a', 'b'])).toBe('a\nb')
    expect(JSON.parse(mergeOutputs('flatten', ['a', '[1,2]', '{"x":1}']))).toEqual([
      'a',
      1,
      2,
      { x: 1 },
    ])
  })
})

describe('job queue', () => {
  it('hands out eligible jobs first-in first-out and waits for the rest', async () => {
    const active = new Map<string, number>()
    const queue = new JobQueue(
      (item) => !item.parentId || (active.get(item.parentId) ?? 0) < 1,
      (item) => {
        if (item.parentId) active.set(item.parentId, (active.get(item.parentId) ?? 0) + 1)
      },
    )
    queue.push({ jobId: 'c1', parentId: 'p' })
    queue.push({ jobId: 'c2', parentId: 'p' })
    queue.push({ jobId: 'j', parentId: null })
    expect((await queue.take())?.jobId).toBe('c1')
    expect((await queue.take())?.jobId).toBe('j')
    const waiting = queue.take()
    active.set('p', 0)
    queue.poke()
    expect((await waiting)?.jobId).toBe('c2')
    expect(queue.remove('missing')).toBe(false)
    queue.close()
    expect(await queue.take()).toBeUndefined()
  })
})

describe('options', () => {
  it('applies defaults and rejects bad values', () => {
    const o = resolveOptions()
    expect(o).toMatchObject({
      db: '.archipelag/sandbox.db',
      credits: 100,
      islands: 4,
      tokenIntervalMs: 30,
      stepIntervalMs: 20,
      keepAliveMs: 15_000,
      retryMs: 1000,
      jobTimeoutMs: 300_000,
      rateLimit: { requestsPerSecond: 1000, burst: 2000 },
      faults: {},
      quiet: true,
    })
    expect(() => resolveOptions({ apiKey: 'sk_nope' })).toThrow(/apiKey/)
    expect(() => resolveOptions({ islands: 0 })).toThrow(/islands/)
    expect(() =>
      resolveOptions({ rateLimit: { requestsPerSecond: Number.NaN, burst: 5 } }),
    ).toThrow(/rateLimit.requestsPerSecond/)
    expect(() => resolveOptions({ rateLimit: { requestsPerSecond: 5, burst: -1 } })).toThrow(
      /rateLimit.burst/,
    )
    expect(resolveOptions({ rateLimit: false }).rateLimit).toBe(false)
    expect(() => resolveOptions({ islands: 1e9 })).toThrow(/islands must be between 1 and 1000/)
    expect(resolveOptions({ islands: 1000 }).islands).toBe(1000)
    expect(() => resolveOptions({ tokenIntervalMs: -1 })).toThrow(/tokenIntervalMs/)
    expect(() => resolveOptions({ credits: 1e300 })).toThrow(/credits/)
    expect(resolveOptions({ credits: 0 }).credits).toBe(0)
  })

  it('caps durations to what Node timers honour (a longer delay would fire after 1 ms)', () => {
    const o = resolveOptions({ jobTimeoutMs: 3e9, keepAliveMs: 1e12, tokenIntervalMs: 2 ** 40 })
    expect(o.jobTimeoutMs).toBe(2_147_483_647)
    expect(o.keepAliveMs).toBe(2_147_483_647)
    expect(o.tokenIntervalMs).toBe(2_147_483_647)
    expect(() => new Faults({ latencyMs: 3e9 })).toThrow(/latencyMs/)
  })
})
