import type { Store } from '../db/store.js'
import type { JobRow } from '../db/job-table.js'
import { newId } from '../ids.js'
import type { ResolvedOptions } from '../options.js'
import type { WorkloadRecord } from '../workloads.js'
import { BatchCoordinator } from './batches.js'
import type { EventLog } from './event-log.js'
import { createIslands, type Island } from './islands.js'
import { countPromptTokens, type LlmInput } from './llm.js'
import { JobQueue, type QueueItem } from './queue.js'
import { runImage, runLlm } from './runners.js'
import type { RunContext, RunOutcome } from './runtime.js'

/** Job statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'failed',
  'cancelled',
  'timeout',
])

/** The error of a job that was running when the sandbox stopped. */
export const INTERRUPTED = 'Interrupted: the sandbox stopped while this job was running'

/** The fields that end a job. */
export interface FinishFields {
  output?: string
  error?: string
  finishReason?: 'stop' | 'length'
  /** Overrides the computed usage (batch parents sum their children). */
  usage?: Record<string, number>
}

interface Runtime {
  job: JobRow
  workload: WorkloadRecord
  controller: AbortController
  output: string
  promptTokens: number
  completionTokens: number
  hasTokens: boolean
  /** The runner is still executing (so finishing the job must abort it). */
  active: boolean
  timer: NodeJS.Timeout | undefined
}

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
  private readonly queue: JobQueue
  private readonly runtimes = new Map<string, Runtime>()
  private readonly activeChildren = new Map<string, number>()
  private readonly parentLimits = new Map<string, number>()
  private workers: Promise<void>[] = []
  private stopped = false

  constructor(
    readonly store: Store,
    readonly log: EventLog,
    private readonly options: ResolvedOptions,
  ) {
    this.islands = createIslands(options.islands)
    this.batches = new BatchCoordinator(this)
    this.queue = new JobQueue(
      (item) => this.eligible(item),
      (item) => {
        if (item.parentId) {
          this.activeChildren.set(item.parentId, (this.activeChildren.get(item.parentId) ?? 0) + 1)
        }
      },
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
   * Inserts a job (status `queued`, events `pending` and `queued`) and debits its price. Must run
   * inside the caller's transaction; call {@link Engine.enqueue} after it commits.
   */
  insertJob(
    accountId: string,
    workload: WorkloadRecord,
    input: Record<string, unknown>,
    batch?: { parentId: string; index: number },
  ): JobRow {
    const id = newId('job')
    const at = now()
    this.store.jobs.insert({
      id,
      account_id: accountId,
      workload_id: workload.id,
      status: 'queued',
      input: JSON.stringify(input),
      price_micro: workload.price_micro,
      charged_micro: workload.price_micro,
      parent_id: batch?.parentId ?? null,
      batch_index: batch?.index ?? null,
      batch: null,
      created_at: at,
    })
    if (workload.price_micro > 0) {
      this.store.accounts.moveCredits(accountId, id, 'debit', -workload.price_micro, at)
    }
    this.log.append(id, { type: 'status', status: 'pending' })
    this.log.append(id, { type: 'status', status: 'queued' })
    this.log.flush()
    return this.store.jobs.get(id) as JobRow
  }

  /** Hands a committed, queued job to the Islands. */
  enqueue(job: JobRow): void {
    if (this.stopped) return
    this.queue.push({ jobId: job.id, parentId: job.parent_id })
  }

  /** Forgets a finished batch's parallelism bound (none of its children is queued any more). */
  forgetBatch(parentId: string): void {
    this.parentLimits.delete(parentId)
  }

  /** Registers a batch's parallelism bound (before its children are enqueued). */
  setParallelism(parentId: string, limit: number): void {
    this.parentLimits.set(parentId, limit)
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
    const rt = this.runtimes.get(job.id)
    const at = now()
    const wasRunning = current.status === 'running'
    const refund =
      status === 'failed' || status === 'timeout' || (status === 'cancelled' && !wasRunning)
        ? current.charged_micro
        : 0
    const charged = current.charged_micro - refund
    const workload = this.store.workloads.byId(current.workload_id)
    const usage: Record<string, number> = fields.usage ?? { credits_used: charged / 1_000_000 }
    if (!fields.usage && workload?.kind === 'llm' && current.batch === null) {
      const prompt = rt?.promptTokens || countPromptTokens(JSON.parse(current.input) as LlmInput)
      const completion = rt?.completionTokens ?? 0
      Object.assign(usage, {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      })
    }
    const output = fields.output ?? (rt?.hasTokens ? rt.output : undefined)
    this.store.tx(() => {
      if (refund > 0)
        this.store.accounts.moveCredits(current.account_id, current.id, 'refund', refund, at)
      this.store.jobs.update(current.id, {
        status,
        output,
        error: fields.error,
        usage: JSON.stringify(usage),
        completed_at: at,
        charged_micro: charged,
      })
      this.log.append(current.id, { type: 'status', status })
      if (status === 'completed') {
        this.log.append(current.id, {
          type: 'done',
          usage,
          ...(fields.finishReason ? { finish_reason: fields.finishReason } : {}),
        })
      } else if ((status === 'failed' || status === 'timeout') && fields.error) {
        this.log.append(current.id, { type: 'error', error: fields.error })
      }
      this.log.flush()
    })
    this.log.end(current.id)
    if (rt) {
      clearTimeout(rt.timer)
      this.runtimes.delete(current.id)
      if (rt.active) rt.controller.abort()
    }
    if (current.parent_id) this.batches.childChanged(current.parent_id)
    if (current.batch !== null) this.forgetBatch(current.id)
    return this.store.jobs.get(current.id) ?? current
  }

  /** Moves a non-worker job (a batch parent) to `running`. */
  markRunning(job: JobRow, hostId: string | null): void {
    this.store.tx(() => {
      this.store.jobs.update(job.id, {
        status: 'running',
        started_at: now(),
        host_id: hostId ?? undefined,
      })
      this.log.append(job.id, { type: 'status', status: 'running' })
      this.log.flush()
    })
  }

  /** Partial output of a running job (for `/output` while it streams). */
  liveOutput(jobId: string): string | undefined {
    const rt = this.runtimes.get(jobId)
    return rt?.hasTokens ? rt.output : undefined
  }

  /** Stops the workers; running jobs end `failed` (interrupted, refunded); queued ones stay queued. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.queue.close()
    for (const rt of [...this.runtimes.values()]) {
      this.finish(rt.job, 'failed', { error: INTERRUPTED })
    }
    await Promise.all(this.workers)
    this.log.flush()
  }

  private eligible(item: QueueItem): boolean {
    if (!item.parentId) return true
    const limit = this.limitOf(item.parentId)
    return (this.activeChildren.get(item.parentId) ?? 0) < limit
  }

  private limitOf(parentId: string): number {
    let limit = this.parentLimits.get(parentId)
    if (limit === undefined) {
      const parent = this.store.jobs.get(parentId)
      const batch = parent?.batch ? (JSON.parse(parent.batch) as { max_parallelism?: number }) : {}
      limit = batch.max_parallelism ?? Number.POSITIVE_INFINITY
      this.parentLimits.set(parentId, limit)
    }
    return limit
  }

  private recover(): void {
    for (const job of this.store.jobs.withStatus('running')) {
      if (job.batch === null) this.finish(job, 'failed', { error: INTERRUPTED })
    }
    for (const status of ['pending', 'queued']) {
      for (const job of this.store.jobs.withStatus(status)) {
        if (job.batch === null) this.enqueue(job)
      }
    }
    for (const status of ['pending', 'queued', 'running']) {
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
        if (job && (job.status === 'queued' || job.status === 'pending') && !this.stopped) {
          island.busyJobId = job.id
          await this.run(job, island)
        }
      } catch (error) {
        const job = this.store.jobs.get(item.jobId)
        if (job) this.finish(job, 'failed', { error: `Sandbox engine error: ${String(error)}` })
      } finally {
        island.busyJobId = null
        if (item.parentId) {
          const left = (this.activeChildren.get(item.parentId) ?? 1) - 1
          if (left > 0) this.activeChildren.set(item.parentId, left)
          else this.activeChildren.delete(item.parentId)
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
    const startedAt = now()
    this.store.tx(() => {
      this.store.jobs.update(job.id, {
        status: 'running',
        started_at: startedAt,
        host_id: island.id,
      })
      this.log.append(job.id, { type: 'status', status: 'running' })
      this.log.flush()
    })
    const running: JobRow = { ...job, status: 'running', started_at: startedAt, host_id: island.id }
    const rt: Runtime = {
      job: running,
      workload,
      controller: new AbortController(),
      output: '',
      promptTokens: 0,
      completionTokens: 0,
      hasTokens: false,
      active: true,
      timer: undefined,
    }
    this.runtimes.set(job.id, rt)
    if (job.parent_id) this.batches.childChanged(job.parent_id)
    rt.timer = setTimeout(() => {
      this.finish(running, 'timeout', {
        error: `Job timed out after ${this.options.jobTimeoutMs} ms`,
      })
    }, this.options.jobTimeoutMs)
    const ctx: RunContext = {
      job: running,
      workload,
      signal: rt.controller.signal,
      tokenIntervalMs: this.options.tokenIntervalMs,
      stepIntervalMs: this.options.stepIntervalMs,
      emit: (event) => this.log.append(job.id, event),
      appendOutput: (text) => {
        rt.output += text
        rt.hasTokens = true
      },
      setTokens: (prompt, completion) => {
        rt.promptTokens = prompt
        rt.completionTokens = completion
      },
    }
    let outcome: RunOutcome | undefined
    try {
      outcome = workload.kind === 'image' ? await runImage(ctx) : await runLlm(ctx)
    } finally {
      rt.active = false
      clearTimeout(rt.timer)
    }
    if (!outcome || rt.controller.signal.aborted) return
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
