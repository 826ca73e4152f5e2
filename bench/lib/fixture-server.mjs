#!/usr/bin/env node
// A minimal Archipelag-shaped API for the client-side benchmarks, run in a child process by
// `startFixtureServer()` below: fixed answers, so the figures measure the clients, not a server's
// work.
//
//   GET    /api/v1/jobs/{id}         → 200 {"data": Job} (completed)
//   POST   /api/v1/jobs              → 201 {"data": Job} (queued) whose id is `job_<prompt>`, so
//                                      `chatStream('random')` streams the job `job_random`
//   GET    /api/v1/jobs/{id}/stream  → the job's SSE stream: token events with ids 1..N
//                                      (`data: {"type":"token","content":"…"}`), then a done event;
//                                      `job_random` writes it in seeded random 1–4096-byte chunks,
//                                      `job_event` one event per chunk
//   DELETE /api/v1/jobs/{id}         → 200 {"data": Job} (cancelled)
//   any    /bare                     → 200 {"data":{}}, the body unread: a bare node:http server's
//                                      rate, for scale
//
//   node bench/lib/fixture-server.mjs [--events N] [--seed S]
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startChild } from './child-server.mjs'

/** The API key the benchmarks send (the fixture server does not check it). */
export const BENCH_KEY = 'ak_bench0000000000000000000000000000000000'

const WORDS = [
  'The',
  ' island',
  ' sits',
  ' in',
  ' a',
  ' calm',
  ' sea',
  ',',
  ' naïve',
  ' 🌊',
  ' waves',
]

/** The wire Job the fixture answers with. */
function fixtureJob(id, status, prompt = 'Tell me about islands') {
  const job = {
    id,
    workload_id: 1,
    workload_slug: 'llm-chat',
    status,
    input: { prompt, max_tokens: 64 },
    created_at: '2026-01-01T00:00:00.000Z',
  }
  if (status === 'completed') {
    Object.assign(job, {
      output: 'Islands are pieces of land surrounded by water, found in oceans, seas and lakes.',
      started_at: '2026-01-01T00:00:00.100Z',
      completed_at: '2026-01-01T00:00:01.200Z',
      duration_ms: 1100,
      usage: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21, credits_used: 0.01 },
    })
  }
  return job
}

/** The SSE stream of a job with `events` token events (ids 1..N) and a done event (id N+1). */
function streamEvents(events) {
  const frames = []
  for (let id = 1; id <= events; id++) {
    const data = JSON.stringify({ type: 'token', content: WORDS[id % WORDS.length] })
    frames.push(`id: ${id}\ndata: ${data}\n\n`)
  }
  const usage = { prompt_tokens: 5, completion_tokens: events, total_tokens: events + 5 }
  const done = JSON.stringify({ type: 'done', usage: { ...usage, credits_used: 0.01 } })
  frames.push(`id: ${events + 1}\ndata: ${done}\n\n`)
  return frames
}

/** mulberry32: a small seeded PRNG, so both runs of a comparison read the same chunks. */
function seededRandom(seed) {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The stream cut into the two shapes: seeded random 1–4096-byte chunks, one event per chunk. */
function streamChunks(events, seed) {
  const frames = streamEvents(events)
  const bytes = Buffer.from(frames.join(''))
  const random = seededRandom(seed)
  const chunks = []
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + Math.floor(random() * 4096)
    chunks.push(bytes.subarray(i, i + size))
    i += size
  }
  return { random: chunks, event: frames.map((frame) => Buffer.from(frame)) }
}

function json(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': 'req_bench',
  })
  res.end(text)
}

/**
 * One job stream's whole HTTP response, encoded once: the head, then each chunk as its own HTTP/1.1
 * chunk frame. Written to the socket in one go, so the server costs next to nothing per stream and
 * the clients read exactly the chunk frames of the shape.
 */
function encodeResponse(chunks) {
  const head =
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n' +
    'x-request-id: req_bench\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n'
  const parts = [Buffer.from(head)]
  for (const chunk of chunks) {
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(parts)
}

async function readBody(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? JSON.parse(text) : {}
}

function serve(events, seed) {
  const { random, event } = streamChunks(events, seed)
  const streams = new Map([
    ['job_random', encodeResponse(random)],
    ['job_event', encodeResponse(event)],
  ])
  const jobBody = JSON.stringify({ data: fixtureJob('job_bench', 'completed') })
  return createServer(async (req, res) => {
    const [path] = (req.url ?? '').split('?')
    if (path === '/bare') {
      res.setHeader('content-type', 'application/json')
      return res.end('{"data":{}}')
    }
    const match = /^\/api\/v1\/jobs(?:\/([^/]+))?(\/stream)?$/.exec(path ?? '')
    const id = match?.[1]
    if (match && req.method === 'GET' && id && match[2]) {
      const response = streams.get(id)
      // the connection closes after the stream, so the socket is this response's alone
      if (response) return req.socket.end(response)
    } else if (match && req.method === 'GET' && id) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(jobBody),
        'x-request-id': 'req_bench',
      })
      return res.end(jobBody)
    } else if (match && req.method === 'POST' && !id) {
      const body = await readBody(req)
      const prompt = String(body.input?.prompt ?? '')
      return json(res, 201, { data: fixtureJob(`job_${prompt}`, 'queued', prompt) })
    } else if (match && req.method === 'DELETE' && id) {
      return json(res, 200, { data: fixtureJob(id, 'cancelled') })
    }
    json(res, 404, { error: { message: `No route for ${req.method} ${path}`, code: 'not_found' } })
  })
}

/**
 * Starts this server in a child process.
 * @param {{ events?: number, seed?: number }} [options] the job stream's token events and chunk seed
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startFixtureServer({ events = 200_000, seed = 42 } = {}) {
  return startChild(fileURLToPath(import.meta.url), ['--events', events, '--seed', seed], {
    url: /listening on (\S+)/,
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      seed: { type: 'string', default: '42' },
    },
  })
  const server = serve(Number(values.events), Number(values.seed))
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`fixture listening on http://127.0.0.1:${server.address().port}\n`)
  })
}
