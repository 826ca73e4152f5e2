// pnpm --filter @archipelag/client example:errors
import {
  ArchipelagError,
  AuthenticationError,
  InsufficientCreditsError,
  JobFailedError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@archipelag/client'
import { connect } from './connect'

const { client, close } = await connect()

async function attempt(label: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn()
    console.log(`${label}: ok`)
  } catch (error) {
    if (error instanceof AuthenticationError) console.log(`${label}: invalid API key`)
    else if (error instanceof InsufficientCreditsError)
      console.log(`${label}: need ${error.required} credits, have ${error.available}`)
    else if (error instanceof RateLimitError)
      console.log(`${label}: retry after ${error.retryAfter}s`)
    else if (error instanceof JobFailedError)
      console.log(`${label}: ${error.message}`) // "Job job_… failed: <reason>"; error.jobId too
    else if (error instanceof ValidationError)
      console.log(`${label}: ${error.message} (field ${error.field})`)
    else if (error instanceof NotFoundError)
      console.log(`${label}: not found (request ${error.requestId})`)
    else if (error instanceof TimeoutError)
      console.log(`${label}: timed out waiting for ${error.jobId}`)
    else if (error instanceof ArchipelagError) console.log(`${label}: API error: ${error.message}`)
    else throw error
  }
}

try {
  await attempt('temperature 3', () => client.chat('Hello!', { temperature: 3 }))
  await attempt('missing job', () => client.getJob('job_does_not_exist'))
  await attempt('failing job', () => client.chat('Hello! [sandbox:fail]'))
  const slow = await client.createJob('llm-chat', { prompt: 'Never ends [sandbox:hang]' })
  await attempt('short wait', () => client.waitForJob(slow.id, { timeout: 300 }))
  await client.cancelJob(slow.id)
} finally {
  await close()
}
