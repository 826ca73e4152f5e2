import {
  type ApiKey,
  type ApiKeyPair,
  type ArchipelagError,
  type Client,
  type Job,
  type JobSpec,
  isTerminal,
} from '@archipelag/client'
import {
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query'
import { jobsChanged } from './jobs-changed'
import { useArchipelagClient } from './provider'
import { archipelagKeys } from './query-keys'

/** A mutation built from the provider's client and the query cache. */
function useArchipelagMutation<T, V, C = unknown>(
  make: (client: Client, queryClient: QueryClient) => UseMutationOptions<T, ArchipelagError, V, C>,
): UseMutationResult<T, ArchipelagError, V, C> {
  return useMutation(make(useArchipelagClient(), useQueryClient()))
}

/**
 * Creates a job (with an idempotency key: a retry never creates a second one). The new job
 * lands in the cache, so `useJob(job.id)` shows it without a request.
 *
 * @example
 * const create = useCreateJob()
 * create.mutate({ workload: 'llm-chat', input: { prompt: 'Hello' } }, { onSuccess: (job) => setId(job.id) })
 */
export function useCreateJob(): UseMutationResult<Job, ArchipelagError, JobSpec> {
  return useArchipelagMutation((client, queryClient) => ({
    mutationFn: (spec: JobSpec) => client.createJob(spec),
    onSuccess: (job) => jobsChanged(queryClient, [job]),
  }))
}

/**
 * Cancels a job. The cached job shows `cancelled` at once (rolled back if the cancel fails),
 * then the server's answer.
 *
 * @example
 * const cancel = useCancelJob()
 * <button onClick={() => cancel.mutate(job.id)}>Cancel</button>
 */
export function useCancelJob(): UseMutationResult<Job, ArchipelagError, string, Job | undefined> {
  return useArchipelagMutation((client, queryClient) => ({
    mutationFn: (id: string) => client.cancelJob(id),
    onMutate: async (id) => {
      const queryKey = archipelagKeys.job(id)
      await queryClient.cancelQueries({ queryKey })
      const before = queryClient.getQueryData<Job>(queryKey)
      if (before && !isTerminal(before.status)) {
        queryClient.setQueryData<Job>(queryKey, { ...before, status: 'cancelled' })
      }
      return before
    },
    onError: (_error, id, before) => {
      if (before) queryClient.setQueryData(archipelagKeys.job(id), before)
    },
    onSuccess: (job) => jobsChanged(queryClient, [job]),
  }))
}

/**
 * Creates an API key; the result holds the full key, shown this once. The key list refreshes.
 *
 * @example
 * const create = useCreateApiKey()
 * const { key } = await create.mutateAsync({ name: 'ci' })
 */
export function useCreateApiKey(): UseMutationResult<
  ApiKeyPair,
  ArchipelagError,
  { name: string; scopes?: string[] }
> {
  return useArchipelagMutation((client, queryClient) => ({
    mutationFn: (params: { name: string; scopes?: string[] }) => client.createApiKey(params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: archipelagKeys.apiKeys() }),
  }))
}

/**
 * Deletes (revokes) an API key. It leaves the cached list at once; the list then refreshes.
 *
 * @example
 * const remove = useDeleteApiKey()
 * <button onClick={() => remove.mutate(key.id)}>Revoke</button>
 */
export function useDeleteApiKey(): UseMutationResult<ApiKey | undefined, ArchipelagError, string> {
  return useArchipelagMutation((client, queryClient) => ({
    mutationFn: (id: string) => client.deleteApiKey(id),
    onSuccess: (_deleted, id) => {
      const queryKey = archipelagKeys.apiKeys()
      queryClient.setQueryData<ApiKey[]>(queryKey, (keys) => keys?.filter((k) => k.id !== id))
      return queryClient.invalidateQueries({ queryKey })
    },
  }))
}
