import { describe, expect, it } from 'vitest'
import { mapConcurrent, mapConcurrentSettled } from '../../src/internal/map-concurrent'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('mapConcurrent', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      for (let i = 0; i < n; i++) await tick()
      inFlight--
      return n * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60])
    expect(peak).toBe(3)
  })

  it('stops starting new calls after a failure and rejects with it', async () => {
    const started: number[] = []
    await expect(
      mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n)
        await tick()
        if (n === 1) throw new Error('boom')
        return n
      }),
    ).rejects.toThrow('boom')
    expect(started.length).toBeLessThan(6)
  })

  it('settled mode reports every item', async () => {
    const out = await mapConcurrentSettled([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two')
      return n
    })
    expect(out.map((o) => o.ok)).toEqual([true, false, true])
  })

  it('rejects a bad limit', async () => {
    await expect(mapConcurrent([1], 0, async (n) => n)).rejects.toThrow(RangeError)
  })

  it('does not start items once the signal aborts', async () => {
    const controller = new AbortController()
    const out = await mapConcurrentSettled(
      [1, 2, 3, 4],
      1,
      async (n) => {
        if (n === 2) controller.abort(new Error('stop'))
        return n
      },
      controller.signal,
    )
    expect(out.map((o) => o.ok)).toEqual([true, true, false, false])
  })
})
