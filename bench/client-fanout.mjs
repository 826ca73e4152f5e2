#!/usr/bin/env node
// 100 llm-chat jobs two ways, in the same run, against one local sandbox with enough
// Islands to run them all at once:
//   fan-out: client.batch(specs) + client.waitAll(jobs)    (concurrent, stream-first)
//   seed:    create one by one, then wait one by one polling every 1 s (the Python
//            SDK's documented pattern: create_job in a loop, then wait_for_job(poll_interval=1.0))
// For each: wall time, the sandbox's makespan (first job created → last job completed,
// from the jobs' own timestamps) and HTTP requests per job (a counting fetch).
// Target for fan-out: wall ≤ 1.25 × makespan + 50 ms, ≤ 2 requests per job. waitAll returns
// the server's final records (completedAt, durationMs), read with one `GET /jobs` page per
// 100 jobs after the streams end: the request budget is 2 per job + 1 per 100 jobs, and the
// list pages are counted separately ('list pages').
//
//   pnpm build && node bench/client-fanout.mjs [jobs=100] [runs=3] [tokenIntervalMs=5] [batchConcurrency=8] [--in-process]
import { Client } from '@archipelag/client'
import { startSandbox } from '@archipelag/sandbox'
import { startSandboxCli } from './lib/sandbox-cli.mjs'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const JOBS = Number(args[0] ?? 100)
const RUNS = Number(args[1] ?? 3)
const TOKEN_MS = Number(args[2] ?? 5)
const BATCH_CONCURRENCY = Number(args[3] ?? 8)

// By default the sandbox runs in its own process, as a remote API would: sharing one event
// loop with the client under test would slow the server by the client's own work.
// `--in-process` keeps both in this process.
const IN_PROCESS = process.argv.includes('--in-process')
const sandboxOptions = {
  db: ':memory:',
  islands: Math.max(100, JOBS),
  tokenIntervalMs: TOKEN_MS,
  credits: 100_000,
  rateLimit: false,
  quiet: true,
}
const sandbox = IN_PROCESS ? await startSandbox(sandboxOptions) : await spawnSandbox(sandboxOptions)

async function spawnSandbox(o) {
  const { url, key, close } = await startSandboxCli([
    ...['--credits', o.credits, '--islands', o.islands],
    ...['--token-interval-ms', o.tokenIntervalMs, '--rate-limit', 0],
  ])
  return { url, apiKey: key, close }
}

function counted() {
  const counter = { requests: 0, pages: 0 }
  const client = new Client({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    fetch: (input, init) => {
      counter.requests++
      if (/\/jobs\?/.test(String(input.url ?? input))) counter.pages++
      return fetch(input, init)
    },
  })
  return { client, counter }
}

const observer = new Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })

/** Makespan from the server's timestamps: first created_at → last completed_at. */
async function makespan(ids) {
  const jobs = await Promise.all(ids.map((id) => observer.getJob(id)))
  const created = Math.min(...jobs.map((j) => Date.parse(j.createdAt)))
  const completed = Math.max(...jobs.map((j) => Date.parse(j.completedAt ?? j.createdAt)))
  const allDone = jobs.every((j) => j.status === 'completed')
  return { ms: completed - created, allDone }
}

const specs = (tag) =>
  Array.from({ length: JOBS }, (_, i) => ({
    workload: 'llm-chat',
    input: { prompt: `${tag}: tell me about island ${i}` },
  }))

async function fanOut(tag) {
  const { client, counter } = counted()
  const start = performance.now()
  const jobs = await client.batch(specs(tag), { concurrency: BATCH_CONCURRENCY })
  const created = performance.now() - start
  const done = await client.waitAll(jobs)
  const wall = performance.now() - start
  await client.close()
  return { wall, created, ...counter, ids: done.map((j) => j.id) }
}

async function seedPattern(tag) {
  const { client, counter } = counted()
  const start = performance.now()
  const jobs = []
  for (const spec of specs(tag)) jobs.push(await client.createJob(spec))
  const created = performance.now() - start
  const done = []
  for (const job of jobs) {
    done.push(await client.waitForJob(job.id, { stream: false, pollInterval: 1000 }))
  }
  const wall = performance.now() - start
  await client.close()
  return { wall, created, ...counter, ids: done.map((j) => j.id) }
}

const rows = []
async function measure(name, fn, tag) {
  const r = await fn(tag)
  const span = await makespan(r.ids)
  if (!span.allDone) throw new Error(`${name}: not every job completed`)
  const row = {
    pattern: name,
    'all created ms': Math.round(r.created),
    'wall ms': Math.round(r.wall),
    'makespan ms': span.ms,
    'wall / makespan': +(r.wall / span.ms).toFixed(2),
    'target ms (1.25×makespan+50)': Math.round(1.25 * span.ms + 50),
    'requests/job': +(r.requests / JOBS).toFixed(2),
    'list pages': r.pages,
  }
  rows.push(row)
  return row
}

await fanOut('warm-up')
const fanRows = []
for (let i = 0; i < RUNS; i++) {
  fanRows.push(await measure(`batch+waitAll #${i + 1}`, fanOut, `fan${i}`))
}
const seed = await measure('seed (create, then poll 1 s)', seedPattern, 'seed')

console.log(
  `${JOBS} llm-chat jobs, ${Math.max(100, JOBS)} Islands, tokenIntervalMs ${TOKEN_MS}, batch concurrency ${BATCH_CONCURRENCY}, sandbox ${IN_PROCESS ? 'in this process' : 'in its own process'}, Node ${process.version}`,
)
console.table(rows)
const median = [...fanRows].sort((a, b) => a['wall ms'] - b['wall ms'])[
  Math.floor(fanRows.length / 2)
]
const ok = fanRows.every(
  (r) =>
    r['wall ms'] <= r['target ms (1.25×makespan+50)'] &&
    r['requests/job'] * JOBS - r['list pages'] <= 2 * JOBS &&
    r['list pages'] <= Math.ceil(JOBS / 100),
)
console.log(
  `fan-out median wall ${median['wall ms']} ms vs seed ${seed['wall ms']} ms (seed / fan-out: ${(seed['wall ms'] / median['wall ms']).toFixed(2)}); ` +
    `target ${ok ? 'met' : 'MISSED'} on ${ok ? 'every' : 'some'} run`,
)

await observer.close()
await sandbox.close()
process.exit(ok ? 0 : 1)
