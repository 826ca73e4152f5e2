import { Hono } from 'hono'
import type { AppEnv, SandboxContext } from '../context.js'

/** `GET /models`: the enabled language-model workloads, OpenAI style. */
export function modelRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/models', (c) =>
    c.json({
      data: ctx.store
        .workloads()
        .filter((w) => w.kind === 'llm' && w.is_enabled)
        .map((w) => ({
          id: w.slug,
          object: 'model',
          owned_by: 'archipelag',
          workload_slug: w.slug,
        })),
    }),
  )
  return app
}
