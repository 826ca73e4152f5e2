import { InsufficientCreditsError, JobFailedError } from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archipelagKeys, useBatch } from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, eventually, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld({ tokenIntervalMs: 5 })
})
afterAll(() => world?.close())

const spec = (prompt: string) => ({ workload: 'llm-chat', input: { prompt, max_tokens: 8 } })
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
    act(() => void result.current.submit(['x', 'y', 'z', 'w', 'v'].map(spec)))
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

  it('a batch the account cannot afford is an InsufficientCreditsError', async () => {
    const account = await world.account({ credits: 0 })
    const { result } = renderHook(() => useBatch(), { wrapper: providers(account.client) })
    act(() => void result.current.submit([spec('a')]))
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error).toBeInstanceOf(InsufficientCreditsError)
  })
})
