#!/usr/bin/env node
// Job throughput of the sandbox: jobs created per second and completed per second.
//
//   pnpm turbo run build
//   node bench/sandbox-throughput.mjs [--jobs 2000] [--concurrency 16] [--islands 8] [--in-process]
//
// --in-process runs the same load through createSandbox()'s in-process fetch instead (no sockets:
// the sandbox's own cost, engine and storage, without HTTP).
//
// Starts the built CLI as a child process (its own core) with --token-interval-ms 0,
// --step-interval-ms 0 and the rate limit off, creates llm-chat jobs from concurrent loops, then
// waits until every job is terminal (polling /_sandbox/health, then checking every job's status).
import { parseArgs } from 'node:util'
import { startFixtureServer } from './lib/fixture-server.mjs'
import { startSandboxCli } from './lib/sandbox-cli.mjs'

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    islands: { type: 'string', default: '8' },
    'in-process': { type: 'boolean', default: false },
  },
})
const total = Number(values.jobs)
const concurrency = Number(values.concurrency)

const inProcess = values['in-process']
const target = inProcess
  ? await (async () => {
      const { createSandbox } = await import('@archipelag/sandbox')
      const sandbox = await createSandbox({
        db: ':memory:',
        credits: total,
        islands: Number(values.islands),
        tokenIntervalMs: 0,
        stepIntervalMs: 0,
        rateLimit: false,
      })
      return {
        child: { kill: () => sandbox.close() },
        url: sandbox.url,
        key: sandbox.apiKey,
        fetch: sandbox.fetch,
      }
    })()
  : { ...(await startCliTarget()), fetch: globalThis.fetch }
const { child, url, key } = target
const fetch = target.fetch

async function startCliTarget() {
  return startSandboxCli([
    '--port',
    '0',
    '--db',
    ':memory:',
    '--quiet',
    '--credits',
    String(total),
    '--islands',
    values.islands,
    '--token-interval-ms',
    '0',
    '--step-interval-ms',
    '0',
    '--rate-limit',
    '0',
  ])
}
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }

const ids = []
let next = 0
const t0 = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const res = await fetch(`${url}/api/v1/jobs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ workload: 'llm-chat', input: { prompt: `bench prompt ${i}` } }),
      })
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`)
      ids.push((await res.json()).data.id)
    }
  }),
)
const created = performance.now()
for (;;) {
  const health = (await (await fetch(`${url}/_sandbox/health`)).json()).data
  if (health.queued_jobs === 0 && health.busy_islands === 0) break
  await new Promise((resolve) => setTimeout(resolve, 5))
}
const completed = performance.now()

let done = 0
let tokens = 0
for (let offset = 0; offset < total; offset += 100) {
  const page = (
    await (await fetch(`${url}/api/v1/jobs?limit=100&offset=${offset}`, { headers })).json()
  ).data
  for (const job of page) {
    if (job.status === 'completed') done += 1
    tokens += job.usage?.completion_tokens ?? 0
  }
}
await child.kill('SIGTERM')

// Baseline in the same run: a bare node:http server answering a constant JSON body, hit by the
// same client loops (this machine is shared and noisy; the ratio means more than the absolutes).
let bareRate = Number.NaN
if (!inProcess) {
  const bare = await startFixtureServer({ events: 1 })
  let bareNext = 0
  const b0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (bareNext < total) {
        bareNext++
        await (await globalThis.fetch(`${bare.url}/bare`, { method: 'POST', body: '{}' })).text()
      }
    }),
  )
  bareRate = total / ((performance.now() - b0) / 1000)
  await bare.close()
}

const s = (ms) => ms / 1000
console.log(
  `sandbox throughput${inProcess ? ' (in-process fetch, no sockets)' : ''}: ${total} llm-chat jobs, ${concurrency} client loops, ${values.islands} islands, tokenIntervalMs 0`,
)
console.log(
  `  created:   ${(total / s(created - t0)).toFixed(0)} jobs/s (${s(created - t0).toFixed(2)} s)`,
)
console.log(
  `  completed: ${(total / s(completed - t0)).toFixed(0)} jobs/s end to end (${s(completed - t0).toFixed(2)} s), ${done}/${total} completed`,
)
if (!inProcess) {
  console.log(
    `  baseline:  bare node:http server, same client loops: ${bareRate.toFixed(0)} req/s (job creation = ${((total / s(created - t0) / bareRate) * 100).toFixed(0)}% of it)`,
  )
}
console.log(`  tokens:    ${tokens} streamed, ${(tokens / s(completed - t0)).toFixed(0)} tokens/s`)
if (done !== total) process.exitCode = 1
