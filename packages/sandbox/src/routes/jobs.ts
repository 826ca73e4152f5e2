import { Hono } from 'hono'
import { requireScope } from '../auth.js'
import { readJson } from '../body.js'
import type { AppEnv, SandboxContext } from '../context.js'
import type { JobRow } from '../db/job-table.js'
import { notFound } from '../errors.js'
import { assertAffordable, createIdempotently, parseJobBody } from '../job-creation.js'
import { jobStream } from '../job-stream.js'
import { jobJson } from '../serialize.js'
import { parsePagination } from '../validation.js'

/** Jobs: create, list, get, cancel, output, stream. */
export function jobRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const read = requireScope('jobs:read')
  const write = requireScope('jobs:write')
  const wire = (job: JobRow) =>
    jobJson(job, ctx.store.workloads.byId(job.workload_id)?.slug, ctx.engine.liveOutput(job.id))
  const find = (id: string, accountId: string): JobRow => {
    const job = ctx.store.jobs.getFor(id, accountId)
    if (!job) throw notFound('Job', id)
    return job
  }

  app.post('/jobs', write, async (c) => {
    const body = await readJson(c)
    const { workload, input } = parseJobBody(ctx, body)
    const { accountId } = c.get('caller')
    return createIdempotently(c, ctx, body, () => {
      assertAffordable(ctx, accountId, workload.price_micro)
      const job = ctx.engine.insertJob(accountId, workload, input)
      return { status: 201, body: { data: wire(job) }, enqueue: [job] }
    })
  })

  app.get('/jobs', read, (c) => {
    const { limit, offset } = parsePagination(c.req.query('limit'), c.req.query('offset'))
    const rows = ctx.store.jobs.list(c.get('caller').accountId, limit, offset)
    return c.json({ data: rows.map(wire) })
  })

  app.get('/jobs/:id', read, (c) =>
    c.json({ data: wire(find(c.req.param('id'), c.get('caller').accountId)) }),
  )

  app.delete('/jobs/:id', write, (c) => {
    const job = find(c.req.param('id'), c.get('caller').accountId)
    const after = ctx.engine.cancel(job.id) ?? job
    return c.json({ data: wire(after) })
  })

  app.get('/jobs/:id/output', read, (c) => {
    const job = find(c.req.param('id'), c.get('caller').accountId)
    const output = job.output ?? ctx.engine.liveOutput(job.id) ?? ''
    return c.json({ data: { output, status: job.status } })
  })

  app.get('/jobs/:id/stream', read, (c) => {
    const job = find(c.req.param('id'), c.get('caller').accountId)
    return jobStream(c, ctx, job)
  })
  return app
}
