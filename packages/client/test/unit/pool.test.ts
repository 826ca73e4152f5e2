import { describe, expect, it } from 'vitest'
import { pool } from '../../src/internal/pool'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('pool', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0
    let peak = 0
    const out = await pool([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      for (let i = 0; i < n; i++) await tick()
      inFlight--
      return n * 10
    })
    expect(out.map((o) => (o.ok ? o.value : undefined))).toEqual([50, 10, 40, 20, 30, 0, 60])
    expect(peak).toBe(3)
  })

  it('gives every item an outcome: a failure does not reject the pool', async () => {
    const out = await pool([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two')
      return n
    })
    expect(out.map((o) => o.ok)).toEqual([true, false, true])
    expect(out[1]).toEqual({ ok: false, error: new Error('two') })
  })

  it('starts nothing once stopped; the items left get the stop reason; running calls finish', async () => {
    const stop = new AbortController()
    const started: number[] = []
    let finished = 0
    const out = await pool(
      [0, 1, 2, 3, 4, 5],
      2,
      async (n) => {
        started.push(n)
        await tick()
        if (n === 1) stop.abort(new Error('first failure'))
        await tick()
        finished++
        return n
      },
      stop.signal,
    )
    expect(started).toEqual([0, 1])
    expect(finished).toBe(2)
    expect(out.slice(2)).toEqual(Array(4).fill({ ok: false, error: new Error('first failure') }))
  })

  it('an empty list is an empty result, without starting a worker', async () => {
    expect(await pool([], 4, async () => 1)).toEqual([])
  })
})
