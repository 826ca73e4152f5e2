#!/usr/bin/env node
// Request overhead of @archipelag/core: `transport.jobs.get(id)` against a bare
// `fetch(url, { headers }) + res.json()` of the same URL, both served by a minimal
// node:http server answering a fixed job body (not the sandbox, whose own cost would
// hide the client's). Also plain ky (the library core does not use on its hot path),
// for scale. Sequential and at concurrency 32. Many short rounds interleave the clients,
// so load from other processes hits them alike; the ratios printed are medians of the
// per-round ratios, all measured in this run.
//
//   pnpm --filter @archipelag/core build && node bench/core-overhead.mjs [rounds] [requests]
import { createServer } from 'node:http'
import { createTransport } from '../packages/core/dist/index.js'
import ky from '../packages/core/node_modules/ky/distribution/index.js'

const ROUNDS = Number(process.argv[2] ?? 21)
const REQUESTS = Number(process.argv[3] ?? 500)
const KEY = 'ak_bench0000000000000000000000000000000000'

const body = JSON.stringify({
  data: {
    id: 'job_bench',
    workload_id: 1,
    workload_slug: 'llm-chat',
    status: 'completed',
    input: { prompt: 'Tell me about islands', max_tokens: 64 },
    output:
      'Islands are pieces of land surrounded by water, found in oceans, seas, lakes and rivers.',
    created_at: '2026-01-01T00:00:00.000Z',
    started_at: '2026-01-01T00:00:00.100Z',
    completed_at: '2026-01-01T00:00:01.200Z',
    duration_ms: 1100,
    usage: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21, credits_used: 0.01 },
  },
})
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': 'req_bench',
  })
  res.end(body)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}`
const url = `${origin}/api/v1/jobs/job_bench`
const headers = { authorization: `Bearer ${KEY}`, accept: 'application/json' }

const transport = createTransport({ apiKey: KEY, baseUrl: origin })
const kyClient = ky.create({ headers })
const clients = {
  'bare fetch': async () => (await fetch(url, { headers })).json(),
  core: () => transport.jobs.get('job_bench'),
  'ky (defaults)': () => kyClient.get(url).json(),
}

async function sequential(fn) {
  const start = performance.now()
  for (let i = 0; i < REQUESTS; i++) await fn()
  return REQUESTS / ((performance.now() - start) / 1000)
}
async function concurrent(fn, width = 32) {
  let left = REQUESTS
  const start = performance.now()
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (left-- > 0) await fn()
    }),
  )
  return REQUESTS / ((performance.now() - start) / 1000)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const results = {}
for (const name of Object.keys(clients)) results[name] = { seq: [], conc: [] }

// Warm-up (JIT, keep-alive sockets).
for (const fn of Object.values(clients)) {
  await sequential(fn)
  await concurrent(fn)
}
const entries = Object.entries(clients)
for (let round = 0; round < ROUNDS; round++) {
  // Rotate who goes first, so no client always runs right after another.
  const order = [
    ...entries.slice(round % entries.length),
    ...entries.slice(0, round % entries.length),
  ]
  for (const [name, fn] of order) {
    results[name].seq.push(await sequential(fn))
    results[name].conc.push(await concurrent(fn))
  }
}
server.close()

const ratio = (name, mode) =>
  median(results[name][mode].map((v, i) => v / results['bare fetch'][mode][i]))
console.log(`request overhead: ${ROUNDS} rounds × ${REQUESTS} requests, Node ${process.version}`)
console.log('client          seq req/s  ×bare   conc32 req/s  ×bare')
for (const name of Object.keys(clients)) {
  console.log(
    `${name.padEnd(15)} ${median(results[name].seq).toFixed(0).padStart(9)}  ${ratio(name, 'seq').toFixed(2)}   ${median(results[name].conc).toFixed(0).padStart(12)}  ${ratio(name, 'conc').toFixed(2)}`,
  )
}
