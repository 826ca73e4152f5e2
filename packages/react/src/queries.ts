import type { Account, ApiKey, ArchipelagError, Job, Workload } from '@archipelag/client'
import {
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
  keepPreviousData,
  useQuery,
} from '@tanstack/react-query'
import { useArchipelagClient } from './provider'
import type { JobsParams } from './query-keys'
import {
  accountQueryOptions,
  apiKeysQueryOptions,
  jobsQueryOptions,
  workloadQueryOptions,
  workloadsQueryOptions,
} from './query-options'

// For more control (select, enabled, Suspense…), spread the matching `…QueryOptions(client)`
// into `useQuery` or `useSuspenseQuery` yourself: these hooks are exactly that.

/**
 * The Cargos on offer, with prices.
 *
 * @example
 * const { data: workloads } = useWorkloads()
 */
export function useWorkloads(): UseQueryResult<Workload[], ArchipelagError> {
  return useQuery(workloadsQueryOptions(useArchipelagClient()))
}

/**
 * One Cargo by slug (`undefined` waits for one).
 *
 * @example
 * const { data: llm } = useWorkload('llm-chat')
 */
export function useWorkload(slug: string | undefined): UseQueryResult<Workload, ArchipelagError> {
  const options = workloadQueryOptions(useArchipelagClient(), slug ?? '')
  return useQuery({ ...options, enabled: slug !== undefined })
}

/**
 * The account (email, credits). Refreshed after each job this package creates.
 *
 * @example
 * const { data: account } = useAccount()
 */
export function useAccount(): UseQueryResult<Account, ArchipelagError> {
  return useQuery(accountQueryOptions(useArchipelagClient()))
}

/**
 * The account's API keys (metadata only).
 *
 * @example
 * const { data: keys } = useApiKeys()
 */
export function useApiKeys(): UseQueryResult<ApiKey[], ArchipelagError> {
  return useQuery(apiKeysQueryOptions(useArchipelagClient()))
}

/** TanStack's query options for {@link useJobs} (`enabled`, `refetchInterval`, `select`…). */
export type UseJobsOptions = Omit<
  UseQueryOptions<Job[], ArchipelagError, Job[], QueryKey>,
  'queryKey' | 'queryFn'
>

/**
 * One page of jobs, newest first; the previous page stays shown while the next loads. The
 * second argument takes TanStack's query options, as `useQuery` does.
 *
 * @example
 * const [offset, setOffset] = useState(0)
 * const { data: jobs } = useJobs({ limit: 20, offset }, { refetchInterval: 5000 })
 */
export function useJobs(
  params: JobsParams = {},
  options?: UseJobsOptions,
): UseQueryResult<Job[], ArchipelagError> {
  const query = jobsQueryOptions(useArchipelagClient(), params)
  return useQuery({ ...query, placeholderData: keepPreviousData, ...options })
}
