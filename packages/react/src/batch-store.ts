import type { ArchipelagError, Client, Job, JobOutcome, JobSpec } from '@archipelag/client'
import { toError } from './errors'
import { Store } from './store'

/** The state of a batch, as `useBatch` returns it. */
export interface BatchState {
  status: 'idle' | 'submitting' | 'running' | 'done' | 'error' | 'cancelled'
  /** The jobs created, in input order. */
  jobs: readonly Job[]
  /** One slot per spec, in input order, filled as each job ends (`undefined` until then). */
  results: readonly (JobOutcome | undefined)[]
  /** How many jobs have ended. */
  completed: number
  total: number
  /** Why the batch could not be submitted (a job's own failure is in its result). */
  error: ArchipelagError | undefined
}

/** Options of a batch. */
export interface BatchStoreOptions {
  /** Jobs followed at once (each holds a stream; a page over HTTP/1.1 has 6). Default 4. */
  concurrency?: number
  /** The jobs were created (before any has ended). */
  onSubmit?: (jobs: readonly Job[]) => void
  /** Each job as it ends. */
  onResult?: (outcome: JobOutcome, index: number) => void
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
 * its job ends. `stop()` (and a real unmount) cancels the jobs not yet ended.
 */
export class BatchStore extends Store<BatchState> {
  options: BatchStoreOptions = {}
  #abort: AbortController | undefined

  constructor(readonly client: Client) {
    super(IDLE)
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
      if (this.#abort === abort) {
        this.#abort = undefined
        this.set({ status: 'error', error: toError(error) })
      }
      return
    }
    if (signal.aborted) return
    this.set({ status: 'running', jobs })
    this.options.onSubmit?.(jobs)
    let next = 0
    const follow = async () => {
      for (let i = next++; i < jobs.length && !signal.aborted; i = next++) {
        const job = jobs[i] as Job
        let outcome: JobOutcome
        try {
          outcome = { status: 'fulfilled', job: await this.client.waitForJob(job, { signal }) }
        } catch (error) {
          if (signal.aborted) return
          outcome = { status: 'rejected', jobId: job.id, error: toError(error) }
        }
        const results = this.state.results.slice()
        results[i] = outcome
        this.set({ results, completed: this.state.completed + 1 })
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
  readonly stop = (): void => {
    const abort = this.#abort
    if (!abort) return
    this.#abort = undefined
    abort.abort()
    const { jobs, results } = this.state
    jobs.forEach((job, i) => {
      if (!results[i]) this.client.cancelJob(job.id).catch(() => undefined)
    })
    this.set({ status: 'cancelled' })
  }

  protected override onIdle(): void {
    this.stop()
  }
}
