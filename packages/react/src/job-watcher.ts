import {
  type ChatStream,
  type Client,
  type Job,
  JobCancelledError,
  JobFailedError,
  type JobStatus,
  isTerminal,
} from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import { archipelagKeys } from './query-keys'

interface Watch {
  users: number
  /** The stream could not be used: the query polls instead. */
  polling: boolean
  stream: ChatStream
  release?: ReturnType<typeof setTimeout>
}

const watches = new WeakMap<QueryClient, Map<string, Watch>>()

/**
 * Status order (pending < queued < running < any end), so that the stream's replay of a
 * job's first statuses never overwrites the newer one the cache already has.
 */
function rank(status: JobStatus): number {
  return 'pending queued running'.indexOf(status) + 1 || 99
}

function open(client: Client, queryClient: QueryClient, id: string, map: Map<string, Watch>) {
  const queryKey = archipelagKeys.job(id)
  const refresh = () => void queryClient.invalidateQueries({ queryKey })
  let ended = false
  // The job ended: one read of its final record (output, usage, completedAt), after which
  // the query never goes stale again.
  const end = () => {
    if (!ended) refresh()
    ended = true
  }
  const stream = client.streamJob(id, {
    onEvent: (event) => {
      if (event.type !== 'status') return
      queryClient.setQueryData<Job>(queryKey, (job) =>
        job && rank(event.status) >= rank(job.status) ? { ...job, status: event.status } : job,
      )
      if (isTerminal(event.status)) end()
    },
  })
  const watch: Watch = { users: 0, polling: false, stream }
  stream.finalResult().then(end, (error: unknown) => {
    if (ended || map.get(id) !== watch) return // ended, or let go (unmounted)
    if (error instanceof JobFailedError || error instanceof JobCancelledError) return end()
    // No stream (a proxy that does not forward it, a lost connection): poll until the end.
    watch.polling = true
    refresh()
  })
  return watch
}

/**
 * Keeps the cached job `id` live from its event stream: status events update the cache at
 * once, and when the job ends its final record is read once. One stream per job however
 * many components watch it; the last one leaving (a tick later, so StrictMode's simulated
 * unmount does not count) detaches it, leaving the job running.
 *
 * @example
 * useEffect(() => watchJob(client, queryClient, id), [client, queryClient, id])
 */
export function watchJob(client: Client, queryClient: QueryClient, id: string): () => void {
  const map = watches.get(queryClient) ?? new Map<string, Watch>()
  watches.set(queryClient, map)
  const watch = map.get(id) ?? open(client, queryClient, id, map)
  map.set(id, watch)
  watch.users++
  clearTimeout(watch.release)
  return () => {
    if (--watch.users > 0) return
    // A watcher coming back before the tick clears this timer.
    watch.release = setTimeout(() => {
      map.delete(id)
      watch.stream.detach()
    }, 0)
  }
}

/** Whether job `id` is followed by polling (its stream could not be used). */
export function isPolling(queryClient: QueryClient, id: string): boolean {
  return watches.get(queryClient)?.get(id)?.polling === true
}

/** Whether a job is still worth watching. */
export function isLive(job: Job | undefined): job is Job {
  return job !== undefined && !isTerminal(job.status)
}
