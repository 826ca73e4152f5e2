import {
  InsufficientCreditsError,
  type Job,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  archipelagKeys,
  useAccount,
  useApiKeys,
  useCancelJob,
  useCreateApiKey,
  useCreateJob,
  useDeleteApiKey,
  useJob,
  useJobs,
} from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, eventually, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterEach(() => void world.sandbox.setFaults({ rateLimitBurst: 0, latencyMs: 0 }))
afterAll(() => world?.close())

describe('useCreateJob', () => {
  it('puts the new job in the cache and refreshes the job list and the credits', async () => {
    const account = await world.account()
    const queryClient = testQueryClient()
    const { result } = renderHook(
      () => ({ create: useCreateJob(), jobs: useJobs(), account: useAccount() }),
      { wrapper: providers(account.client, { queryClient }) },
    )
    await waitFor(() => expect(result.current.account.data?.credits).toBe(100))
    await waitFor(() => expect(result.current.jobs.data).toEqual([]))
    let job: Job | undefined
    await act(async () => {
      job = await result.current.create.mutateAsync({
        workload: 'llm-chat',
        input: { prompt: 'hi' },
      })
    })
    expect(queryClient.getQueryData(archipelagKeys.job(job?.id as string))).toEqual(job)
    await waitFor(() => expect(result.current.jobs.data?.map((j) => j.id)).toEqual([job?.id]))
    await waitFor(() => expect(result.current.account.data?.credits).toBeLessThan(100))
    expect((await account.jobs()).map((j) => j.id)).toEqual([job?.id])
  })

  it('402: InsufficientCreditsError with required and available, and no job', async () => {
    const account = await world.account({ credits: 0 })
    const { result } = renderHook(() => useCreateJob(), { wrapper: providers(account.client) })
    act(() => result.current.mutate({ workload: 'llm-chat', input: { prompt: 'broke' } }))
    await waitFor(() => expect(result.current.isError).toBe(true))
    const error = result.current.error as InsufficientCreditsError
    expect(error).toBeInstanceOf(InsufficientCreditsError)
    expect(error.status).toBe(402)
    expect(error.required).toBeGreaterThan(0)
    expect(error.available).toBe(0)
    expect(await account.jobs()).toEqual([])
  })

  it('429 after the client retries: RateLimitError with retryAfter', async () => {
    const account = await world.account({ maxRetries: 1 })
    world.sandbox.setFaults({ rateLimitBurst: 2 })
    const { result } = renderHook(() => useCreateJob(), { wrapper: providers(account.client) })
    act(() => result.current.mutate({ workload: 'llm-chat', input: { prompt: 'busy' } }))
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 8000 })
    expect(result.current.error).toBeInstanceOf(RateLimitError)
    expect((result.current.error as RateLimitError).retryAfter).toBe(1)
    expect(account.requests.filter((r) => r === 'POST /jobs')).toHaveLength(2)
    expect(await account.jobs()).toEqual([])
  })

  it('bad input is a ValidationError naming the field, before any request', async () => {
    const account = await world.account()
    const { result } = renderHook(() => useCreateJob(), { wrapper: providers(account.client) })
    act(() =>
      result.current.mutate({ workload: 'llm-chat', input: { prompt: 'x', temperature: 9 } }),
    )
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toBeInstanceOf(ValidationError)
    expect((result.current.error as ValidationError).field).toBe('input.temperature')
    expect(account.requests).toEqual([])
  })
})

describe('useCancelJob', () => {
  it('shows the job cancelled at once, then the server answer; the job is cancelled on the sandbox', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'wait [sandbox:hang]' })
    const queryClient = testQueryClient()
    const { result } = renderHook(() => ({ job: useJob(job.id), cancel: useCancelJob() }), {
      wrapper: providers(account.client, { queryClient }),
    })
    await waitFor(() => expect(result.current.job.data?.status).toBe('running'))
    world.sandbox.setFaults({ latencyMs: 300 })
    act(() => result.current.cancel.mutate(job.id))
    await waitFor(() => expect(result.current.job.data?.status).toBe('cancelled'))
    expect(result.current.cancel.isPending).toBe(true) // the server has not answered yet
    await waitFor(() => expect(result.current.cancel.isSuccess).toBe(true))
    world.sandbox.setFaults({ latencyMs: 0 })
    expect(result.current.cancel.data?.status).toBe('cancelled')
    expect((await account.admin.getJob(job.id)).status).toBe('cancelled')
  })

  it('rolls the cached job back when the cancel fails (a proxy that refuses DELETE)', async () => {
    const account = await world.account({ allowPaths: ['GET /jobs/:id'] })
    const job = await account.admin.createJob('llm-chat', { prompt: 'keep [sandbox:hang]' })
    const queryClient = testQueryClient()
    queryClient.setQueryData(archipelagKeys.job(job.id), { ...job, status: 'running' })
    const { result } = renderHook(() => useCancelJob(), {
      wrapper: providers(account.client, { queryClient }),
    })
    const seen: string[] = []
    queryClient.getQueryCache().subscribe((event) => {
      const status = (event.query.state.data as Job | undefined)?.status
      if (event.query.queryKey[2] !== job.id || event.type !== 'updated') return
      if (status && seen.at(-1) !== status) seen.push(status)
    })
    act(() => result.current.mutate(job.id))
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(seen).toEqual(['cancelled', 'running'])
    expect(result.current.error).toBeInstanceOf(PermissionDeniedError)
    expect(queryClient.getQueryData<Job>(archipelagKeys.job(job.id))?.status).toBe('running')
    expect((await account.admin.getJob(job.id)).status).toBe('running')
    await account.admin.cancelJob(job.id)
  })
})

describe('API keys', () => {
  it('useCreateApiKey returns the full key once and the list refreshes; useDeleteApiKey drops it', async () => {
    const account = await world.account()
    const { result } = renderHook(
      () => ({ keys: useApiKeys(), create: useCreateApiKey(), remove: useDeleteApiKey() }),
      { wrapper: providers(account.client) },
    )
    await waitFor(() => expect(result.current.keys.data).toHaveLength(1))
    let created: Awaited<ReturnType<typeof result.current.create.mutateAsync>> | undefined
    await act(async () => {
      created = await result.current.create.mutateAsync({ name: 'ci' })
    })
    expect(created?.key).toMatch(/^ak_/)
    await waitFor(() => expect(result.current.keys.data?.map((k) => k.name)).toContain('ci'))
    const id = created?.apiKey.id as string
    act(() => result.current.remove.mutate(id))
    await waitFor(() => expect(result.current.remove.isSuccess).toBe(true))
    expect(result.current.keys.data?.map((k) => k.id)).not.toContain(id)
    await eventually(async () => (await account.admin.listApiKeys()).every((k) => k.id !== id))
  })
})
