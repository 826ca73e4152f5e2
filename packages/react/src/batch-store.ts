import type { ArchipelagError, Client, Job, JobSpec } from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import { toError } from './errors'
import { jobsChanged } from './jobs-changed'
import { type LifeOptions, Store } from './store'

/**
 * One job's outcome in a batch: its final record, or why it did not complete (the SDK's typed
 * error: `JobFailedError`, `JobCancelledError`, a connection error…).
 */
export type BatchOutcome =
  | { status: 'fulfilled'; job: Job }
  | { status: 'rejected'; jobId: string; error: ArchipelagError }

/** The state of a batch, as `useBatch` returns it. */
export interface BatchState {
  status: 'idle' | 'submitting' | 'running' | 'done' | 'error' | 'cancelled'
  /** The jobs created, in input order. */
  jobs: readonly Job[]
  /** One slot per spec, in input order, filled as each job ends (`undefined` until then). */
  results: readonly (BatchOutcome | undefined)[]
  /** How many jobs have ended. */
  completed: number
  total: number
  /** Why the batch could not be submitted (a job's own failure is in its result). */
  error: ArchipelagError | undefined
}

/** Options of a batch. */
export interface BatchStoreOptions extends LifeOptions {
  /** Jobs followed at once (each holds a stream; a page over HTTP/1.1 has 6). Default 4. */
  concurrency?: number
  /** The jobs were created (before any has ended). */
  onSubmit?: (jobs: readonly Job[]) => void
  /** Each job as it ends. */
  onResult?: (outcome: BatchOutcome, index: number) => void
}

// `error` starts undefined.
const IDLE = {
  status: 'idle',
  jobs: [],
  results: [],
  completed: 0,
  total: 0,
} as Partial<BatchState> as BatchState

/**
 * Many jobs as a framework-free state machine: created with `client.batch` (each with an
 * idempotency key), then followed a few at a time; each result lands in its slot as soon as
 * its job ends. `stop()` cancels the jobs not yet ended; a real unmount of a store not kept
 * by id does too (or, `cancelOnUnmount: false`, stops following them). The cache gets each
 * job when created and again when it ends.
 */
export class BatchStore extends Store<BatchState, BatchStoreOptions> {
  override options: BatchStoreOptions = {}
  #abort: AbortController | undefined

  constructor(client: Client, cache: QueryClient, life: LifeOptions) {
    super(client, cache, life, IDLE)
  }

  /** Creates the jobs and follows them to the end (ignored while a batch runs). */
  readonly submit = async (specs: readonly JobSpec[]): Promise<void> => {
    if (this.#abort) return
    const abort = new AbortController()
    const { signal } = abort
    this.#abort = abort
    this.set(
      {
        ...IDLE,
        status: 'submitting',
        results: specs.map(() => undefined),
        total: specs.length,
      },
      true,
    )
    let jobs: Job[]
    try {
      jobs = await this.client.batch(specs, { signal })
    } catch (error) {
      jobsChanged(this.cache, []) // some may have been made (and cancelled)
      if (this.#abort === abort) {
        this.#abort = undefined
        this.set({ status: 'error', error: toError(error) })
      }
      return
    }
    jobsChanged(this.cache, jobs)
    if (this.#abort !== abort) return
    this.set({ status: 'running', jobs })
    this.options.onSubmit?.(jobs)
    let next = 0
    const follow = async () => {
      for (let i = next++; i < jobs.length && !signal.aborted; i = next++) {
        const job = jobs[i] as Job
        let outcome: BatchOutcome
        try {
          outcome = { status: 'fulfilled', job: await this.client.waitForJob(job, { signal }) }
        } catch (error) {
          if (signal.aborted) return
          outcome = { status: 'rejected', jobId: job.id, error: toError(error) }
        }
        const results = this.state.results.slice()
        results[i] = outcome
        this.set({ results, completed: this.state.completed + 1 })
        jobsChanged(this.cache, [outcome.status === 'fulfilled' ? outcome.job : job.id])
        this.options.onResult?.(outcome, i)
      }
    }
    // Workers beyond the number of jobs end at once.
    await Promise.all(Array.from({ length: this.options.concurrency ?? 4 }, follow))
    if (this.#abort !== abort) return
    this.#abort = undefined
    this.set({ status: 'done' })
  }

  /** Stops following and cancels the jobs that have not ended. */
  readonly stop = (): void => this.leave(true)

  override leave(cancel: boolean | undefined): void {
    const abort = this.#abort
    if (!abort) return
    this.#abort = undefined
    // Let go without cancelling: jobs being created are left to finish (aborting would
    // cancel them), then nothing more is followed.
    if (cancel === false) {
      if (this.state.status === 'running') abort.abort()
      return
    }
    abort.abort()
    const { jobs, results } = this.state
    const cancels = jobs
      .filter((_, i) => !results[i])
      .map((job) => this.client.cancelJob(job.id).catch(() => job.id))
    void Promise.all(cancels).then((ended) => jobsChanged(this.cache, ended))
    this.set({ status: 'cancelled' })
  }
}
