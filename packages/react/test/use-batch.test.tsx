import { InsufficientCreditsError, JobFailedError } from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archipelagKeys, useAccount, useBatch } from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, eventually, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld({ tokenIntervalMs: 5 })
})
afterAll(() => world?.close())

const spec = (prompt: string, tokens = 8) => ({
  workload: 'llm-chat',
  input: { prompt, max_tokens: tokens },
})
/** A job that runs long enough (60 tokens, 5 ms apart) to unmount while it runs. */
const long = (prompt: string) => spec(`${prompt} [sandbox:tokens=60]`, 60)
const done = { timeout: 8000 }

describe('useBatch', () => {
  it('fills each result in its slot as its job ends; stop() cancels the jobs not ended', async () => {
    const account = await world.account()
    const queryClient = testQueryClient()
    const { result } = renderHook(() => useBatch(), {
      wrapper: providers(account.client, { queryClient }),
    })
    const specs = [spec('slow [sandbox:hang]'), spec('a'), spec('b'), spec('c [sandbox:fail]')]
    act(() => void result.current.submit(specs))
    expect(result.current.status).toBe('submitting')
    await waitFor(() => expect(result.current.completed).toBe(3), done)
    expect(result.current.status).toBe('running')
    expect(result.current.progress).toBe(0.75)
    const [hung, a, b, c] = result.current.results
    expect(hung).toBeUndefined()
    expect(a).toMatchObject({
      status: 'fulfilled',
      job: { status: 'completed', input: { prompt: 'a' } },
    })
    expect(b).toMatchObject({ status: 'fulfilled', job: { input: { prompt: 'b' } } })
    expect(c?.status).toBe('rejected')
    expect(c?.status === 'rejected' && c.error).toBeInstanceOf(JobFailedError)
    const jobs = result.current.jobs
    expect(jobs.map((j) => j.input.prompt)).toEqual(specs.map((s) => s.input.prompt))
    // Each ended job is in the cache as the server's final record.
    expect(queryClient.getQueryData(archipelagKeys.job(jobs[1]?.id as string))).toEqual(
      a?.status === 'fulfilled' && a.job,
    )
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    await eventually(
      async () => (await account.admin.getJob(jobs[0]?.id as string)).status === 'cancelled',
    )
    // The cancelled job's final record lands in the cache too.
    await waitFor(() =>
      expect(queryClient.getQueryData(archipelagKeys.job(jobs[0]?.id as string))).toMatchObject({
        status: 'cancelled',
      }),
    )
    expect(account.requests.filter((r) => r === 'POST /jobs')).toHaveLength(4)
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([
      `DELETE /jobs/${jobs[0]?.id}`,
    ])
  })

  it('runs to done with progress 1', async () => {
    const account = await world.account()
    const { result } = renderHook(() => useBatch({ concurrency: 2 }), {
      wrapper: providers(account.client),
    })
    act(() => void result.current.submit(['x', 'y', 'z', 'w', 'v'].map((p) => spec(p))))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    expect(result.current.progress).toBe(1)
    expect(result.current.results.every((r) => r?.status === 'fulfilled')).toBe(true)
  })

  it('unmounting cancels the jobs that have not ended', async () => {
    const account = await world.account()
    const { result, unmount } = renderHook(() => useBatch(), { wrapper: providers(account.client) })
    act(() => void result.current.submit([spec('one [sandbox:hang]'), spec('two [sandbox:hang]')]))
    await waitFor(() => expect(result.current.status).toBe('running'), done)
    unmount()
    await eventually(async () => (await account.jobs()).every((j) => j.status === 'cancelled'))
  })

  it('with an id, unmounting leaves the jobs running and a remount shows every result', async () => {
    const account = await world.account()
    const specs = [long('one'), long('two')]
    const first = renderHook(() => useBatch({ id: 'nightly' }), {
      wrapper: providers(account.client),
    })
    act(() => void first.result.current.submit(specs))
    await waitFor(() => expect(first.result.current.status).toBe('running'), done)
    first.unmount()
    const second = renderHook(() => useBatch({ id: 'nightly' }), {
      wrapper: providers(account.client),
    })
    await waitFor(() => expect(second.result.current.status).toBe('done'), done)
    expect(second.result.current.results.map((r) => r?.status)).toEqual(['fulfilled', 'fulfilled'])
    expect((await account.jobs()).map((j) => j.status)).toEqual(['completed', 'completed'])
    expect(account.requests.filter((r) => r === 'POST /jobs')).toHaveLength(2)
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })

  it('cancelOnUnmount: false without an id lets the jobs run on, unfollowed', async () => {
    const account = await world.account()
    const { result, unmount } = renderHook(() => useBatch({ cancelOnUnmount: false }), {
      wrapper: providers(account.client),
    })
    act(() => void result.current.submit([long('far'), long('away')]))
    await waitFor(() => expect(result.current.status).toBe('running'), done)
    unmount()
    await eventually(async () => (await account.jobs()).every((j) => j.status === 'completed'))
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })

  it('the credits on the same page refresh as the batch is made, with no invalidation of yours', async () => {
    const account = await world.account()
    const { result } = renderHook(() => ({ batch: useBatch(), account: useAccount() }), {
      wrapper: providers(account.client),
    })
    await waitFor(() => expect(result.current.account.data?.credits).toBe(100))
    act(() => void result.current.batch.submit([spec('a'), spec('b')]))
    await waitFor(() => expect(result.current.batch.status).toBe('done'), done)
    const { credits } = await account.admin.getAccount()
    expect(credits).toBeLessThan(100)
    await waitFor(() => expect(result.current.account.data?.credits).toBe(credits))
  })

  it('a batch the account cannot afford is an InsufficientCreditsError', async () => {
    const account = await world.account({ credits: 0 })
    const { result } = renderHook(() => useBatch(), { wrapper: providers(account.client) })
    act(() => void result.current.submit([spec('a')]))
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error).toBeInstanceOf(InsufficientCreditsError)
  })
})
