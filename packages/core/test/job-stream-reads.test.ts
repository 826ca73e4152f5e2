import { afterEach, describe, expect, it } from 'vitest'
import { createTransport, type StreamEvent } from '../src/index'
import { type LocalServer, startLocalServer } from './helpers/local-server'

// A JobStream hands out each event once, however it is asked: `for await`, `next()`,
// `nextBatch()`, one after another or several at once (the async-iterator protocol allows
// a second `next()` before the first has settled).
let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const token = (id: number) => `id: ${id}\ndata: {"type": "token", "content": "${id}"}\n\n`

/** Sends tokens 1–10 in four chunks a few ms apart, then `done` (id 11). */
async function chunkedStream() {
  server = await startLocalServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    for (const ids of [[1, 2, 3], [4], [5, 6], [7, 8, 9, 10]]) {
      res.write(ids.map(token).join(''))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    res.end('id: 11\ndata: {"type": "done"}\n\n')
  })
  return createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url }).jobs.stream('job_1')
}

const ids = (events: StreamEvent[]) => events.map((e) => Number(e.eventId))
const ALL = Array.from({ length: 11 }, (_, i) => i + 1)

describe('reading a JobStream', () => {
  it('next() and nextBatch() mixed one after another hand out each event once, in order', async () => {
    const stream = await chunkedStream()
    const iterator = stream[Symbol.asyncIterator]()
    const seen: StreamEvent[] = []
    for (let turn = 0; ; turn++) {
      if (turn % 2 === 0) {
        const result = await iterator.next()
        if (result.done) break
        seen.push(result.value)
      } else {
        const batch = await stream.nextBatch()
        if (batch.length === 0) break
        seen.push(...batch)
      }
    }
    expect(ids(seen)).toEqual(ALL)
    expect(stream.lastEventId).toBe('11')
  })

  it('calls made at once (nextBatch, nextBatch, next) share the events without repeating any', async () => {
    const stream = await chunkedStream()
    const seen: StreamEvent[] = []
    const iterator = stream[Symbol.asyncIterator]()
    const [a, b, c] = await Promise.all([stream.nextBatch(), stream.nextBatch(), iterator.next()])
    seen.push(...a, ...b)
    if (!c.done) seen.push(c.value)
    for (let batch = await stream.nextBatch(); batch.length > 0; batch = await stream.nextBatch()) {
      seen.push(...batch)
    }
    expect(ids(seen)).toEqual(ALL)
  })
})
