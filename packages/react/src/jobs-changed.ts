import type { Job } from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import { archipelagKeys } from './query-keys'

/**
 * Jobs were created, changed or ended: each one given as a record lands in the cache (so
 * `useJob(id)` shows it without a request), each one given by id is marked stale (read again
 * where shown), and the job lists and the account (credits) refresh.
 *
 * @example
 * jobsChanged(queryClient, [job]) // created
 * jobsChanged(queryClient, [job.id]) // ended
 */
export function jobsChanged(
  queryClient: QueryClient,
  jobs: readonly (Job | string | undefined)[],
): void {
  for (const job of jobs) {
    if (typeof job === 'object') queryClient.setQueryData(archipelagKeys.job(job.id), job)
    else if (job) void queryClient.invalidateQueries({ queryKey: archipelagKeys.job(job) })
  }
  void queryClient.invalidateQueries({ queryKey: archipelagKeys.jobs() })
  void queryClient.invalidateQueries({ queryKey: archipelagKeys.account() })
}
