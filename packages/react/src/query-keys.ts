/** Paging of `client.listJobs`. */
export interface JobsParams {
  limit?: number
  offset?: number
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
  all: ['archipelag'] as const,
  job: (id: string) => ['archipelag', 'job', id] as const,
  jobs: (params?: JobsParams) =>
    params ? (['archipelag', 'jobs', params] as const) : (['archipelag', 'jobs'] as const),
  workloads: () => ['archipelag', 'workloads'] as const,
  workload: (slug: string) => ['archipelag', 'workloads', slug] as const,
  account: () => ['archipelag', 'account'] as const,
  apiKeys: () => ['archipelag', 'api-keys'] as const,
}
