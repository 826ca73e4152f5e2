import type { Context } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import type { JobRow } from './db/job-table.js'
import { ApiError, validationError } from './errors.js'
import { requestHash, validIdempotencyKey } from './idempotency.js'
import { fromMicro } from './money.js'
import { checkInput, isObject } from './validation.js'
import type { WorkloadRecord } from './workloads.js'

/** What a creation handler produced inside the transaction. */
export interface Created {
  status: number
  body: unknown
  /** Jobs to hand to the Islands once the transaction committed. */
  enqueue: JobRow[]
}

/** Resolves the `workload` field (slug, or integer id) to an enabled workload, or throws 422. */
export function resolveWorkload(
  ctx: SandboxContext,
  value: unknown,
  field = 'workload',
): WorkloadRecord {
  if (value === undefined || value === null || value === '') {
    throw validationError({ [field]: ['is required'] })
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw validationError({ [field]: ['must be a workload slug or id'] })
  }
  const workload =
    typeof value === 'string' ? ctx.store.workloads.bySlug(value) : ctx.store.workloads.byId(value)
  if (!workload) throw validationError({ [field]: [`unknown workload '${String(value)}'`] })
  if (!workload.is_enabled) {
    throw validationError({ [field]: [`workload '${workload.slug}' is disabled`] })
  }
  return workload
}

/** Validates a job body `{workload, input}`; returns the workload and input. */
export function parseJobBody(
  ctx: SandboxContext,
  body: unknown,
): { workload: WorkloadRecord; input: Record<string, unknown> } {
  if (!isObject(body)) throw validationError({ body: ['must be a JSON object'] })
  const workload = resolveWorkload(ctx, body.workload)
  const errors = checkInput(workload.kind, body.input)
  if (Object.keys(errors).length > 0) throw validationError(errors)
  return { workload, input: body.input as Record<string, unknown> }
}

/** Throws 402 unless the account can pay `requiredMicro`; runs inside the transaction. */
export function assertAffordable(
  ctx: SandboxContext,
  accountId: string,
  requiredMicro: number,
): void {
  const account = ctx.store.accounts.get(accountId)
  const available = account?.credits_micro ?? 0
  if (available < requiredMicro) {
    throw new ApiError(
      'insufficient_credits',
      `Insufficient credits: ${fromMicro(requiredMicro)} required, ${fromMicro(available)} available`,
      { required: fromMicro(requiredMicro), available: fromMicro(available) },
    )
  }
}

/**
 * Runs a creation in ONE synchronous transaction with its `Idempotency-Key` check: the same key and
 * body replay the stored response (no new job, no new debit); another body is 409. Concurrent
 * identical requests serialize on the transaction, so only one job is ever created.
 */
export function createIdempotently(
  c: Context<AppEnv>,
  ctx: SandboxContext,
  body: unknown,
  create: () => Created,
): Response {
  const caller = c.get('caller')
  const key = c.req.header('idempotency-key')
  if (key !== undefined && !validIdempotencyKey(key)) {
    throw validationError({
      'Idempotency-Key': ['must be 1–255 printable ASCII characters without spaces'],
    })
  }
  const hash = key === undefined ? '' : requestHash(c.req.method, c.req.path, body)
  const result = ctx.store.tx((): Created & { replayed: boolean } => {
    if (key !== undefined) {
      const prior = ctx.store.idempotency.get(caller.accountId, key)
      if (prior) {
        if (prior.request_hash !== hash) {
          throw new ApiError(
            'idempotency_conflict',
            'This Idempotency-Key was already used with a different request body',
          )
        }
        return { status: prior.status, body: JSON.parse(prior.body), enqueue: [], replayed: true }
      }
    }
    const created = create()
    if (key !== undefined) {
      ctx.store.idempotency.insert(
        caller.accountId,
        key,
        { request_hash: hash, status: created.status, body: JSON.stringify(created.body) },
        new Date().toISOString(),
      )
    }
    return { ...created, replayed: false }
  })
  for (const job of result.enqueue) ctx.engine.enqueue(job)
  const headers: Record<string, string> = {}
  if (result.replayed) headers['Idempotent-Replayed'] = 'true'
  return c.json(result.body as Record<string, unknown>, result.status as 201, headers)
}
