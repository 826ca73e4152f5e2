// pnpm --filter @archipelag/client example:chat
import { connect } from './connect'

const { client, close } = await connect()
try {
  const result = await client.chat('What is the capital of France?', {
    systemPrompt: 'You are a helpful assistant',
    maxTokens: 200,
    temperature: 0.7,
  })
  console.log(result.content)
  console.log(
    `job ${result.jobId}: ${result.usage.totalTokens} tokens, ${result.usage.creditsUsed} credits`,
  )
} finally {
  await close()
}
