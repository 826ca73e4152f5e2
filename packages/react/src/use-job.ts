import type { ArchipelagError, Job } from '@archipelag/client'
import { type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { isLive, isPolling, watchJob } from './job-watcher'
import { useArchipelagClient } from './provider'
import { jobQueryOptions } from './query-options'

/** Options of {@link useJob}. */
export interface UseJobOptions {
  /** ms between reads when the job's stream cannot be used (the fallback). Default 1000. */
  pollInterval?: number
}

/**
 * A job, live: read once into the query cache (`archipelagKeys.job(id)`), then kept up to
 * date from its event stream (each status change lands in the cache at once). When it ends,
 * its final record is read once and nothing more is requested. Polls only when the stream
 * cannot be used. `undefined` waits for an id.
 *
 * @example
 * const { data: job } = useJob(jobId)
 * <span>{job?.status}</span>
 */
export function useJob(
  id: string | undefined,
  options: UseJobOptions = {},
): UseQueryResult<Job, ArchipelagError> {
  const client = useArchipelagClient()
  const queryClient = useQueryClient()
  const every = options.pollInterval ?? 1000
  const query = useQuery({
    ...jobQueryOptions(client, id ?? ''),
    enabled: id !== undefined,
    refetchInterval: (q) =>
      isLive(q.state.data) && isPolling(queryClient, id ?? '') ? every : false,
  })
  const live = isLive(query.data)
  useEffect(
    () => (live && id !== undefined ? watchJob(client, queryClient, id) : undefined),
    [client, queryClient, id, live],
  )
  return query
}
