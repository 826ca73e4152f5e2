import { Hono } from 'hono'
import { requireScope } from '../auth.js'
import { readJson } from '../body.js'
import { chatCompletion } from '../chat-completion.js'
import { chatCompletionStream } from '../chat-completion-stream.js'
import { parseChatRequest } from '../chat-request.js'
import type { AppEnv, SandboxContext } from '../context.js'
import { newId } from '../ids.js'
import { assertAffordable } from '../job-creation.js'

/**
 * `POST /chat/completions`: OpenAI-compatible; runs (and charges) a real job of the language Cargo
 * named by `model` (one `GET /models` lists; `llm-chat` by default, anything else is a 422).
 */
export function chatRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.post('/chat/completions', requireScope('jobs:write'), async (c) => {
    const { workload, stream, input } = parseChatRequest(ctx, await readJson(c))
    const { accountId } = c.get('caller')
    const job = ctx.store.tx(() => {
      assertAffordable(ctx, accountId, workload.price_micro)
      return ctx.engine.insertJob(accountId, workload, input)
    })
    ctx.engine.enqueue(job)
    const base = {
      id: newId('chatcmpl'),
      created: Math.floor(Date.parse(job.created_at) / 1000),
      model: workload.slug,
    }
    return stream ? chatCompletionStream(c, ctx, job, base) : chatCompletion(c, ctx, job, base)
  })
  return app
}
