import type { JobSpec } from '@archipelag/client'
import { useQueryClient } from '@tanstack/react-query'
import { type BatchState, BatchStore, type BatchStoreOptions } from './batch-store'
import { jobsChanged } from './mutations'
import { archipelagKeys } from './query-keys'
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
 * each result in its slot as soon as its job ends; every ended job also lands in the query
 * cache (`archipelagKeys.job(id)`). Unmounting cancels the jobs not yet ended.
 *
 * @example
 * const { submit, results, progress } = useBatch()
 * submit(prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt } })))
 */
export function useBatch(options: BatchStoreOptions = {}): UseBatchResult {
  const queryClient = useQueryClient()
  const [store, state] = useStore('batch:', undefined, (client) => new BatchStore(client), {
    ...options,
    onSubmit: (jobs) => {
      jobsChanged(queryClient, jobs)
      options.onSubmit?.(jobs)
    },
    onResult: (outcome, index) => {
      if (outcome.status === 'fulfilled') {
        queryClient.setQueryData(archipelagKeys.job(outcome.job.id), outcome.job)
      }
      options.onResult?.(outcome, index)
    },
  })
  return {
    ...state,
    submit: store.submit,
    stop: store.stop,
    progress: state.total ? state.completed / state.total : 0,
  }
}
