#!/usr/bin/env node
// The demo behind `npm run demo`: starts the local sandbox (or, with
// ARCHIPELAG_API_KEY set, talks to that API instead) and walks through the
// client: account and Cargos, a streamed chat, an image saved to disk and a
// small batch with progress. Run after the packages are built (task.mjs does it).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { Client } = await import(join(root, 'packages/client/dist/index.js'))

let sandbox
let client
if (process.env.ARCHIPELAG_API_KEY) {
  client = new Client()
  console.log(
    `Using ${client.baseUrl ?? process.env.ARCHIPELAG_BASE_URL ?? 'the Archipelag.io API'}`,
  )
} else {
  const { startSandbox } = await import(join(root, 'packages/sandbox/dist/index.js'))
  sandbox = await startSandbox({ db: ':memory:', islands: 8, tokenIntervalMs: 25 })
  console.log(`Archipelag sandbox listening on ${sandbox.url}`)
  console.log(`API key: ${sandbox.apiKey}`)
  client = new Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
}

const heading = (text) => console.log(`\n== ${text}`)
// Progress redraws one line on a terminal; piped output gets the last state only.
const progress = (text, last) => {
  if (process.stdout.isTTY) process.stdout.write(`\r${text}${last ? '\n' : ''}`)
  else if (last) console.log(text)
}
try {
  heading('Account')
  const account = await client.getAccount()
  console.log(`${account.email}: ${account.credits} credits`)

  heading('Cargos')
  for (const w of await client.listWorkloads()) {
    console.log(`${w.slug.padEnd(16)} ${String(w.pricePerJob).padStart(5)} credits/job  ${w.name}`)
  }

  heading('Streaming chat')
  const stream = client.chatStream('Tell me about the islands of the archipelago', {
    systemPrompt: 'You are a friendly guide',
    maxTokens: 40,
  })
  for await (const text of stream.textStream) process.stdout.write(text)
  const chat = await stream.finalResult()
  console.log(
    `\n(${chat.usage.totalTokens} tokens, ${chat.usage.creditsUsed} credits, job ${chat.jobId})`,
  )

  heading('Image')
  const image = await client.generateImage('a lighthouse at dusk', {
    width: 256,
    height: 256,
    steps: 12,
    seed: 7,
    onProgress: (step, total) => progress(`step ${step}/${total}`, step === total),
  })
  const file = join(root, '.archipelag', 'demo.png')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, image.bytes())
  console.log(`saved ${image.width}x${image.height} ${image.imageFormat} to ${file}`)

  heading('Batch')
  const prompts = [
    'a haiku about tides',
    'a haiku about coral',
    'a haiku about gulls',
    'a haiku about fog',
  ]
  const jobs = await client.batch(
    prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt, max_tokens: 12 } })),
  )
  const done = await client.waitAll(jobs, {
    onProgress: (n, total) => progress(`${n}/${total} done`, n === total),
  })
  for (const [i, job] of done.entries()) console.log(`${prompts[i]}: ${job.output}`)

  heading('Account after')
  console.log(`${(await client.getAccount()).credits} credits left`)
} finally {
  await client.close()
  await sandbox?.close()
}
