#!/usr/bin/env node
// SSE throughput of @archipelag/core: the public typed stream (`transport.jobs.stream`,
// with reconnect/dedupe bookkeeping) against what a minimal hand-written consumer
// achieves: eventsource-parser's `createParser` + `JSON.parse` in a plain callback.
// Both read the same recorded 200 000-event job stream, delivered as a ReadableStream
// in random 1–4096-byte chunks (seeded, identical for both). Medians of several rounds.
//
//   pnpm --filter @archipelag/core build && node bench/core-sse.mjs [rounds] [events]
import { createParser } from '../packages/core/node_modules/eventsource-parser/dist/index.js'
import { createTransport } from '../packages/core/dist/index.js'

const ROUNDS = Number(process.argv[2] ?? 7)
const EVENTS = Number(process.argv[3] ?? 200_000)

// A recorded-style job stream: statuses, then tokens, then completion and done.
const words = [
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
let text = 'retry: 1000\n\n'
let id = 0
const event = (data) => {
  id++
  text += `id: ${id}\ndata: ${JSON.stringify(data)}\n\n`
}
for (const status of ['pending', 'queued', 'running']) event({ type: 'status', status })
while (id < EVENTS - 2) {
  event({ type: 'token', content: words[id % words.length] })
  if (id % 5000 === 0) text += ': keep-alive\n\n'
}
event({ type: 'status', status: 'completed' })
event({
  type: 'done',
  usage: {
    prompt_tokens: 5,
    completion_tokens: EVENTS - 5,
    total_tokens: EVENTS,
    credits_used: 0.01,
  },
  finish_reason: 'stop',
})
const bytes = new TextEncoder().encode(text)

// Seeded chunking (mulberry32).
let seed = 42
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const chunks = []
for (let i = 0; i < bytes.length; ) {
  const size = 1 + Math.floor(random() * 4096)
  chunks.push(bytes.subarray(i, i + size))
  i += size
}
const body = () => {
  let i = 0
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++])
      else controller.close()
    },
  })
}

async function baseline() {
  let count = 0
  const parser = createParser({
    onEvent: (message) => {
      const data = JSON.parse(message.data)
      if (data.type) count++
    },
  })
  const decoder = new TextDecoder()
  const reader = body().getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  return count
}

const transport = createTransport({
  apiKey: 'ak_bench',
  baseUrl: 'http://bench.local',
  fetch: async () => new Response(body(), { headers: { 'content-type': 'text/event-stream' } }),
})
async function core() {
  let count = 0
  for await (const e of transport.jobs.stream('job_bench')) if (e.type) count++
  return count
}

async function time(fn) {
  const start = performance.now()
  const count = await fn()
  if (count !== EVENTS) throw new Error(`${fn.name} saw ${count} events, expected ${EVENTS}`)
  return EVENTS / ((performance.now() - start) / 1000)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
await time(baseline)
await time(core)
const base = []
const ours = []
for (let round = 0; round < ROUNDS; round++) {
  base.push(await time(baseline))
  ours.push(await time(core))
}
const ratios = ours.map((v, i) => v / base[i])
console.log(
  `SSE throughput: ${EVENTS} events, ${(bytes.length / 1e6).toFixed(1)} MB in ${chunks.length} chunks of 1–4096 bytes, ${ROUNDS} rounds, Node ${process.version}`,
)
console.log(`createParser + JSON.parse  ${median(base).toFixed(0).padStart(9)} events/s`)
console.log(
  `core jobs.stream           ${median(ours).toFixed(0).padStart(9)} events/s   ×${median(ratios).toFixed(2)}`,
)
