// Compiled by test/consumer-types.test.ts as a Node application would: @types/node, strict,
// skipLibCheck off. It is type-checked only, never run. It exercises the declarations that
// differ between TypeScript versions and libs: disposal and byte arrays.
import { writeFile } from 'node:fs/promises'
import { Client } from '@archipelag/client'
import { createTransport } from '@archipelag/core'

export async function nodeUsage(): Promise<number> {
  await using client = new Client({ apiKey: 'ak_example' })
  const image = await client.generateImage('a lighthouse at dusk')
  await writeFile(`out.${image.imageFormat}`, image.bytes())
  const disposable: AsyncDisposable = client

  const api = createTransport({ apiKey: 'ak_example' })
  const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'Hi' } })
  for await (const event of api.jobs.stream(job.id)) {
    if (event.type === 'token') process.stdout.write(event.content)
  }
  return disposable === client ? image.bytes().byteLength : 0
}
