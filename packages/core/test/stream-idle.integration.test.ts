import { type Sandbox, startSandbox } from '@archipelag/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import { ConnectionError, createTransport, type StreamEvent } from '../src/index'
import { startLocalServer } from './helpers/local-server'

// A stalled stream (connection open, no bytes at all) is a drop: resumed with Last-Event-ID.
const sandboxes: Sandbox[] = []
afterAll(() => Promise.all(sandboxes.map((s) => s.close())))

async function sandboxWith(keepAliveMs: number) {
  const sandbox = await startSandbox({ port: 0, db: ':memory:', retryMs: 5, keepAliveMs })
  sandboxes.push(sandbox)
  const lastEventIds: (string | undefined)[] = []
  const api = createTransport({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    retryDelay: { initialMs: 5, maxMs: 20 },
    onRequest: (info) => {
      if (info.url.endsWith('/stream')) lastEventIds.push(info.headers['last-event-id'])
    },
  })
  return { api, lastEventIds }
}

describe('jobs.stream idle timeout', () => {
  it('treats silence as a drop, resumes with Last-Event-ID, then gives up after maxRetries', async () => {
    const { api, lastEventIds } = await sandboxWith(60_000)
    const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: '[sandbox:hang]' } })
    const events: StreamEvent[] = []
    const stream = api.jobs.stream(job.id, { idleTimeout: 300, maxRetries: 1 })
    const error = await (async () => {
      for await (const event of stream) events.push(event)
    })().catch((e: unknown) => e)
    await api.jobs.cancel(job.id)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).message).toBe(`Stream of ${job.id} sent nothing for 300 ms`)
    expect(events.map((e) => e.type === 'status' && e.status)).toEqual([
      'pending',
      'queued',
      'running',
    ])
    expect(lastEventIds).toEqual([undefined, '3'])
  })

  it('keep-alive comments count as activity: a quiet job is not reconnected', async () => {
    const { api, lastEventIds } = await sandboxWith(40)
    const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: '[sandbox:hang]' } })
    const events: StreamEvent[] = []
    const stream = api.jobs.stream(job.id, { idleTimeout: 400 })
    for await (const event of stream) {
      events.push(event)
      // Quiet for 3 idle periods (keep-alives only), then cancel: the stream sees it live.
      if (event.type === 'status' && event.status === 'running') {
        setTimeout(() => void api.jobs.cancel(job.id), 1_200)
      }
    }
    expect(events.map((e) => e.type === 'status' && e.status)).toEqual([
      'pending',
      'queued',
      'running',
      'cancelled',
    ])
    expect(lastEventIds).toEqual([undefined])
  })

  it('resumes a server that sends headers and then nothing, delivering each event once', async () => {
    const send = (id: number, data: object) => `id: ${id}\ndata: ${JSON.stringify(data)}\n\n`
    const server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      if (req.headers['last-event-id'] === undefined) {
        // Two events, then silence with the connection held open.
        res.write(
          send(1, { type: 'status', status: 'running' }) + send(2, { type: 'token', content: 'a' }),
        )
        return
      }
      res.end(
        send(3, { type: 'token', content: 'b' }) +
          send(4, { type: 'status', status: 'completed' }) +
          send(5, { type: 'done', usage: { credits_used: 0.01 } }),
      )
    })
    const api = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const events: StreamEvent[] = []
    try {
      for await (const event of api.jobs.stream('job_1', {
        idleTimeout: 200,
        headers: { 'X-Trace': 't1' },
      }))
        events.push(event)
    } finally {
      await server.close()
    }
    expect(events.map((e) => e.eventId)).toEqual(['1', '2', '3', '4', '5'])
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '2'])
    // Per-stream headers go with every connection, the resume one included.
    expect(server.requests.map((r) => r.headers['x-trace'])).toEqual(['t1', 't1'])
  })
})
