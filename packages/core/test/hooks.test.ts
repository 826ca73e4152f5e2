import { afterEach, describe, expect, it } from 'vitest'
import { createTransport, type StreamEvent, type TransportOptions } from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// The hooks are for logging: a hook that throws must not change what a call does — no
// "Connection failed" for an answer that came, no request sent again because of it.
let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const ACCOUNT = '{"data": {"id": "acc_1", "email": "a@b.c", "credits": 1}}'
const KEY_ANSWER =
  '{"data": {"id": "key_1", "name": "k", "prefix": "ak_abcde", "created_at": "2026-01-01T00:00:00Z"}, "key": "ak_abcdefghij"}'

/** Answers 503 to the first request, then `body`. */
async function flaky(body: string) {
  server = await startLocalServer((_req, res, i) => {
    res.writeHead(i === 0 ? 503 : 200, { 'content-type': 'application/json' })
    res.end(i === 0 ? '{"error": "busy"}' : body)
  })
  return server
}

const throwing = (calls: string[], name: string) => () => {
  calls.push(name)
  throw new Error(`${name} hook failed`)
}

describe('hooks that throw', () => {
  it.each(['onRequest', 'onResponse', 'onRetry'] as const)(
    'a throwing %s neither fails nor repeats the call',
    async (hook) => {
      const { url, requests } = await flaky(ACCOUNT)
      const calls: string[] = []
      const options: TransportOptions = {
        apiKey: 'ak_test_key_123456',
        baseUrl: url,
        retryDelay: { initialMs: 1, maxMs: 1 },
        [hook]: throwing(calls, hook),
      }
      const account = await createTransport(options).account.get()
      expect(account.id).toBe('acc_1')
      expect(requests).toHaveLength(2) // the 503 and its one retry: none for the hook
      expect(calls.length).toBeGreaterThan(0) // the hook did run
    },
  )

  it('an answer that creates something is not lost to a throwing onResponse', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end(KEY_ANSWER)
    })
    const calls: string[] = []
    const api = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      onResponse: throwing(calls, 'onResponse'),
    })
    const created = await api.apiKeys.create({ name: 'k' })
    expect(created.key).toBe('ak_abcdefghij')
    expect(server.requests).toHaveLength(1)
  })

  it('a stream reconnects and ends normally when onRetry throws', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      if (req.headers['last-event-id'] === undefined) {
        res.end('id: 1\ndata: {"type": "token", "content": "a"}\n\n') // ends before the job did
      } else res.end('id: 2\ndata: {"type": "done"}\n\n')
    })
    const calls: string[] = []
    const api = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      retryDelay: { initialMs: 1, maxMs: 1 },
      onRetry: throwing(calls, 'onRetry'),
    })
    const events: StreamEvent[] = []
    for await (const event of api.jobs.stream('job_1')) events.push(event)
    expect(events.map((e) => e.type)).toEqual(['token', 'done'])
    expect(calls).toEqual(['onRetry'])
  })
})
