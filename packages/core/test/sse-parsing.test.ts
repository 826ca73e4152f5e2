import { afterEach, describe, expect, it } from 'vitest'
import {
  ConnectionError,
  createTransport,
  InvalidResponseError,
  type StreamEvent,
} from '../src/index'
import { type LocalServer, split, startLocalServer, writeChunks } from './helpers/local-server'

let server: LocalServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const encoder = new TextEncoder()

/** Serves `body` (as the chunks given) on every stream request, then ends. */
async function serveStream(chunks: (string | Uint8Array)[]) {
  server = await startLocalServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    await writeChunks(res, chunks)
    res.end()
  })
  return createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url, maxRetries: 0 })
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = []
  for await (const event of stream) events.push(event)
  return events
}

const SAMPLE = [
  'retry: 5\n',
  ': keep-alive comment\n\n',
  'id: 1\ndata: {"type":"status","status":"running"}\n\n',
  'id: 2\ndata: {"type":"token","content":"Grüße 👋 "}\n\n',
  'id: 3\nevent: message\ndata: {"type":"token",\ndata: "chunk":"naïve — ok"}\n\n',
  'id: 4\ndata: {"type":"progress","step":2,"total":30}\n\n',
  'id: 5\ndata: {"type":"image","image_data":"iVBORw0K","format":"png"}\n\n',
  'id: 6\ndata: {"type":"new_kind","x":1}\n\n',
  'id: 7\ndata: {"type":"status","status":"completed"}\n\n',
  'id: 8\ndata: {"type":"done","usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"credits_used":0.01},"finish_reason":"stop"}\n\n',
].join('')

const EXPECTED: StreamEvent[] = [
  { type: 'status', status: 'running', eventId: '1' },
  { type: 'token', content: 'Grüße 👋 ', eventId: '2' },
  { type: 'token', content: 'naïve — ok', eventId: '3' },
  { type: 'progress', step: 2, total: 30, eventId: '4' },
  { type: 'image', imageData: 'iVBORw0K', format: 'png', eventId: '5' },
  { type: 'unknown', raw: { type: 'new_kind', x: 1 }, eventId: '6' },
  { type: 'status', status: 'completed', eventId: '7' },
  {
    type: 'done',
    usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, creditsUsed: 0.01 },
    finishReason: 'stop',
    eventId: '8',
  },
]

describe('SSE parsing across network chunk boundaries', () => {
  it('parses a stream sent in one piece', async () => {
    const transport = await serveStream([SAMPLE])
    expect(await collect(transport.jobs.stream('job_1'))).toEqual(EXPECTED)
  })

  it('parses a stream fed one byte at a time (multi-byte UTF-8 split across chunks)', async () => {
    const transport = await serveStream(split(encoder.encode(SAMPLE), 1))
    expect(await collect(transport.jobs.stream('job_1'))).toEqual(EXPECTED)
  })

  it('gives the same events for 20 random chunkings (LF and CRLF)', async () => {
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const variants: Uint8Array[][] = []
    for (let run = 0; run < 20; run++) {
      const text = run % 2 === 0 ? SAMPLE : SAMPLE.replaceAll('\n', '\r\n')
      const bytes = encoder.encode(text)
      const chunks: Uint8Array[] = []
      for (let i = 0; i < bytes.length; ) {
        const size = 1 + Math.floor(random() * 40)
        chunks.push(bytes.subarray(i, i + size))
        i += size
      }
      variants.push(chunks)
    }
    server = await startLocalServer(async (_req, res, index) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      await writeChunks(res, variants[index] ?? [])
      res.end()
    })
    const transport = createTransport({
      apiKey: 'ak_test_key_123456',
      baseUrl: server.url,
      maxRetries: 0,
    })
    for (let run = 0; run < variants.length; run++) {
      expect(await collect(transport.jobs.stream('job_1'))).toEqual(EXPECTED)
    }
  })

  it('parses \\r\\n line endings in 7-byte chunks', async () => {
    const crlf = SAMPLE.replaceAll('\n', '\r\n')
    const transport = await serveStream(split(encoder.encode(crlf), 7))
    expect(await collect(transport.jobs.stream('job_1'))).toEqual(EXPECTED)
  })

  it('treats data: [DONE] as the end of the stream', async () => {
    const transport = await serveStream([
      'data: {"type":"token","content":"a"}\n\n',
      'data: [DONE]\n\n',
      'data: {"type":"token","content":"never"}\n\n',
    ])
    expect(await collect(transport.jobs.stream('job_1'))).toEqual([{ type: 'token', content: 'a' }])
  })

  it('delivers the events sent in the same chunk before [DONE]', async () => {
    const transport = await serveStream([
      'data: {"type":"token","content":"a"}\n\ndata: {"type":"token","content":"b"}\n\ndata: [DONE]\n\n',
    ])
    const got = await collect(transport.jobs.stream('job_1'))
    expect(got.map((e) => (e.type === 'token' ? e.content : e.type))).toEqual(['a', 'b'])
  })

  it('hands out the events of a connection that ends early before reporting the drop', async () => {
    const transport = await serveStream(['id: 1\ndata: {"type":"token","content":"a"}\n\n'])
    const seen: StreamEvent[] = []
    const error = await (async () => {
      for await (const event of transport.jobs.stream('job_1')) seen.push(event)
    })().catch((e: unknown) => e)
    expect(seen).toHaveLength(1)
    expect((error as Error).name).toBe('ConnectionError')
    expect((error as Error).message).toContain('ended before the job finished')
  })

  it('turns an event whose data is not JSON into InvalidResponseError with a snippet', async () => {
    const transport = await serveStream(['id: 1\ndata: <html>oops</html>\n\n'])
    const error = await collect(transport.jobs.stream('job_1')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as InvalidResponseError).snippet).toBe('<html>oops</html>')
  })

  it('turns a known event with a field of the wrong type into InvalidResponseError', async () => {
    const transport = await serveStream(['id: 1\ndata: {"type":"token","content":42}\n\n'])
    const error = await collect(transport.jobs.stream('job_1')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toContain('content: expected string')
  })
})

describe('the usage of a done event', () => {
  it.each([
    ['{"credits_used":"lots"}', 'usage.credits_used: expected number'],
    ['{"prompt_tokens":true,"credits_used":1}', 'usage.prompt_tokens: expected number'],
    ['[1,2]', 'usage: expected object'],
    ['"free"', 'usage: expected object'],
  ])('%s is an InvalidResponseError naming the field', async (usage, message) => {
    const transport = await serveStream([`id: 1\ndata: {"type":"done","usage":${usage}}\n\n`])
    const error = await collect(transport.jobs.stream('job_1')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toContain(message)
  })

  it('a done event without usage, or with null usage, is fine', async () => {
    const transport = await serveStream(['id: 1\ndata: {"type":"done","usage":null}\n\n'])
    expect(await collect(transport.jobs.stream('job_1'))).toEqual([{ type: 'done', eventId: '1' }])
  })
})

describe('resuming', () => {
  it('dedupes by position against a server without id: lines that replays from the start', async () => {
    const events = ['a', 'b', 'c', 'd', 'e'].map(
      (t) => `data: {"type":"token","content":"${t}"}\n\n`,
    )
    const done = 'data: {"type":"status","status":"completed"}\n\n'
    server = await startLocalServer(async (req, res, index) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      expect(req.headers['last-event-id']).toBeUndefined()
      if (index === 0) {
        await writeChunks(res, ['retry: 1\n\n', ...events.slice(0, 2)])
        res.destroy() // abrupt cut
      } else if (index === 1) {
        await writeChunks(res, events.slice(0, 4))
        res.end() // clean end, but no terminal event: still a drop
      } else {
        await writeChunks(res, [...events, done])
        res.end()
      }
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const got = await collect(transport.jobs.stream('job_1'))
    expect(got.map((e) => (e.type === 'token' ? e.content : e.type))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'status',
    ])
    expect(server.requests).toHaveLength(3)
  })

  it('sends Last-Event-ID and skips ids already seen when a server ignores it', async () => {
    const ev = (id: number) => `id: ${id}\ndata: {"type":"token","content":"t${id}"}\n\n`
    server = await startLocalServer(async (req, res, index) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      if (index === 0) {
        expect(req.headers['last-event-id']).toBe('7')
        await writeChunks(res, ['retry: 1\n\n', ev(8), ev(9)])
        res.destroy()
      } else {
        expect(req.headers['last-event-id']).toBe('9')
        // Replays everything: ids ≤ 9 must be skipped.
        await writeChunks(res, [ev(8), ev(9), ev(10), 'id: 11\ndata: {"type":"done"}\n\n'])
        res.end()
      }
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const stream = transport.jobs.stream('job_1', { lastEventId: '7' })
    const got = await collect(stream)
    expect(got.map((e) => e.eventId)).toEqual(['8', '9', '10', '11'])
    expect(stream.lastEventId).toBe('11')
  })

  it('gives up with ConnectionError after maxRetries reconnects without progress', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('retry: 1\n\n')
      res.destroy()
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const error = await collect(transport.jobs.stream('job_1', { maxRetries: 2 })).catch(
      (e: unknown) => e,
    )
    expect((error as Error).name).toBe('ConnectionError')
    expect(server.requests).toHaveLength(3)
  })
})

describe('cancellation', () => {
  it('break closes the HTTP body, close() ends the loop quietly', async () => {
    let closed: () => void = () => {}
    const bodyClosed = new Promise<void>((resolve) => {
      closed = resolve
    })
    server = await startLocalServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.on('close', () => closed())
      for (let i = 1; i < 1000 && !res.destroyed; i++) {
        await writeChunks(res, [`id: ${i}\ndata: {"type":"token","content":"${i}"}\n\n`])
        await new Promise((r) => setTimeout(r, 5))
      }
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    let count = 0
    for await (const _event of transport.jobs.stream('job_1')) {
      if (++count === 3) break
    }
    await bodyClosed
    expect(count).toBe(3)

    const stream = transport.jobs.stream('job_1')
    const seen: StreamEvent[] = []
    for await (const event of stream) {
      seen.push(event)
      if (seen.length === 2) stream.close()
    }
    expect(seen).toHaveLength(2)
  })

  it('lastEventId is the last event handed out, even when more were already read', async () => {
    const ev = (id: number) => `id: ${id}\ndata: {"type":"token","content":"t${id}"}\n\n`
    const transport = await serveStream([[1, 2, 3, 4, 5].map(ev).join('')])
    const stream = transport.jobs.stream('job_1')
    for await (const event of stream) {
      if (event.eventId === '2') break
    }
    expect(stream.lastEventId).toBe('2')
  })

  it('delivers the events before a malformed one, then throws', async () => {
    const transport = await serveStream([
      'id: 1\ndata: {"type":"token","content":"ok"}\n\nid: 2\ndata: {"type":"progress"}\n\n',
    ])
    const seen: StreamEvent[] = []
    const error = await (async () => {
      for await (const event of transport.jobs.stream('job_1')) seen.push(event)
    })().catch((e: unknown) => e)
    expect(seen).toEqual([{ type: 'token', content: 'ok', eventId: '1' }])
    expect(error).toBeInstanceOf(InvalidResponseError)
  })

  it('an aborted signal rejects the loop with the signal reason', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('id: 1\ndata: {"type":"status","status":"running"}\n\n')
    })
    const transport = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const controller = new AbortController()
    const stream = transport.jobs.stream('job_1', { signal: controller.signal })
    const error = await (async () => {
      for await (const _event of stream) controller.abort(new Error('stop now'))
    })().catch((e: unknown) => e)
    expect((error as Error).message).toBe('stop now')
  })
})

describe('an answer that is not an event stream', () => {
  it.each([
    ['application/json', '{"data": {"id": "job_1", "status": "running"}}'],
    ['text/html', '<html><body>Proxy login required</body></html>'],
  ])('a 200 %s answer → InvalidResponseError with a snippet, not retried', async (type, body) => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': type, 'x-request-id': 'req_1' })
      res.end(body)
    })
    const api = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const error = await collect(api.jobs.stream('job_1')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect(error).toMatchObject({ status: 200, requestId: 'req_1', snippet: body })
    expect((error as Error).message).toContain(`Expected an event stream`)
    expect(server.requests).toHaveLength(1)

    const chat = await api.chatCompletions
      .create({ model: 'llm-chat', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((e: unknown) => e)
    expect(chat).toBeInstanceOf(InvalidResponseError)
  })
})

describe('a streamed chat completion whose connection breaks', () => {
  it('ends in a ConnectionError after the chunks that came, not a bare TypeError', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(
        'data: {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "llm-chat", "choices": [{"index": 0, "delta": {"content": "Hi"}}]}\n\n',
      )
      setTimeout(() => res.destroy(), 20) // the socket dies before [DONE]
    })
    const api = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
    const chunks: string[] = []
    const error = await (async () => {
      const stream = await api.chatCompletions.create({
        model: 'llm-chat',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      })
      for await (const chunk of stream) chunks.push(chunk.choices[0]?.delta.content ?? '')
    })().catch((e: unknown) => e)
    expect(chunks).toEqual(['Hi'])
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).message).toMatch(/^Chat completion stream dropped: /)
  })
})
