import { Hono } from 'hono'
import type { AppEnv, SandboxContext } from '../context.js'
import { isChatModel } from '../workloads.js'

/** `GET /models`: the enabled language-model workloads, OpenAI style. */
export function modelRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/models', (c) =>
    c.json({
      data: ctx.store.workloads
        .all()
        .filter(isChatModel)
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
