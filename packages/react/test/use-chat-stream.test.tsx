import {
  InsufficientCreditsError,
  JobFailedError,
  RateLimitError,
  ValidationError,
} from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type UseChatStreamOptions, useChatStream } from '../src/index'
import { providers } from './helpers/render'
import { type World, eventually, quiet, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  // Slow enough that a test can act mid-stream (an answer is 12–48 tokens: 0.3–1.2 s).
  world = await startWorld({ tokenIntervalMs: 25 })
})
afterEach(() => void world.sandbox.setFaults({ rateLimitBurst: 0 }))
afterAll(() => world?.close())

/** Renders `useChatStream`, recording the status and text of every render. */
function renderStream(
  client: Parameters<typeof providers>[0],
  options: UseChatStreamOptions = {},
  strict = false,
) {
  const renders: { status: string; text: string }[] = []
  const hook = renderHook(
    (props: UseChatStreamOptions) => {
      const stream = useChatStream(props)
      renders.push({ status: stream.status, text: stream.text })
      return stream
    },
    { wrapper: providers(client, { strict }), initialProps: options },
  )
  return { ...hook, renders }
}

/** Starts a stream, waits for its first token, unmounts: the job's id, for the sandbox. */
async function unmountMidStream(
  client: Parameters<typeof providers>[0],
  options: UseChatStreamOptions,
) {
  const { result, unmount } = renderStream(client, options)
  act(() => void result.current.start('Leave in the middle'))
  await waitFor(() => expect(result.current.status).toBe('streaming'), { timeout: 8000 })
  const jobId = result.current.jobId as string
  unmount()
  return jobId
}

describe('useChatStream', () => {
  it('streams to done: the whole answer once, usage, job id, events; onFinish after the last token is shown', async () => {
    const account = await world.account()
    const onFinish = vi.fn()
    const onToken = vi.fn()
    const { result, renders } = renderStream(account.client, { onFinish, onToken })
    expect(result.current.status).toBe('idle')
    act(() => void result.current.start('Tell me about the harbor', { maxTokens: 30 }))
    expect(result.current.status).toBe('submitted')
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    const job = await account.admin.getJob(result.current.jobId as string)
    expect(result.current.text).toBe(job.output)
    expect(result.current.usage?.completionTokens).toBe(onToken.mock.calls.length)
    expect(result.current.events.at(-1)?.type).toBe('done')
    const statuses = result.current.events.flatMap((e) => (e.type === 'status' ? [e.status] : []))
    expect(statuses.at(-1)).toBe('completed')
    expect(result.current.lastEventId).toBe(result.current.events.at(-1)?.eventId)
    expect(onFinish).toHaveBeenCalledOnce()
    expect(onFinish.mock.calls[0]?.[0].content).toBe(job.output)
    // No render ever showed the terminal status with part of the text.
    for (const r of renders.filter((r) => r.status === 'done')) expect(r.text).toBe(job.output)
    expect(renders.map((r) => r.status)).toEqual(expect.arrayContaining(['submitted', 'streaming']))
  })

  it('renders on status changes and frames only: with a huge throttle, a few renders for the whole answer', async () => {
    const account = await world.account()
    const { result, renders } = renderStream(account.client, { throttleMs: 60_000 })
    act(() => void result.current.start('Count the islands', { maxTokens: 40 }))
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    const tokens = result.current.events.filter((e) => e.type === 'token').length
    expect(tokens).toBeGreaterThan(10)
    // idle, submitted, job id known, first token (streaming), done: no render per token.
    expect(renders.length).toBeLessThanOrEqual(6)
    const job = await account.admin.getJob(result.current.jobId as string)
    expect(result.current.text).toBe(job.output)
  })

  it('stop() mid-stream ends the stream, keeps the partial text and cancels the job on the sandbox', async () => {
    const account = await world.account()
    const { result } = renderStream(account.client)
    act(() => void result.current.start('A long story about lanterns'))
    await waitFor(() => expect(result.current.status).toBe('streaming'), { timeout: 8000 })
    await act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    const partial = result.current.text
    expect(partial.length).toBeGreaterThan(0)
    const job = await account.admin.getJob(result.current.jobId as string)
    expect(job.status).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 150))
    expect(result.current.text).toBe(partial) // nothing more arrives
  })

  it('unmount mid-stream without an id cancels the job on the sandbox', async () => {
    const account = await world.account()
    const jobId = await unmountMidStream(account.client, {})
    await eventually(async () => (await account.admin.getJob(jobId)).status === 'cancelled')
  })

  it('cancelOnUnmount: false keeps the job of a hook without an id running, and its stream is let go', async () => {
    const account = await world.account()
    const onToken = vi.fn()
    const { result, unmount } = renderStream(account.client, { cancelOnUnmount: false, onToken })
    act(() => void result.current.start('Run on without me [sandbox:tokens=60]'))
    await waitFor(() => expect(result.current.status).toBe('streaming'), { timeout: 8000 })
    const jobId = result.current.jobId as string
    unmount()
    const heard = await quiet(() => onToken.mock.calls.length) // no token arrives any more
    const job = await eventually(async () => {
      const j = await account.admin.getJob(jobId)
      return j.status === 'completed' ? j : undefined
    })
    expect(job.usage?.completionTokens).toBe(60)
    expect(heard).toBeLessThan(60)
    expect(onToken).toHaveBeenCalledTimes(heard)
  })

  it('resumeJobId without an id only watches: unmounting stops following, the job runs on', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', {
      prompt: 'Watch me [sandbox:tokens=60]',
    })
    const onToken = vi.fn()
    const { result, unmount } = renderStream(account.client, { resumeJobId: job.id, onToken })
    await waitFor(() => expect(result.current.status).toBe('streaming'), { timeout: 8000 })
    unmount()
    const heard = await quiet(() => onToken.mock.calls.length) // no token arrives any more
    await eventually(async () => (await account.admin.getJob(job.id)).status === 'completed')
    expect(heard).toBeLessThan(60)
    expect(onToken).toHaveBeenCalledTimes(heard)
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })

  it('resumeJobId with cancelOnUnmount: true cancels the watched job on unmount', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Mine to end [sandbox:hang]' })
    const { result, unmount } = renderStream(account.client, {
      resumeJobId: job.id,
      cancelOnUnmount: true,
    })
    await waitFor(() => expect(result.current.jobId).toBe(job.id), { timeout: 8000 })
    unmount()
    await eventually(async () => (await account.admin.getJob(job.id)).status === 'cancelled')
  })

  it('with an id, unmount and remount: the job runs on and the remounted hook shows every token once', async () => {
    const account = await world.account()
    const first = renderStream(account.client, { id: 'story' })
    act(() => void first.result.current.start('A story that outlives its component'))
    await waitFor(() => expect(first.result.current.status).toBe('streaming'), { timeout: 8000 })
    const jobId = first.result.current.jobId as string
    first.unmount()
    await new Promise((r) => setTimeout(r, 100))
    expect((await account.admin.getJob(jobId)).status).toBe('running')
    const second = renderStream(account.client, { id: 'story' })
    expect(second.result.current.jobId).toBe(jobId)
    await waitFor(() => expect(second.result.current.status).toBe('done'), { timeout: 8000 })
    const job = await account.admin.getJob(jobId)
    expect(job.status).toBe('completed')
    expect(second.result.current.text).toBe(job.output)
    expect(account.requests.filter((r) => r === 'POST /jobs')).toHaveLength(1)
    expect(account.requests.filter((r) => r.endsWith('/stream'))).toHaveLength(1)
  })

  it('with an id and cancelOnUnmount: true, unmounting cancels', async () => {
    const account = await world.account()
    const jobId = await unmountMidStream(account.client, { id: 'brief', cancelOnUnmount: true })
    await eventually(async () => (await account.admin.getJob(jobId)).status === 'cancelled')
  })

  it('StrictMode: one click, exactly one job on the sandbox, and the double effects cancel nothing', async () => {
    const account = await world.account()
    const { result } = renderStream(account.client, {}, true)
    act(() => void result.current.start('Strict'))
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    const jobs = await account.jobs()
    expect(jobs).toHaveLength(1)
    expect(jobs[0]?.status).toBe('completed')
    expect(result.current.text).toBe(jobs[0]?.output)
  })

  it('resumeJobId in StrictMode: one stream, the job not cancelled, every token once', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'Resume me strictly' })
    const { result } = renderStream(account.client, { resumeJobId: job.id }, true)
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    const done = await account.admin.getJob(job.id)
    expect(done.status).toBe('completed')
    expect(result.current.text).toBe(done.output)
    expect(account.requests.filter((r) => r.endsWith('/stream'))).toEqual([
      `GET /jobs/${job.id}/stream`,
    ])
  })

  it('resume after a remount: a new component follows the job from the start, nothing repeated', async () => {
    const account = await world.account()
    const first = renderStream(account.client, { cancelOnUnmount: false })
    act(() => void first.result.current.start('Pick me up later'))
    await waitFor(() => expect(first.result.current.status).toBe('streaming'), { timeout: 8000 })
    const jobId = first.result.current.jobId as string
    first.unmount()
    const second = renderStream(account.client, { resumeJobId: jobId })
    await waitFor(() => expect(second.result.current.status).toBe('done'), { timeout: 8000 })
    expect(second.result.current.text).toBe((await account.admin.getJob(jobId)).output)
  })

  it('errors are typed: 402, 429 after retries, a failed job (partial text kept), bad input', async () => {
    const broke = await world.account({ credits: 0 })
    const onError = vi.fn()
    const a = renderStream(broke.client, { onError })
    act(() => void a.result.current.start('No credits'))
    await waitFor(() => expect(a.result.current.status).toBe('error'))
    expect(a.result.current.error).toBeInstanceOf(InsufficientCreditsError)
    expect(onError).toHaveBeenCalledWith(a.result.current.error)

    const account = await world.account({ maxRetries: 1 })
    const b = renderStream(account.client)
    world.sandbox.setFaults({ rateLimitBurst: 2 })
    act(() => void b.result.current.start('Too busy'))
    await waitFor(() => expect(b.result.current.status).toBe('error'), { timeout: 8000 })
    expect(b.result.current.error).toBeInstanceOf(RateLimitError)

    const c = renderStream(account.client)
    act(() => void c.result.current.start('Break [sandbox:fail]'))
    await waitFor(() => expect(c.result.current.status).toBe('error'), { timeout: 8000 })
    const failed = c.result.current.error as JobFailedError
    expect(failed).toBeInstanceOf(JobFailedError)
    expect(failed.jobId).toBe(c.result.current.jobId)
    expect(c.result.current.text.length).toBeGreaterThan(0)

    const before = account.requests.length
    const d = renderStream(account.client)
    act(() => void d.result.current.start('', {}))
    expect(d.result.current.status).toBe('error')
    expect(d.result.current.error).toBeInstanceOf(ValidationError)
    expect((d.result.current.error as ValidationError).field).toMatch(/prompt$/)
    expect(account.requests.length).toBe(before)
  })

  it('a new start shows nothing of the previous run (job id, error, events, usage)', async () => {
    const account = await world.account()
    const { result } = renderStream(account.client)
    act(() => void result.current.start('Break [sandbox:fail]'))
    await waitFor(() => expect(result.current.status).toBe('error'), { timeout: 8000 })
    const failedJob = result.current.jobId
    act(() => void result.current.start('Fine this time', { maxTokens: 5 }))
    expect(result.current).toMatchObject({ status: 'submitted', text: '', events: [] })
    expect(result.current.error).toBeUndefined()
    expect(result.current.jobId).toBeUndefined()
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    expect(result.current.jobId).not.toBe(failedJob)
    expect(result.current.error).toBeUndefined()
  })

  it('calls the latest callbacks (no stale closure when they change mid-stream)', async () => {
    const account = await world.account()
    const early = vi.fn()
    const late = vi.fn()
    const { result, rerender } = renderStream(account.client, { onToken: early })
    act(() => void result.current.start('Callbacks change'))
    await waitFor(() => expect(early).toHaveBeenCalled(), { timeout: 8000 })
    rerender({ onToken: late, onFinish: late })
    await waitFor(() => expect(result.current.status).toBe('done'), { timeout: 8000 })
    const tokens = result.current.events.filter((e) => e.type === 'token').length
    expect(early.mock.calls.length + late.mock.calls.length - 1).toBe(tokens) // -1: onFinish
    expect(late).toHaveBeenCalled()
  })
})
