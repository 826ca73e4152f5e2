import type {
  Account,
  ApiKey,
  ArchipelagError,
  Client,
  Job,
  RequestOptions,
  Workload,
} from '@archipelag/client'
import { isTerminal } from '@archipelag/client'
import { type QueryKey, queryOptions } from '@tanstack/react-query'
import { type JobsParams, archipelagKeys } from './query-keys'

/**
 * The shape every helper shares. `retry: false`: the client already retries what is worth
 * retrying (connection errors, 429 after Retry-After, 5xx) with backoff; a second layer of
 * retries would only delay the error.
 */
function options<T, K extends QueryKey>(
  queryKey: K,
  read: (request: RequestOptions) => Promise<T>,
  staleTime = 0,
) {
  return queryOptions<T, ArchipelagError, T, K>({
    queryKey,
    queryFn: ({ signal }) => read({ signal }),
    retry: false,
    staleTime,
  })
}

/**
 * A job: `useQuery`, `useSuspenseQuery`, `prefetchQuery` or `ensureQueryData` with it. A job
 * that has ended never goes stale (nothing is requested for it again).
 *
 * @example
 * const { data: job } = useSuspenseQuery(jobQueryOptions(client, id))
 */
export function jobQueryOptions(client: Client, id: string) {
  return queryOptions({
    ...options(archipelagKeys.job(id), (r) => client.getJob(id, r)),
    staleTime: (query) => (query.state.data && isTerminal(query.state.data.status) ? Infinity : 0),
  })
}

/**
 * One page of jobs, newest first.
 *
 * @example
 * await queryClient.prefetchQuery(jobsQueryOptions(client, { limit: 20 }))
 */
export function jobsQueryOptions(client: Client, params: JobsParams = {}) {
  return options<Job[], QueryKey>(archipelagKeys.jobs(params), (r) => client.listJobs(params, r))
}

/**
 * The Cargos on offer, with prices (fresh for a minute).
 *
 * @example
 * const { data } = useSuspenseQuery(workloadsQueryOptions(client))
 */
export function workloadsQueryOptions(client: Client) {
  return options<Workload[], QueryKey>(
    archipelagKeys.workloads(),
    (r) => client.listWorkloads(r),
    60_000,
  )
}

/**
 * One Cargo by slug (fresh for a minute).
 *
 * @example
 * const { data } = useSuspenseQuery(workloadQueryOptions(client, 'llm-chat'))
 */
export function workloadQueryOptions(client: Client, slug: string) {
  return options<Workload, QueryKey>(
    archipelagKeys.workload(slug),
    (r) => client.getWorkload(slug, r),
    60_000,
  )
}

/**
 * The account (email, credits).
 *
 * @example
 * const { data } = useSuspenseQuery(accountQueryOptions(client))
 */
export function accountQueryOptions(client: Client) {
  return options<Account, QueryKey>(archipelagKeys.account(), (r) => client.getAccount(r))
}

/**
 * The account's API keys (metadata only).
 *
 * @example
 * const { data } = useSuspenseQuery(apiKeysQueryOptions(client))
 */
export function apiKeysQueryOptions(client: Client) {
  return options<ApiKey[], QueryKey>(archipelagKeys.apiKeys(), (r) => client.listApiKeys(r))
}
