#!/usr/bin/env node
// Request overhead: `client.getJob(id)` and core's `transport.jobs.get(id)` against
//   - a plain ky call with the same retry and timeout settings (2 retries, 60 s per attempt),
//   - a bare `fetch` + `JSON.parse` of the same URL,
// sequentially and at concurrency 32. The server is bench/lib/fixture-server.mjs in a child
// process (as a user's server would be), answering a fixed job body, so the figures measure the
// clients, not a server's work. Only the built packages' public API is used.
//
// A run is several short rounds; in each round every client makes its requests in turn (the
// order rotates), and the run's ratio for a client is the median of its per-round ratios to the
// baselines of the same round, so load from other processes falls on all clients alike. Printed:
// the median of the runs, with their min and max.
//
//   pnpm turbo run build && node bench/request-overhead.mjs [--runs 3] [--rounds 7] [--requests 500]
import { Client } from '@archipelag/client'
import { createTransport } from '@archipelag/core'
import ky from 'ky'
import { BENCH_KEY, startFixtureServer } from './lib/fixture-server.mjs'
import * as measure from './lib/measure.mjs'

const {
  runs: RUNS,
  rounds: ROUNDS,
  requests: REQUESTS,
} = measure.numberOptions({ runs: 3, rounds: 7, requests: 500 })
const WIDTH = 32
const KEY = BENCH_KEY
const RETRIES = 2
const TIMEOUT_MS = 60_000

const server = await startFixtureServer({ events: 10 })
const url = `${server.url}/api/v1/jobs/job_bench`
const headers = { authorization: `Bearer ${KEY}`, accept: 'application/json' }
const transport = createTransport({
  apiKey: KEY,
  baseUrl: server.url,
  maxRetries: RETRIES,
  timeout: TIMEOUT_MS,
})
const client = new Client({
  apiKey: KEY,
  baseUrl: server.url,
  maxRetries: RETRIES,
  timeout: TIMEOUT_MS,
})
const kyClient = ky.create({ headers, retry: { limit: RETRIES }, timeout: TIMEOUT_MS })

const check = (id) => {
  if (id !== 'job_bench') throw new Error(`unexpected job ${id}`)
}
const BARE = 'bare fetch + JSON.parse'
const KY = 'plain ky (2 retries, 60 s)'
const clients = {
  [BARE]: async () => check(JSON.parse(await (await fetch(url, { headers })).text()).data.id),
  [KY]: async () => check((await kyClient.get(url).json()).data.id),
  'core jobs.get': async () => check((await transport.jobs.get('job_bench')).id),
  'client getJob': async () => check((await client.getJob('job_bench')).id),
}

async function requestsPerSecond(fn, width) {
  measure.collectGarbage()
  let left = REQUESTS
  const start = performance.now()
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (left-- > 0) await fn()
    }),
  )
  return REQUESTS / ((performance.now() - start) / 1000)
}

/** One run: per mode, each client's req/s per round, and its ratios to the two baselines. */
async function run() {
  const perMode = {}
  for (const [mode, width] of [
    ['sequential', 1],
    [`concurrency ${WIDTH}`, WIDTH],
  ]) {
    const rounds = Object.fromEntries(Object.keys(clients).map((name) => [name, []]))
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of measure.rotate(Object.entries(clients), round)) {
        rounds[name].push(await requestsPerSecond(fn, width))
      }
    }
    const ratioTo = (name, base) => measure.median(rounds[name].map((v, i) => v / rounds[base][i]))
    perMode[mode] = Object.fromEntries(
      Object.keys(clients).map((name) => [
        name,
        {
          rate: measure.median(rounds[name]),
          bare: ratioTo(name, BARE),
          ky: ratioTo(name, KY),
        },
      ]),
    )
  }
  return perMode
}

// Warm-up: JIT and keep-alive sockets.
for (const fn of Object.values(clients)) {
  await requestsPerSecond(fn, 1)
  await requestsPerSecond(fn, WIDTH)
}
const runs = []
for (let i = 0; i < RUNS; i++) runs.push(await run())
await client.close()
await server.close()

console.log(
  `request overhead: ${RUNS} runs × ${ROUNDS} rounds × ${REQUESTS} requests per client; ${measure.machineLine()}`,
)
const TARGETS = { 'client getJob': ['ky', 0.9] }
for (const mode of Object.keys(runs[0])) {
  console.log(`\n${mode} (median of runs [min–max])`)
  const rows = [['client', 'req/s', '× bare fetch', '× plain ky', 'target']]
  for (const name of Object.keys(clients)) {
    const of = (key) => runs.map((r) => r[mode][name][key])
    const target = TARGETS[name]
    rows.push([
      name,
      measure.median(of('rate')).toFixed(0),
      name === BARE ? '1' : measure.spread(of('bare')),
      name === KY ? '1' : measure.spread(of('ky')),
      target
        ? `≥ ${target[1].toFixed(2)}× ${target[0]}: ${measure.verdict(of(target[0]), target[1])}`
        : '',
    ])
  }
  measure.printTable(rows)
}
