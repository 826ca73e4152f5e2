import type { JobRow, NewJobRow } from '../db/job-table.js'
import type { Store } from '../db/store.js'
import { newId } from '../ids.js'
import type { ResolvedOptions } from '../options.js'
import type { WorkloadRecord } from '../workloads.js'
import { BatchCoordinator } from './batches.js'
import { BatchParallelism } from './batch-parallelism.js'
import type { EventLog } from './event-log.js'
import { createIslands, type Island } from './islands.js'
import { JobRun } from './job-run.js'
import { NOT_STARTED_STATUSES, TERMINAL_STATUSES } from './job-status.js'
import { JobQueue } from './queue.js'
import { type FinishFields, finalEvents, settle } from './settlement.js'

/** The error of a job that was running when the sandbox stopped. */
export const INTERRUPTED = 'Interrupted: the sandbox stopped while this job was running'

function now(): string {
  return new Date().toISOString()
}

/**
 * The job engine: a queue served by one worker per simulated Island. Every state change is one
 * synchronous SQLite transaction (row update, ledger, events), then live streams are notified.
 */
export class Engine {
  readonly islands: Island[]
  readonly batches: BatchCoordinator
  readonly parallelism: BatchParallelism
  private readonly queue: JobQueue
  private readonly runs = new Map<string, JobRun>()
  private workers: Promise<void>[] = []
  private stopped = false

  constructor(
    readonly store: Store,
    readonly log: EventLog,
    private readonly options: ResolvedOptions,
  ) {
    this.islands = createIslands(options.islands)
    this.batches = new BatchCoordinator(this)
    this.parallelism = new BatchParallelism(store)
    this.queue = new JobQueue(
      (item) => this.parallelism.allows(item),
      (item) => this.parallelism.started(item),
    )
  }

  /** Recovers jobs left by a previous process, then starts the workers. */
  start(): void {
    this.recover()
    this.workers = this.islands.map((island) => this.work(island))
  }

  /** Number of jobs waiting for an Island. */
  get queued(): number {
    return this.queue.length
  }

  /**
   * Inserts a job row with its `pending` and `queued` events (status `queued`). Must run inside the
   * caller's transaction.
   */
  insertRecord(row: Omit<NewJobRow, 'id' | 'status' | 'created_at'>): string {
    const id = newId('job')
    this.store.jobs.insert({ ...row, id, status: 'queued', created_at: now() })
    this.log.append(id, { type: 'status', status: 'pending' })
    this.log.append(id, { type: 'status', status: 'queued' })
    return id
  }

  /**
   * Inserts a job (status `queued`, events `pending` and `queued`) and debits its price. Must run
   * inside the caller's transaction; call {@link Engine.enqueue} after it commits.
   */
  insertJob(
    accountId: string,
    workload: WorkloadRecord,
    input: Record<string, unknown>,
    batch?: { parentId: string; index: number },
  ): JobRow {
    const id = this.insertRecord({
      account_id: accountId,
      workload_id: workload.id,
      input: JSON.stringify(input),
      price_micro: workload.price_micro,
      charged_micro: workload.price_micro,
      parent_id: batch?.parentId ?? null,
      batch_index: batch?.index ?? null,
      batch: null,
    })
    const job = this.store.jobs.get(id) as JobRow
    if (workload.price_micro > 0) {
      this.store.accounts.moveCredits(accountId, id, 'debit', -workload.price_micro, job.created_at)
    }
    this.log.flush()
    return job
  }

  /** Hands a committed, queued job to the Islands. */
  enqueue(job: JobRow): void {
    if (this.stopped) return
    this.queue.push({ jobId: job.id, parentId: job.parent_id })
  }

  /**
   * Cancels a job (synchronously): a queued job is refunded, a running one is stopped and charged,
   * a batch parent cancels its children. A terminal job is returned unchanged.
   */
  cancel(jobId: string): JobRow | undefined {
    const job = this.store.jobs.get(jobId)
    if (!job) return undefined
    if (TERMINAL_STATUSES.has(job.status)) return job
    if (job.batch !== null) return this.batches.cancel(job)
    this.queue.remove(jobId)
    return this.finish(job, 'cancelled', {})
  }

  /**
   * Ends a job with a terminal status, in one transaction: refund if due (failed, timeout, or
   * cancelled before running), row update, final events. Then its streams end and its batch follows.
   */
  finish(job: JobRow, status: string, fields: FinishFields): JobRow {
    const current = this.store.jobs.get(job.id)
    if (!current || TERMINAL_STATUSES.has(current.status)) return current ?? job
    const run = this.runs.get(job.id)
    const at = now()
    const workload = this.store.workloads.byId(current.workload_id)
    const { refund, charged, usage, output } = settle(current, status, fields, run, workload)
    this.store.tx(() => {
      if (refund > 0) {
        this.store.accounts.moveCredits(current.account_id, current.id, 'refund', refund, at)
      }
      this.store.jobs.update(current.id, {
        status,
        output,
        error: fields.error,
        usage: JSON.stringify(usage),
        completed_at: at,
        charged_micro: charged,
      })
      for (const event of finalEvents(status, usage, fields)) this.log.append(current.id, event)
      this.log.flush()
    })
    this.log.end(current.id)
    if (run) {
      this.runs.delete(current.id)
      run.stop()
    }
    if (current.parent_id) this.batches.childChanged(current.parent_id)
    if (current.batch !== null) this.parallelism.forget(current.id)
    return this.store.jobs.get(current.id) ?? current
  }

  /** Moves a job to `running` (on an Island, or a batch parent on none); returns the running row. */
  markRunning(job: JobRow, hostId: string | null): JobRow {
    const startedAt = now()
    this.store.tx(() => {
      this.store.jobs.update(job.id, {
        status: 'running',
        started_at: startedAt,
        host_id: hostId ?? undefined,
      })
      this.log.append(job.id, { type: 'status', status: 'running' })
      this.log.flush()
    })
    return { ...job, status: 'running', started_at: startedAt, host_id: hostId ?? job.host_id }
  }

  /** Partial output of a running job (for `/output` while it streams). */
  liveOutput(jobId: string): string | undefined {
    return this.runs.get(jobId)?.partialOutput
  }

  /** Stops the workers; running jobs end `failed` (interrupted, refunded); queued ones stay queued. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.queue.close()
    for (const run of [...this.runs.values()]) {
      this.finish(run.job, 'failed', { error: INTERRUPTED })
    }
    await Promise.all(this.workers)
    this.log.flush()
  }

  private recover(): void {
    for (const job of this.store.jobs.withStatus('running')) {
      if (job.batch === null) this.finish(job, 'failed', { error: INTERRUPTED })
    }
    for (const status of NOT_STARTED_STATUSES) {
      for (const job of this.store.jobs.withStatus(status)) {
        if (job.batch === null) this.enqueue(job)
      }
    }
    for (const status of [...NOT_STARTED_STATUSES, 'running']) {
      for (const job of this.store.jobs.withStatus(status)) {
        if (job.batch !== null) this.batches.childChanged(job.id)
      }
    }
  }

  private async work(island: Island): Promise<void> {
    for (;;) {
      const item = await this.queue.take()
      if (!item) return
      try {
        const job = this.store.jobs.get(item.jobId)
        if (job && NOT_STARTED_STATUSES.has(job.status) && !this.stopped) {
          island.busyJobId = job.id
          await this.run(job, island)
        }
      } catch (error) {
        const job = this.store.jobs.get(item.jobId)
        if (job) this.finish(job, 'failed', { error: `Sandbox engine error: ${String(error)}` })
      } finally {
        island.busyJobId = null
        if (item.parentId) {
          this.parallelism.ended(item.parentId)
          this.queue.poke()
        }
      }
      if (this.options.tokenIntervalMs === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  private async run(job: JobRow, island: Island): Promise<void> {
    const workload = this.store.workloads.byId(job.workload_id)
    if (!workload) {
      this.finish(job, 'failed', { error: `Unknown workload ${job.workload_id}` })
      return
    }
    const running = this.markRunning(job, island.id)
    const run = new JobRun(running, workload)
    this.runs.set(job.id, run)
    if (job.parent_id) this.batches.childChanged(job.parent_id)
    run.startTimeout(this.options.jobTimeoutMs, () => {
      this.finish(running, 'timeout', {
        error: `Job timed out after ${this.options.jobTimeoutMs} ms`,
      })
    })
    const outcome = await run.execute(this.options, (event) => this.log.append(job.id, event))
    if (!outcome || run.controller.signal.aborted) return
    if (outcome.status === 'completed') {
      this.finish(running, 'completed', {
        output: outcome.output,
        ...(outcome.finishReason ? { finishReason: outcome.finishReason } : {}),
      })
    } else {
      this.finish(running, 'failed', { error: outcome.error })
    }
  }
}
