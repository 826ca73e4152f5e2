import { createSandbox, type Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTransport, NotFoundError, type StreamEvent, type Transport } from '../src/index'
import { startLocalServer } from './helpers/local-server'

// JobStream.tee() and JobStream.toReadableStream() over the sandbox's in-process fetch.
let sandbox: Sandbox
let api: Transport

beforeAll(async () => {
  sandbox = await createSandbox({ db: ':memory:', tokenIntervalMs: 0 })
  api = createTransport({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, fetch: sandbox.fetch })
})
afterAll(() => sandbox.close())

async function collect(stream: AsyncIterable<StreamEvent>, stopAfter = Number.POSITIVE_INFINITY) {
  const events: StreamEvent[] = []
  for await (const event of stream) {
    events.push(event)
    if (events.length >= stopAfter) break
  }
  return events
}

async function finishedJob() {
  const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'tee me' } })
  const events = await collect(api.jobs.stream(job.id))
  return { job, events }
}

/** A stream from a real server that sends one event and holds the connection open. */
async function heldOpenStream() {
  let closed!: () => void
  const connectionClosed = new Promise<void>((resolve) => {
    closed = resolve
  })
  const server = await startLocalServer((_req, res) => {
    res.on('close', closed)
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('id: 1\ndata: {"type":"status","status":"running"}\n\n')
  })
  const local = createTransport({ apiKey: 'ak_test_key_123456', baseUrl: server.url })
  return { stream: local.jobs.stream('job_1'), connectionClosed, server }
}

describe('JobStream.tee()', () => {
  it('gives both branches every event, in order, read concurrently', async () => {
    const { job, events } = await finishedJob()
    const [a, b] = api.jobs.stream(job.id).tee()
    const [fromA, fromB] = await Promise.all([collect(a), collect(b)])
    expect(fromA).toEqual(events)
    expect(fromB).toEqual(events)
    expect(a.lastEventId).toBe(events.at(-1)?.eventId)
    expect(b.jobId).toBe(job.id)
  })

  it('one branch leaving early does not cut the other short', async () => {
    const { job, events } = await finishedJob()
    const [a, b] = api.jobs.stream(job.id).tee()
    expect(await collect(a, 2)).toEqual(events.slice(0, 2))
    expect(await collect(b)).toEqual(events)
  })

  it('both branches see the same error', async () => {
    const [a, b] = api.jobs.stream('job_missing').tee()
    const errors = await Promise.all([collect(a).catch((e) => e), collect(b).catch((e) => e)])
    expect(errors[0]).toBeInstanceOf(NotFoundError)
    expect(errors[1]).toBe(errors[0])
  })

  it('closing both branches closes the HTTP connection', async () => {
    const { stream, connectionClosed, server } = await heldOpenStream()
    const [a, b] = stream.tee()
    expect(await collect(a, 1)).toHaveLength(1) // `break` closes branch a
    expect(await collect(b, 1)).toHaveLength(1)
    await connectionClosed // the test times out if the body stays open
    await server.close()
  })

  it('the source can no longer be iterated itself', async () => {
    const stream = api.jobs.stream('job_x')
    const [a, b] = stream.tee()
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/)
    a.close()
    b.close()
  })
})

describe('JobStream.toReadableStream()', () => {
  it('reads the same events, and pipes through web transforms', async () => {
    const { job, events } = await finishedJob()
    const readable = api.jobs.stream(job.id).toReadableStream()
    expect(await collect(readable as unknown as AsyncIterable<StreamEvent>)).toEqual(events)

    const text = await new Response(
      api.jobs
        .stream(job.id)
        .toReadableStream()
        .pipeThrough(
          new TransformStream<StreamEvent, string>({
            transform: (event, controller) => {
              if (event.type === 'token') controller.enqueue(event.content)
            },
          }),
        )
        .pipeThrough(new TextEncoderStream()),
    ).text()
    expect(text).toBe((await api.jobs.get(job.id)).output)
  })

  it('errors with the stream’s error', async () => {
    const reader = api.jobs.stream('job_missing').toReadableStream().getReader()
    await expect(reader.read()).rejects.toBeInstanceOf(NotFoundError)
  })

  it('cancelling it closes the HTTP connection', async () => {
    const { stream, connectionClosed, server } = await heldOpenStream()
    const reader = stream.toReadableStream().getReader()
    expect((await reader.read()).value).toEqual({
      type: 'status',
      status: 'running',
      eventId: '1',
    })
    await reader.cancel()
    await connectionClosed // the test times out if the body stays open
    expect(stream.lastEventId).toBe('1')
    await server.close()
  })
})
