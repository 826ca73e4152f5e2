// pnpm --filter @archipelag/client example:tour [out.png]
// A scripted walk through the client in the terminal: the account and the Cargos, a streamed
// chat, an image saved to disk, a small batch with progress, and the credits it all cost.
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { connect } from './connect'

// Relative to where you ran pnpm (INIT_CWD), not to this package.
const file = resolve(process.env.INIT_CWD ?? '.', process.argv[2] ?? 'tour.png')
const heading = (text: string) => console.log(`\n== ${text}`)
// Progress redraws one line on a terminal; piped output gets the last state only.
const progress = (text: string, last: boolean) => {
  if (process.stdout.isTTY) process.stdout.write(`\r${text}${last ? '\n' : ''}`)
  else if (last) console.log(text)
}

const { client, close } = await connect()
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
    `\n(${chat.usage?.totalTokens} tokens, ${chat.usage?.creditsUsed} credits, job ${chat.jobId})`,
  )

  heading('Image')
  const image = await client.generateImage('a lighthouse at dusk', {
    width: 256,
    height: 256,
    steps: 12,
    seed: 7,
    onProgress: (step, total) => progress(`step ${step}/${total}`, step === total),
  })
  await writeFile(file, image.bytes())
  console.log(`saved ${image.width}x${image.height} ${image.imageFormat} to ${file}`)

  heading('Batch')
  const prompts = ['a haiku about tides', 'a haiku about coral', 'a haiku about gulls']
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
  await close()
}
