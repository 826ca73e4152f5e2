import { getEventListeners } from 'node:events'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createTransport } from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// One signal under many calls, as a client's close signal is under every request: it must
// abort them all, hold one listener at most while they run and none after, and collect
// nothing per call (Node 20's `AbortSignal.any` left a weak reference on it per call).

let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const KEY = 'ak_test_key_123456'
const JOB = { id: 'job_1', workload_id: 1, status: 'queued', created_at: '2026-01-01T00:00:00Z' }
const CALLS = 40

/** What the runtime keeps on a signal for `AbortSignal.any` results that depend on it. */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((s) => String(s).includes('ependant'))
  const set = key && (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key]
  return set?.size ?? 0
}

/** A server that holds every request until `release()`. */
async function heldServer() {
  const held: ServerResponse[] = []
  let arrived = () => {}
  const all = new Promise<void>((resolve) => {
    arrived = resolve
  })
  server = await startLocalServer((_req, res) => {
    held.push(res)
    if (held.length === CALLS) arrived()
  })
  const release = () => {
    for (const res of held) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ data: JOB }))
    }
  }
  return { url: server.url, all, release }
}

describe('a caller signal shared by many calls', () => {
  it('holds at most one listener while they run, none after, and collects nothing', async () => {
    const { url, all, release } = await heldServer()
    const controller = new AbortController()
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    try {
      const api = createTransport({ apiKey: KEY, baseUrl: url })
      const calls = Array.from({ length: CALLS }, () =>
        api.jobs.get('job_1', { signal: controller.signal }),
      )
      await all
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1)
      release()
      const jobs = await Promise.all(calls)
      expect(jobs.map((j) => j.id)).toEqual(Array(CALLS).fill('job_1'))
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
      expect(dependants(controller.signal)).toBe(0)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('aborting it ends every call in flight with its reason', async () => {
    const { url, all } = await heldServer()
    const controller = new AbortController()
    const api = createTransport({ apiKey: KEY, baseUrl: url, maxRetries: 2 })
    const calls = Array.from({ length: CALLS }, () =>
      api.jobs.get('job_1', { signal: controller.signal }).catch((e: unknown) => e),
    )
    await all
    const reason = new Error('caller gave up')
    controller.abort(reason)
    const errors = await Promise.all(calls)
    expect(errors.every((e) => e === reason)).toBe(true)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
