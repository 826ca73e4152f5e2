import { Hono } from 'hono'
import type { AppEnv, SandboxContext } from '../context.js'
import { notFound } from '../errors.js'
import { fromMicro } from '../money.js'
import type { WorkloadRecord } from '../workloads.js'

const HISTORY_POINTS = 6
const HISTORY_STEP_MS = 60 * 60 * 1000

function round(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000
}

/** A market rate of a workload: its price, spread by the number of Islands offering it. */
export function marketRate(
  w: WorkloadRecord,
  islands: number,
  at: Date,
  wobble = 0,
): Record<string, unknown> {
  const price = fromMicro(w.price_micro) * (1 + wobble)
  const spread = Math.min(0.4, 0.05 + 0.02 * islands)
  return {
    workload_slug: w.slug,
    avg_price: round(price),
    min_price: round(price * (1 - spread)),
    max_price: round(price * (1 + spread)),
    num_hosts: islands,
    timestamp: at.toISOString(),
  }
}

/** `GET /market/rates`, `/market/rates/{slug}`, `/market/history/{slug}`. */
export function marketRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const islands = () => ctx.engine.islands.length
  const enabled = (slug: string): WorkloadRecord => {
    const w = ctx.store.workloads.bySlug(slug)
    if (!w?.is_enabled) throw notFound('Market rate', slug)
    return w
  }
  app.get('/market/rates', (c) =>
    c.json({
      data: ctx.store.workloads
        .all()
        .filter((w) => w.is_enabled)
        .map((w) => marketRate(w, islands(), new Date())),
    }),
  )
  app.get('/market/rates/:slug', (c) =>
    c.json({ data: marketRate(enabled(c.req.param('slug')), islands(), new Date()) }),
  )
  app.get('/market/history/:slug', (c) => {
    const w = enabled(c.req.param('slug'))
    const now = Date.now()
    const points = Array.from({ length: HISTORY_POINTS }, (_, i) => {
      const age = HISTORY_POINTS - 1 - i
      const wobble = age === 0 ? 0 : Math.sin(w.id * 3 + age) * 0.08
      return marketRate(w, islands(), new Date(now - age * HISTORY_STEP_MS), wobble)
    })
    return c.json({ data: points })
  })
  return app
}
