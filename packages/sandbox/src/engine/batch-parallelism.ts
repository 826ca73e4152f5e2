import type { Store } from '../db/store.js'
import type { QueueItem } from './queue.js'

/**
 * The `max_parallelism` bound of each batch: how many of its children run at once. The queue asks
 * {@link BatchParallelism.allows} before handing out a child; a worker reports each child it starts
 * and ends.
 */
export class BatchParallelism {
  private readonly running = new Map<string, number>()
  private readonly limits = new Map<string, number>()

  constructor(private readonly store: Store) {}

  /** Registers a batch's bound (before its children are enqueued). */
  set(parentId: string, limit: number): void {
    this.limits.set(parentId, limit)
  }

  /** Forgets a finished batch's bound (none of its children is queued any more). */
  forget(parentId: string): void {
    this.limits.delete(parentId)
  }

  /** Whether a queued job may start now (always, unless it is a child of a batch at its bound). */
  allows(item: QueueItem): boolean {
    if (!item.parentId) return true
    return (this.running.get(item.parentId) ?? 0) < this.limitOf(item.parentId)
  }

  /** A worker took the job. */
  started(item: QueueItem): void {
    if (item.parentId) this.running.set(item.parentId, (this.running.get(item.parentId) ?? 0) + 1)
  }

  /** A worker is done with a child of this batch. */
  ended(parentId: string): void {
    const left = (this.running.get(parentId) ?? 1) - 1
    if (left > 0) this.running.set(parentId, left)
    else this.running.delete(parentId)
  }

  /** The bound of a batch; read from its stored settings after a restart. */
  private limitOf(parentId: string): number {
    let limit = this.limits.get(parentId)
    if (limit === undefined) {
      const parent = this.store.jobs.get(parentId)
      const batch = parent?.batch ? (JSON.parse(parent.batch) as { max_parallelism?: number }) : {}
      limit = batch.max_parallelism ?? Number.POSITIVE_INFINITY
      this.limits.set(parentId, limit)
    }
    return limit
  }
}
