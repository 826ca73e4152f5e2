import { Hono } from 'hono'
import { requireScope } from '../auth.js'
import { readJson } from '../body.js'
import type { AppEnv, SandboxContext } from '../context.js'
import type { BatchSettings } from '../engine/batches.js'
import { type FieldErrors, notFound, validationError } from '../errors.js'
import { assertAffordable, createIdempotently, resolveWorkload } from '../job-creation.js'
import { batchJson, batchStatusJson } from '../serialize.js'
import { addError, checkInput, isObject, type JsonObject } from '../validation.js'

function parseBatch(
  body: JsonObject,
  kind: Parameters<typeof checkInput>[0],
): {
  inputs: JsonObject[]
  settings: BatchSettings
} {
  const errors: FieldErrors = {}
  const inputs = body.inputs
  if (!Array.isArray(inputs) || inputs.length < 1 || inputs.length > 100) {
    addError(errors, 'inputs', 'must be a list of 1 to 100 inputs')
  } else {
    inputs.forEach((input, index) => {
      Object.assign(errors, checkInput(kind, input, `inputs[${index}]`))
    })
  }
  const merge = body.merge_strategy ?? 'concat'
  if (merge !== 'concat' && merge !== 'flatten') {
    addError(errors, 'merge_strategy', "must be 'concat' or 'flatten'")
  }
  const failMode = body.fail_mode ?? 'best_effort'
  if (failMode !== 'best_effort' && failMode !== 'fail_fast') {
    addError(errors, 'fail_mode', "must be 'best_effort' or 'fail_fast'")
  }
  const parallelism = body.max_parallelism
  if (
    parallelism !== undefined &&
    parallelism !== null &&
    (typeof parallelism !== 'number' ||
      !Number.isInteger(parallelism) ||
      parallelism < 1 ||
      parallelism > 100)
  ) {
    addError(errors, 'max_parallelism', 'must be an integer between 1 and 100')
  }
  if (body.region !== undefined && body.region !== null && typeof body.region !== 'string') {
    addError(errors, 'region', 'must be a string')
  }
  if (body.bid_price !== undefined && body.bid_price !== null) {
    if (typeof body.bid_price !== 'string' || !/^\d+(\.\d+)?$/.test(body.bid_price)) {
      addError(errors, 'bid_price', "must be a decimal string such as '0.05'")
    }
  }
  if (Object.keys(errors).length > 0) throw validationError(errors)
  const list = inputs as JsonObject[]
  return {
    inputs: list,
    settings: {
      chunk_count: list.length,
      merge_strategy: merge as BatchSettings['merge_strategy'],
      fail_mode: failMode as BatchSettings['fail_mode'],
      ...(typeof parallelism === 'number' ? { max_parallelism: parallelism } : {}),
      ...(typeof body.region === 'string' ? { region: body.region } : {}),
      ...(typeof body.bid_price === 'string' ? { bid_price: body.bid_price } : {}),
    },
  }
}

/** `POST /jobs/batch`, `GET /jobs/{id}/batch-status` (bare bodies, as WIRE.md says). */
export function batchRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/jobs/batch', requireScope('jobs:write'), async (c) => {
    const body = await readJson(c)
    if (!isObject(body)) throw validationError({ body: ['must be a JSON object'] })
    const workload = resolveWorkload(ctx, body.workload)
    const { inputs, settings } = parseBatch(body, workload.kind)
    const { accountId } = c.get('caller')
    return createIdempotently(c, ctx, body, () => {
      assertAffordable(ctx, accountId, workload.price_micro * inputs.length)
      const { parent, children } = ctx.engine.batches.insert(accountId, workload, inputs, settings)
      ctx.engine.parallelism.set(parent.id, settings.max_parallelism ?? Number.POSITIVE_INFINITY)
      return { status: 201, body: batchJson(parent, children, workload.slug), enqueue: children }
    })
  })

  app.get('/jobs/:id/batch-status', requireScope('jobs:read'), (c) => {
    const id = c.req.param('id')
    const parent = ctx.store.jobs.getFor(id, c.get('caller').accountId)
    if (!parent || parent.batch === null) throw notFound('Batch', id)
    return c.json(batchStatusJson(parent, ctx.store.jobs.children(parent.id)))
  })
  return app
}
