import type { JobSpec } from '@archipelag/client'
import { type BatchState, BatchStore, type BatchStoreOptions } from './batch-store'
import { useStore } from './use-store'

/** What {@link useBatch} returns. */
export interface UseBatchResult extends BatchState {
  /** Creates the jobs and follows them (ignored while a batch runs). */
  submit: (specs: readonly JobSpec[]) => Promise<void>
  /** Stops and cancels the jobs that have not ended. */
  stop: () => void
  /** `completed / total`, 0–1. */
  progress: number
}

/**
 * Many jobs at once: created together (an idempotency key each), followed a few at a time,
 * each result in its slot as soon as its job ends; every job lands in the query cache
 * (`archipelagKeys.job(id)`) when created and again when it ends. Unmounting cancels the jobs
 * not yet ended, unless the hook has an `id`: then the batch runs on and a component mounting
 * again with that id shows it; `cancelOnUnmount` overrides either way.
 *
 * @example
 * const { submit, results, progress } = useBatch({ id: 'translations' })
 * submit(prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt } })))
 */
export function useBatch(options: BatchStoreOptions = {}): UseBatchResult {
  const [store, state] = useStore('batch:', BatchStore, options)
  return {
    ...state,
    submit: store.submit,
    stop: store.stop,
    progress: state.total ? state.completed / state.total : 0,
  }
}
