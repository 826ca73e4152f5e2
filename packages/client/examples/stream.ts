// pnpm --filter @archipelag/client example:stream
import { connect } from './connect'

const { client, close } = await connect()
try {
  // Token by token, like the seed's `for event in client.chat_stream(...)`.
  const stream = client.chatStream('Tell me a story', { systemPrompt: 'You are a storyteller' })
  for await (const event of stream) {
    if (event.type === 'token') process.stdout.write(event.content)
    else if (event.type === 'done') console.log(`\n[${event.usage?.totalTokens} tokens]`)
  }

  // Detach after a few tokens, then pick the same job up again: nothing lost or repeated.
  const first = client.chatStream('Another story, interrupted', { maxTokens: 30 })
  let tokens = 0
  for await (const event of first) {
    if (event.type === 'token') {
      process.stdout.write(event.content)
      if (++tokens === 5) first.detach()
    }
  }
  process.stdout.write(' [detached… resuming] ')
  const rest = client.streamJob(first.jobId as string, { lastEventId: first.lastEventId })
  for await (const text of rest.textStream) process.stdout.write(text)
  console.log()

  // Stopping early cancels the job, so no credits burn for nothing.
  const stopped = client.chatStream('A story we will not finish')
  for await (const event of stopped) if (event.type === 'token') break
  console.log(
    `stopped early: job ${stopped.jobId} is ${(await client.getJob(stopped.jobId as string)).status}`,
  )
} finally {
  await close()
}
