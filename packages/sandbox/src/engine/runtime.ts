import type { JobRow } from '../db/job-table.js'
import type { WorkloadRecord } from '../workloads.js'
import type { JobEvent } from './event-log.js'

/** The outcome a runner reports when it finishes a job itself. */
export type RunOutcome =
  | { status: 'completed'; output: string; finishReason?: 'stop' | 'length' }
  | { status: 'failed'; error: string }

/** What a workload runner sees of the engine while it runs one job on one Island. */
export interface RunContext {
  job: JobRow
  workload: WorkloadRecord
  /** Aborted when the job is cancelled, times out or the sandbox stops: return promptly. */
  signal: AbortSignal
  tokenIntervalMs: number
  stepIntervalMs: number
  emit(event: JobEvent): void
  /** Records the text produced so far (kept for partial output on cancellation). */
  appendOutput(text: string): void
  /** Records token counts for the job's usage. */
  setTokens(promptTokens: number, completionTokens: number): void
}

/** Resolves after `ms` (or at the next turn of the event loop for 0), early when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      clearImmediate(immediate)
      signal.removeEventListener('abort', done)
      resolve()
    }
    let timer: NodeJS.Timeout | undefined
    let immediate: NodeJS.Immediate | undefined
    if (ms === 0) immediate = setImmediate(done)
    else if (Number.isFinite(ms)) timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
