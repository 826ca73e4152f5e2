// pnpm --filter @archipelag/client example:batch
import { connect } from './connect'

const prompts = Array.from({ length: 24 }, (_, i) => `Write a haiku about island number ${i + 1}`)

function bar(done: number, total: number): string {
  const width = 30
  const filled = Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`
}

const { client, close } = await connect()
try {
  const started = Date.now()
  const jobs = await client.batch(
    prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt } })),
  )
  const outcomes = await client.waitAll(jobs, {
    settled: true,
    onProgress: (done, total) => process.stderr.write(`\r${bar(done, total)}`),
  })
  process.stderr.write('\n')
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length
  console.log(`${ok}/${outcomes.length} jobs completed in ${Date.now() - started} ms`)
  const first = outcomes[0]
  if (first?.status === 'fulfilled') console.log(`first: ${first.job.output}`)
} finally {
  await close()
}
