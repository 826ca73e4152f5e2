import { Hono } from 'hono'
import type { AppEnv, SandboxContext } from '../context.js'
import { notFound } from '../errors.js'
import { hostJson } from '../serialize.js'

/** `GET /hosts`, `GET /hosts/{id}`: the simulated Islands. */
export function hostRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/hosts', (c) =>
    c.json({ data: ctx.engine.islands.map((i) => hostJson(i, ctx.store.workloads.all())) }),
  )
  app.get('/hosts/:id', (c) => {
    const id = c.req.param('id')
    const island = ctx.engine.islands.find((i) => i.id === id)
    if (!island) throw notFound('Host', id)
    return c.json({ data: hostJson(island, ctx.store.workloads.all()) })
  })
  return app
}
