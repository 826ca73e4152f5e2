import { ArchipelagError, NotFoundError } from '@archipelag/client'
import { QueryClient, QueryClientProvider, useSuspenseQuery } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { Suspense, useState } from 'react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ArchipelagProvider,
  archipelagKeys,
  jobQueryOptions,
  useAccount,
  useApiKeys,
  useArchipelag,
  useArchipelagClient,
  useJobs,
  useWorkload,
  useWorkloads,
  workloadsQueryOptions,
} from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, startWorld } from './helpers/world'

function JobView({ id }: { id: string }) {
  const { data } = useSuspenseQuery(jobQueryOptions(useArchipelagClient(), id))
  return <p>job {data.id}</p>
}

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world?.close())

describe('ArchipelagProvider', () => {
  it('provides the client, and a QueryClient when there is none above', async () => {
    const { client } = await world.account()
    const { result } = renderHook(
      () => [useArchipelagClient(), useArchipelag(), useAccount()] as const,
      {
        wrapper: ({ children }) => (
          <ArchipelagProvider client={client}>{children}</ArchipelagProvider>
        ),
      },
    )
    expect(result.current[0]).toBe(client)
    expect(result.current[1].client).toBe(client)
    await waitFor(() => expect(result.current[2].data?.credits).toBe(100))
  })

  it('uses the QueryClient of a QueryClientProvider above it', async () => {
    const { client } = await world.account()
    const outer = new QueryClient()
    const { result } = renderHook(() => useWorkloads(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={outer}>
          <ArchipelagProvider client={client}>{children}</ArchipelagProvider>
        </QueryClientProvider>
      ),
    })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(outer.getQueryData(archipelagKeys.workloads())).toBe(result.current.data)
  })

  it('a hook outside any provider throws a typed error naming the provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() => renderHook(() => useArchipelagClient())).toThrow(ArchipelagError)
    expect(() => renderHook(() => useArchipelagClient())).toThrow(/ArchipelagProvider/)
    spy.mockRestore()
  })

  it('accepts the official 0.1 apiKey/baseUrl props, warning that a key in a page is readable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { sandbox } = world
    const { result } = renderHook(() => useAccount(), {
      wrapper: ({ children }) => (
        <ArchipelagProvider apiKey={sandbox.apiKey} baseUrl={sandbox.url}>
          {children}
        </ArchipelagProvider>
      ),
    })
    await waitFor(() => expect(result.current.data?.email).toBeTruthy())
    expect(warn).toHaveBeenCalledOnce()
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/@archipelag\/client\/proxy/)
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(sandbox.apiKey)
    warn.mockRestore()
  })
})

describe('queries', () => {
  it('useWorkloads and useWorkload read the Cargos with prices', async () => {
    const { client } = await world.account()
    const { result } = renderHook(
      () => [useWorkloads(), useWorkload('llm-chat'), useWorkload(undefined)] as const,
      {
        wrapper: providers(client),
      },
    )
    await waitFor(() => expect(result.current[1].isSuccess).toBe(true))
    await waitFor(() => expect(result.current[0].isSuccess).toBe(true))
    expect(result.current[0].data?.map((w) => w.slug)).toContain('sdxl')
    expect(result.current[1].data?.pricePerJob).toBeGreaterThan(0)
    expect(result.current[2].fetchStatus).toBe('idle') // waits for a slug
  })

  it('useAccount and useApiKeys read the account of the proxy key', async () => {
    const account = await world.account({ credits: 42 })
    const { result } = renderHook(() => [useAccount(), useApiKeys()] as const, {
      wrapper: providers(account.client),
    })
    await waitFor(() => expect(result.current[1].isSuccess).toBe(true))
    await waitFor(() => expect(result.current[0].data?.credits).toBe(42))
    expect(result.current[1].data?.length).toBeGreaterThan(0)
  })

  it('useJobs pages, keeping the previous page shown while the next loads', async () => {
    const account = await world.account()
    for (const prompt of ['one', 'two', 'three']) {
      await account.admin.createJob('llm-chat', { prompt })
    }
    const { result } = renderHook(
      () => {
        const [offset, setOffset] = useState(0)
        return { page: useJobs({ limit: 2, offset }), setOffset }
      },
      { wrapper: providers(account.client) },
    )
    await waitFor(() => expect(result.current.page.data?.length).toBe(2))
    const first = result.current.page.data
    act(() => result.current.setOffset(2))
    expect(result.current.page.isPlaceholderData).toBe(true)
    expect(result.current.page.data).toBe(first)
    await waitFor(() => expect(result.current.page.isPlaceholderData).toBe(false))
    expect(result.current.page.data?.map((j) => j.input.prompt)).toEqual(['one'])
  })

  it("useJobs takes TanStack's query options: enabled waits, refetchInterval keeps the list fresh", async () => {
    const account = await world.account()
    const { result, rerender } = renderHook(
      ({ enabled }) => useJobs({ limit: 5 }, { enabled, refetchInterval: 20 }),
      { wrapper: providers(account.client), initialProps: { enabled: false } },
    )
    await new Promise((r) => setTimeout(r, 100))
    expect(result.current.fetchStatus).toBe('idle')
    expect(account.requests).toEqual([]) // not enabled: nothing asked
    rerender({ enabled: true })
    await waitFor(() => expect(result.current.data).toEqual([]))
    // A job made elsewhere shows up with no invalidation: the list is read again and again.
    const job = await account.admin.createJob('llm-chat', { prompt: 'from elsewhere' })
    await waitFor(() => expect(result.current.data?.[0]?.id).toBe(job.id))
  })

  it('errors are the SDK typed errors (404 → NotFoundError), with no retry on top of the client', async () => {
    const account = await world.account()
    const { result } = renderHook(() => useWorkload('no-such-cargo'), {
      wrapper: providers(account.client, { queryClient: new QueryClient() }),
    })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toBeInstanceOf(NotFoundError)
    expect(account.requests.filter((r) => r === 'GET /workloads/no-such-cargo')).toHaveLength(1)
  })
})

describe('queryOptions helpers', () => {
  it('prefetching fills the cache: the hook then renders with no request', async () => {
    const account = await world.account()
    const queryClient = testQueryClient()
    await queryClient.prefetchQuery(workloadsQueryOptions(account.client))
    const before = account.requests.length
    const { result } = renderHook(() => useWorkloads(), {
      wrapper: providers(account.client, { queryClient }),
    })
    expect(result.current.data?.length).toBeGreaterThan(0)
    expect(account.requests.length).toBe(before)
  })

  it('work with useSuspenseQuery: the fallback, then the job', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'suspense' })
    render(
      <Suspense fallback={<p>loading</p>}>
        <JobView id={job.id} />
      </Suspense>,
      { wrapper: providers(account.client) },
    )
    expect(screen.getByText('loading')).toBeTruthy()
    expect(await screen.findByText(`job ${job.id}`)).toBeTruthy()
  })
})
