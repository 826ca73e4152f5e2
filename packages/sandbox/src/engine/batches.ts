import type { JobRow } from '../db/job-table.js'
import type { WorkloadRecord } from '../workloads.js'
import { MICRO } from '../money.js'
import type { Engine } from './engine.js'
import { FAILED_STATUSES, NOT_STARTED_STATUSES, TERMINAL_STATUSES } from './job-status.js'

/** A batch's settings, stored as JSON on its parent job. */
export interface BatchSettings {
  chunk_count: number
  merge_strategy: 'concat' | 'flatten'
  fail_mode: 'best_effort' | 'fail_fast'
  max_parallelism?: number
  region?: string
  bid_price?: string
}

/** Merges the outputs of the completed children, in batch order. */
export function mergeOutputs(strategy: BatchSettings['merge_strategy'], outputs: string[]): string {
  if (strategy === 'concat') return outputs.join('\n')
  const items: unknown[] = []
  for (const output of outputs) {
    let value: unknown = output
    try {
      value = JSON.parse(output)
    } catch {
      value = output
    }
    if (Array.isArray(value)) items.push(...value)
    else items.push(value)
  }
  return JSON.stringify(items)
}

/**
 * Batches: a parent job whose state follows its children. Children are ordinary jobs that go
 * through the same queue, bounded by `max_parallelism`; `fail_fast` cancels (and refunds) the
 * children not yet started after the first failure.
 */
export class BatchCoordinator {
  private readonly updating = new Set<string>()

  constructor(private readonly engine: Engine) {}

  /** Inserts the parent and its children (debiting each child). Runs inside the caller's transaction. */
  insert(
    accountId: string,
    workload: WorkloadRecord,
    inputs: Array<Record<string, unknown>>,
    settings: BatchSettings,
  ): { parent: JobRow; children: JobRow[] } {
    const { store, log } = this.engine
    const id = this.engine.insertRecord({
      account_id: accountId,
      workload_id: workload.id,
      input: JSON.stringify({ inputs }),
      price_micro: 0,
      charged_micro: 0,
      parent_id: null,
      batch_index: null,
      batch: JSON.stringify(settings),
    })
    const children = inputs.map((input, index) =>
      this.engine.insertJob(accountId, workload, input, { parentId: id, index }),
    )
    log.flush()
    return { parent: store.jobs.get(id) as JobRow, children }
  }

  /** Re-evaluates a batch parent after one of its children moved. */
  childChanged(parentId: string): void {
    if (this.updating.has(parentId)) return
    this.updating.add(parentId)
    try {
      this.evaluate(parentId)
    } finally {
      this.updating.delete(parentId)
    }
  }

  /** Cancels every unfinished child (refunding those not started), then the parent. */
  cancel(parent: JobRow): JobRow {
    this.updating.add(parent.id)
    try {
      for (const child of this.engine.store.jobs.children(parent.id)) {
        if (!TERMINAL_STATUSES.has(child.status)) this.engine.cancel(child.id)
      }
    } finally {
      this.updating.delete(parent.id)
    }
    return this.engine.finish(parent, 'cancelled', {
      usage: this.usage(this.engine.store.jobs.children(parent.id)),
    })
  }

  private usage(children: JobRow[]): Record<string, number> {
    const micro = children.reduce((sum, child) => sum + child.charged_micro, 0)
    return { credits_used: micro / MICRO }
  }

  private evaluate(parentId: string): void {
    const { store } = this.engine
    const parent = store.jobs.get(parentId)
    if (!parent || parent.batch === null || TERMINAL_STATUSES.has(parent.status)) return
    const settings = JSON.parse(parent.batch) as BatchSettings
    let children = store.jobs.children(parentId)
    if (parent.status !== 'running' && children.some((c) => !NOT_STARTED_STATUSES.has(c.status))) {
      this.engine.markRunning(parent, null)
    }
    const failed = children.filter((c) => FAILED_STATUSES.has(c.status))
    const first = failed[0]
    if (settings.fail_mode === 'fail_fast' && first) {
      for (const child of children) {
        if (NOT_STARTED_STATUSES.has(child.status)) this.engine.cancel(child.id)
      }
      children = store.jobs.children(parentId)
      this.engine.finish(parent, 'failed', {
        error: `Batch failed: child ${first.id} (index ${first.batch_index}) failed: ${first.error ?? first.status}`,
        output: this.merged(settings, children),
        usage: this.usage(children),
      })
      return
    }
    if (!children.every((c) => TERMINAL_STATUSES.has(c.status))) return
    const completed = children.filter((c) => c.status === 'completed')
    const status =
      completed.length > 0
        ? 'completed'
        : children.every((c) => c.status === 'cancelled')
          ? 'cancelled'
          : 'failed'
    this.engine.finish(parent, status, {
      output: this.merged(settings, children),
      usage: this.usage(children),
      ...(status === 'failed' ? { error: 'Batch failed: every child failed' } : {}),
    })
  }

  private merged(settings: BatchSettings, children: JobRow[]): string {
    const outputs = children.filter((c) => c.status === 'completed').map((c) => c.output ?? '')
    return mergeOutputs(settings.merge_strategy, outputs)
  }
}
