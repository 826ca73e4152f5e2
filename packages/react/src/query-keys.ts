/** Paging of `client.listJobs`. */
export interface JobsParams {
  limit?: number
  offset?: number
}

/** `['archipelag', ...parts]`, typed as that tuple. */
function key<const T extends unknown[]>(...parts: T): readonly ['archipelag', ...T] {
  return ['archipelag', ...parts]
}

/**
 * The query keys of every Archipelag query, as plain functions: prefetch, read, set and
 * invalidate without rendering. Keys nest, so `archipelagKeys.all` covers everything and
 * `archipelagKeys.workloads()` covers each `workload(slug)`.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: archipelagKeys.jobs() }) // every page
 * queryClient.getQueryData<Job>(archipelagKeys.job(id))
 */
export const archipelagKeys = {
  all: key(),
  job: (id: string) => key('job', id),
  jobs: (params?: JobsParams) => (params ? key('jobs', params) : key('jobs')),
  workloads: () => key('workloads'),
  workload: (slug: string) => key('workloads', slug),
  account: () => key('account'),
  apiKeys: () => key('api-keys'),
}
