import { Hono } from 'hono'
import type { AppEnv, SandboxContext } from '../context.js'
import { notFound } from '../errors.js'
import { workloadJson } from '../serialize.js'

/** `GET /workloads`, `GET /workloads/{slug}`. */
export function workloadRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/workloads', (c) => c.json({ data: ctx.store.workloads.all().map(workloadJson) }))
  app.get('/workloads/:slug', (c) => {
    const slug = c.req.param('slug')
    const workload =
      ctx.store.workloads.bySlug(slug) ??
      (/^\d+$/.test(slug) ? ctx.store.workloads.byId(Number(slug)) : undefined)
    if (!workload) throw notFound('Workload', slug)
    return c.json({ data: workloadJson(workload) })
  })
  return app
}
