import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { joinSignals } from '../src/index'

describe('joinSignals', () => {
  it('aborts with the reason of the first source that aborts', () => {
    const a = new AbortController()
    const b = new AbortController()
    const { signal, release } = joinSignals(a.signal, undefined, b.signal)
    expect(signal.aborted).toBe(false)
    b.abort(new Error('b went'))
    a.abort(new Error('a went'))
    expect(signal.reason).toEqual(new Error('b went'))
    release()
    release() // twice is fine
  })

  it('is aborted at once when a source already is', () => {
    const reason = new Error('already')
    const { signal } = joinSignals(new AbortController().signal, AbortSignal.abort(reason))
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe(reason)
  })

  it('one source is returned as is; none gives a signal that never aborts', () => {
    const a = new AbortController()
    expect(joinSignals(undefined, a.signal).signal).toBe(a.signal)
    expect(joinSignals().signal.aborted).toBe(false)
  })

  it('many joins on one long-lived source hold one listener, and none once released', () => {
    const shutdown = new AbortController()
    const joins = Array.from({ length: 50 }, () =>
      joinSignals(shutdown.signal, new AbortController().signal),
    )
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
    for (const join of joins.slice(1)) join.release()
    shutdown.abort(new Error('shutting down'))
    // Released joins no longer follow; the one still joined does.
    expect(joins[0]?.signal.reason).toEqual(new Error('shutting down'))
    expect(joins[1]?.signal.aborted).toBe(false)
    joins[0]?.release()
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
  })
})
