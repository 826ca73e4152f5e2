#!/usr/bin/env node
// Job stream throughput, in events per second, of what users iterate, against a minimal
// hand-written consumer of the same stream:
//   baseline            fetch + eventsource-parser's createParser + JSON.parse in a callback
//   core jobs.stream    createTransport().jobs.stream(id)         target ≥ 0.8× the baseline
//   client streamJob    client.streamJob(id)                      target ≥ 0.7×
//   client chatStream   client.chatStream(prompt) (creates the job with POST /jobs, then streams
//                       it)                                       target ≥ 0.7×
// The server is bench/lib/fixture-server.mjs in a child process (as a user's server would be): a
// job stream of 200 000 token events (ids 1..N, then a done event), written in two shapes:
// seeded random 1–4096-byte chunks, and one event per chunk. TCP and the HTTP client may merge
// chunks written close together: the baseline's column `reads` shows how the stream arrived.
// Only the built packages' public API is used.
//
// A run measures each contender once per shape (the order rotates between runs), paired with the
// baseline around it: baseline, contender, contender, baseline, so that the machine's speed
// drifting during the measurement (other processes, frequency) falls on both sides alike. A ratio
// is the contender's mean rate over the baseline's mean rate of the same four streams. Printed: the
// median of the runs, with their min and max.
//
//   pnpm turbo run build && node bench/stream-throughput.mjs [--runs 3] [--events 200000]
import { Client } from '@archipelag/client'
import { createTransport } from '@archipelag/core'
import { createParser } from 'eventsource-parser'
import { BENCH_KEY, startFixtureServer } from './lib/fixture-server.mjs'
import * as measure from './lib/measure.mjs'

const { runs: RUNS, events: EVENTS } = measure.numberOptions({ runs: 3, events: 200_000 })
const EXPECTED = EVENTS + 1 // the token events and the done event
const SHAPES = { random: 'random 1–4096-byte chunks', event: 'one event per chunk' }
const KEY = BENCH_KEY

const server = await startFixtureServer({ events: EVENTS })
const transport = createTransport({ apiKey: KEY, baseUrl: server.url })
const client = new Client({ apiKey: KEY, baseUrl: server.url })

/** Reads of the baseline's last stream, to show how the chunks arrived. */
let lastReads = { count: 0, bytes: 0 }

async function baseline(shape) {
  const res = await fetch(`${server.url}/api/v1/jobs/job_${shape}/stream`, {
    headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream' },
  })
  let count = 0
  const parser = createParser({
    onEvent: (message) => {
      if (JSON.parse(message.data).type) count++
    },
  })
  const decoder = new TextDecoder()
  const reads = { count: 0, bytes: 0 }
  for await (const chunk of res.body) {
    reads.count++
    reads.bytes += chunk.byteLength
    parser.feed(decoder.decode(chunk, { stream: true }))
  }
  lastReads = reads
  return count
}

async function countEvents(stream) {
  let count = 0
  for await (const event of stream) if (event.type) count++
  return count
}

const contenders = {
  baseline,
  'core jobs.stream': (shape) => countEvents(transport.jobs.stream(`job_${shape}`)),
  'client streamJob': (shape) => countEvents(client.streamJob(`job_${shape}`)),
  'client chatStream': (shape) => countEvents(client.chatStream(shape)),
}
const TARGETS = { 'core jobs.stream': 0.8, 'client streamJob': 0.7, 'client chatStream': 0.7 }

async function eventsPerSecond(name, shape) {
  measure.collectGarbage()
  const start = performance.now()
  const count = await contenders[name](shape)
  const seconds = (performance.now() - start) / 1000
  if (count !== EXPECTED) throw new Error(`${name} saw ${count} events, expected ${EXPECTED}`)
  return EXPECTED / seconds
}

// Warm-up: JIT and keep-alive sockets.
for (const name of Object.keys(contenders)) await eventsPerSecond(name, 'random')

/**
 * One paired measurement: baseline, contender, contender, baseline (ABBA), so that a drift in
 * the machine's speed during the four falls on both sides alike. The ratio is the contender's
 * mean rate over the baseline's mean rate of the same four.
 */
async function paired(name, shape) {
  const before = await eventsPerSecond('baseline', shape)
  const rate = ((await eventsPerSecond(name, shape)) + (await eventsPerSecond(name, shape))) / 2
  reads[shape].push(lastReads)
  const base = (before + (await eventsPerSecond('baseline', shape))) / 2
  return { rate, ratio: rate / base, base }
}

const measured = Object.keys(contenders).filter((name) => name !== 'baseline')
const rates = {}
const ratios = {}
const reads = {}
for (const shape of Object.keys(SHAPES)) {
  rates[shape] = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]))
  ratios[shape] = Object.fromEntries(measured.map((name) => [name, []]))
  reads[shape] = []
}
for (let run = 0; run < RUNS; run++) {
  for (const shape of Object.keys(SHAPES)) {
    for (const name of measure.rotate(measured, run)) {
      const { rate, ratio, base } = await paired(name, shape)
      rates[shape][name].push(rate)
      rates[shape].baseline.push(base)
      ratios[shape][name].push(ratio)
    }
  }
}
await client.close()
await server.close()

console.log(
  `job stream throughput: ${EVENTS} token events + done, ${RUNS} runs; ${measure.machineLine()}`,
)
for (const [shape, label] of Object.entries(SHAPES)) {
  const r = reads[shape].at(-1)
  console.log(
    `\n${label} (the baseline read ${r.count} chunks of ${(r.bytes / r.count).toFixed(0)} bytes on average)`,
  )
  const rows = [['consumer', 'events/s', '× baseline (median [min–max])', 'target']]
  for (const name of Object.keys(contenders)) {
    const own = ratios[shape][name]
    const target = TARGETS[name]
    rows.push([
      name,
      measure.median(rates[shape][name]).toFixed(0),
      own ? measure.spread(own) : '1',
      target ? `≥ ${target.toFixed(1)}×: ${measure.verdict(own, target)}` : '',
    ])
  }
  measure.printTable(rows)
}
