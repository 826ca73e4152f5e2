import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '@archipelag/sandbox'
import { createTransport, joinSignals, onAbort, sleep } from '../src/index'

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

describe('onAbort and sleep on one long-lived signal', () => {
  it('many waiters hold one listener, each runs once, and none is left once they let go', () => {
    const shutdown = new AbortController()
    const ran: number[] = []
    const stops = Array.from({ length: 30 }, (_, i) => onAbort(shutdown.signal, () => ran.push(i)))
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
    for (const stop of stops.slice(10)) stop()
    shutdown.abort()
    expect(ran).toEqual(Array.from({ length: 10 }, (_, i) => i))
    for (const stop of stops) stop() // after the abort: harmless
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
    let late = 0
    onAbort(shutdown.signal, () => late++) // already aborted: at once
    expect(late).toBe(1)
  })

  it('a waiter that throws does not keep the others from running', async () => {
    const shutdown = new AbortController()
    const ran: string[] = []
    const thrown: unknown[] = []
    const onError = (error: unknown) => thrown.push(error)
    process.prependListener('uncaughtException', onError)
    try {
      onAbort(shutdown.signal, () => ran.push('first'))
      onAbort(shutdown.signal, () => {
        throw new Error('a waiter failed')
      })
      onAbort(shutdown.signal, () => ran.push('third'))
      shutdown.abort()
      expect(ran).toEqual(['first', 'third'])
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(thrown).toEqual([new Error('a waiter failed')])
    } finally {
      process.off('uncaughtException', onError)
    }
  })

  it('sleeps sharing a signal hold one listener and all reject with its reason', async () => {
    const shutdown = new AbortController()
    const sleeps = Array.from({ length: 20 }, () => sleep(60_000, shutdown.signal).catch((e) => e))
    await sleep(1, shutdown.signal)
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
    const reason = new Error('shutting down')
    shutdown.abort(reason)
    expect(await Promise.all(sleeps)).toEqual(Array(20).fill(reason))
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
  })
})

describe('job streams sharing one signal', () => {
  it('hold one listener on it (no leak warning), and aborting it ends them all', async () => {
    const sandbox = await startSandbox({ port: 0, db: ':memory:', tokenIntervalMs: 5 })
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    try {
      const api = createTransport({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
      const shutdown = new AbortController()
      const jobs = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          api.jobs.create({ workload: 'llm-chat', input: { prompt: `[sandbox:hang] ${i}` } }),
        ),
      )
      const seen = jobs.map(() => 0)
      const reading = jobs.map(async (job, i) => {
        try {
          for await (const _ of api.jobs.stream(job.id, { signal: shutdown.signal })) {
            seen[i] = (seen[i] ?? 0) + 1
          }
        } catch (error) {
          return error
        }
      })
      while (seen.some((n) => n === 0)) await sleep(5)
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
      const reason = new Error('shutting down')
      shutdown.abort(reason)
      expect(await Promise.all(reading)).toEqual(Array(15).fill(reason))
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
      await sandbox.close()
    }
  })
})

describe('sleep past a timer range', () => {
  it('waits (as long as a timer can) instead of firing at once', async () => {
    const stop = new AbortController()
    const long = sleep(3_000_000_000, stop.signal).then(
      () => 'woke',
      () => 'stopped',
    )
    const first = await Promise.race([long, sleep(50).then(() => 'still asleep')])
    expect(first).toBe('still asleep')
    stop.abort()
    expect(await long).toBe('stopped')
  })
})
