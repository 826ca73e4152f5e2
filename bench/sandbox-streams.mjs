#!/usr/bin/env node
// Concurrent SSE streams held by the sandbox.
//
//   pnpm turbo run build
//   node bench/sandbox-streams.mjs [--streams 500] [--hold-ms 3000]
//
// Starts the built CLI as a child process with one Island per stream, creates that many hanging
// jobs ([sandbox:hang]: running, silent until cancelled), opens one stream per job on loopback,
// holds them all (keep-alive comments every second), then prints how many were held, the time to
// first event, and the server's memory. Finally it cancels the jobs and checks every stream ended.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startSandboxCli } from './lib/sandbox-cli.mjs'

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '500' },
    'hold-ms': { type: 'string', default: '3000' },
  },
})
const count = Number(values.streams)
const holdMs = Number(values['hold-ms'])

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return Number.NaN
  }
}

const { child, url, key } = await startSandboxCli([
  '--port',
  '0',
  '--db',
  ':memory:',
  '--quiet',
  '--islands',
  String(count),
  '--keep-alive-ms',
  '1000',
  '--rate-limit',
  '0',
  '--credits',
  String(count),
])
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
const rssIdle = rssMb(child.pid)

const jobs = []
for (let i = 0; i < count; i += 50) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
      const res = await fetch(`${url}/api/v1/jobs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          workload: 'llm-chat',
          input: { prompt: `hold ${i + j} [sandbox:hang]` },
        }),
      })
      return (await res.json()).data.id
    }),
  )
  jobs.push(...batch)
}

const decoder = new TextDecoder()
const firstEventMs = []
let open = 0
let ended = 0
let keepAlives = 0
const t0 = performance.now()
const streams = jobs.map(async (id) => {
  const started = performance.now()
  const res = await fetch(`${url}/api/v1/jobs/${id}/stream`, { headers })
  if (res.status !== 200) throw new Error(`stream ${id}: ${res.status}`)
  open += 1
  let seenEvent = false
  for await (const chunk of res.body) {
    const text = decoder.decode(chunk)
    if (!seenEvent && text.includes('id: ')) {
      seenEvent = true
      firstEventMs.push(performance.now() - started)
    }
    if (text.includes(': keep-alive')) keepAlives += 1
  }
  ended += 1
})
while (firstEventMs.length < count) await new Promise((resolve) => setTimeout(resolve, 10))
const allOpenMs = performance.now() - t0
await new Promise((resolve) => setTimeout(resolve, holdMs))
const health = (await (await fetch(`${url}/_sandbox/health`)).json()).data
const rssHeld = rssMb(child.pid)
const held = health.open_streams

await Promise.all(
  jobs.map((id) =>
    fetch(`${url}/api/v1/jobs/${id}`, { method: 'DELETE', headers }).then((r) => r.text()),
  ),
)
await Promise.all(streams)
const after = (await (await fetch(`${url}/_sandbox/health`)).json()).data
child.kill('SIGTERM')

firstEventMs.sort((a, b) => a - b)
const pct = (p) =>
  firstEventMs[Math.min(firstEventMs.length - 1, Math.floor((p / 100) * firstEventMs.length))]
console.log(`sandbox streams: ${count} concurrent SSE streams on loopback, held ${holdMs} ms`)
console.log(`  held:        ${held}/${count} open on the server (${open} opened by the client)`)
console.log(
  `  first event: p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, all open in ${allOpenMs.toFixed(0)} ms`,
)
console.log(`  keep-alives: ${keepAlives} received while held`)
console.log(
  `  server RSS:  ${rssIdle.toFixed(0)} MB idle, ${rssHeld.toFixed(0)} MB holding (${(((rssHeld - rssIdle) * 1024) / count).toFixed(0)} KB per stream)`,
)
console.log(
  `  after cancel: ${ended}/${count} streams ended, ${after.open_streams} still open on the server`,
)
if (held !== count || ended !== count || after.open_streams !== 0) process.exitCode = 1
