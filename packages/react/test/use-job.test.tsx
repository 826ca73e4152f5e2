import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useJob } from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld({ tokenIntervalMs: 10 })
})
afterAll(() => world?.close())

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const done = { timeout: 8000 }

/** Nudges everything that could make a query refetch: focus, online, a new observer. */
async function nudge(wrapper: ReturnType<typeof providers>, id: string) {
  act(() => {
    window.dispatchEvent(new Event('visibilitychange'))
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('online'))
  })
  const extra = renderHook(() => useJob(id), { wrapper })
  await pause(300)
  extra.unmount()
}

describe('useJob', () => {
  it('follows the job by its stream, reads the final record once, then requests nothing', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Watch me' })
    const wrapper = providers(account.client)
    const statuses: string[] = []
    const { result } = renderHook(
      () => {
        const query = useJob(job.id)
        const status = query.data?.status
        if (status && statuses.at(-1) !== status) statuses.push(status)
        return query
      },
      { wrapper },
    )
    await waitFor(() => expect(result.current.data?.completedAt).toBeTruthy(), done)
    expect(result.current.data?.status).toBe('completed')
    expect(result.current.data?.output).toBe((await account.admin.getJob(job.id)).output)
    expect(statuses.at(-1)).toBe('completed')
    expect(statuses).toContain('running')
    const path = `/jobs/${job.id}`
    expect(account.requests).toEqual([`GET ${path}`, `GET ${path}/stream`, `GET ${path}`])
    await nudge(wrapper, job.id)
    expect(account.requests).toHaveLength(3)
  })

  it('status events land in the cache at once (a job cancelled elsewhere shows cancelled)', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Hang [sandbox:hang]' })
    const { result } = renderHook(() => useJob(job.id), { wrapper: providers(account.client) })
    await waitFor(() => expect(result.current.data?.status).toBe('running'), done)
    await account.admin.cancelJob(job.id)
    await waitFor(() => expect(result.current.data?.status).toBe('cancelled'), done)
    await waitFor(() =>
      expect(account.requests.filter((r) => r === `GET /jobs/${job.id}`)).toHaveLength(2),
    )
    await pause(200)
    expect(account.requests.filter((r) => r.startsWith('GET /jobs'))).toHaveLength(3)
  })

  it('a job that has already ended is read once: no stream', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Quick' })
    await account.admin.waitForJob(job.id)
    const wrapper = providers(account.client)
    const { result } = renderHook(() => useJob(job.id), { wrapper })
    await waitFor(() => expect(result.current.data?.status).toBe('completed'))
    await nudge(wrapper, job.id)
    expect(account.requests).toEqual([`GET /jobs/${job.id}`])
  })

  it('falls back to polling when the stream cannot be used, and stops at the end', async () => {
    const account = await world.account({ allowPaths: ['GET /jobs/:id'] })
    const job = await account.admin.createJob('llm-chat', { prompt: 'Poll me [sandbox:hang]' })
    const wrapper = providers(account.client)
    const { result } = renderHook(() => useJob(job.id, { pollInterval: 40 }), { wrapper })
    await waitFor(
      () =>
        expect(account.requests.filter((r) => r === `GET /jobs/${job.id}`).length).toBeGreaterThan(
          3,
        ),
      done,
    )
    expect(result.current.data?.status).toBe('running')
    await account.admin.cancelJob(job.id)
    await waitFor(() => expect(result.current.data?.status).toBe('cancelled'), done)
    const count = account.requests.length
    await nudge(wrapper, job.id)
    expect(account.requests.length).toBe(count)
    expect(account.requests.filter((r) => r.endsWith('/stream'))).toHaveLength(1) // refused once
  })

  it('components watching the same job share one stream, also in StrictMode', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Share [sandbox:hang]' })
    const wrapper = providers(account.client, { strict: true, queryClient: testQueryClient() })
    const a = renderHook(() => useJob(job.id), { wrapper })
    const b = renderHook(() => useJob(job.id), { wrapper })
    await waitFor(() => expect(a.result.current.data?.status).toBe('running'), done)
    await waitFor(() => expect(b.result.current.data?.status).toBe('running'), done)
    await pause(100)
    expect(account.requests.filter((r) => r.endsWith('/stream'))).toHaveLength(1)
    await account.admin.cancelJob(job.id)
    await waitFor(() => expect(b.result.current.data?.status).toBe('cancelled'), done)
  })
})
