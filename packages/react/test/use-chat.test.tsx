import { Client, JobFailedError, ValidationError } from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type UseChatOptions, archipelagKeys, useAccount, useChat, useJobs } from '../src/index'
import { providers, testQueryClient } from './helpers/render'
import { type World, eventually, quiet, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld({ tokenIntervalMs: 25 })
})
afterEach(() => sessionStorage.clear())
afterAll(() => world?.close())

function renderChat(client: Client, options: UseChatOptions = {}, strict = false) {
  return renderHook((props: UseChatOptions) => useChat(props), {
    wrapper: providers(client, { strict }),
    initialProps: options,
  })
}

const done = { timeout: 8000 }

describe('useChat', () => {
  it('sends every earlier turn to the server; earlier messages keep their identity', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client, { systemPrompt: 'Be brief' })
    act(() => void result.current.send('What is a reef?'))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    const [question, answer] = result.current.messages
    expect(question).toMatchObject({ role: 'user', content: 'What is a reef?' })
    expect(answer).toMatchObject({ role: 'assistant', status: 'done' })
    act(() => void result.current.send('And a lagoon?'))
    await waitFor(() => expect(result.current.messages).toHaveLength(4))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    expect(result.current.messages[0]).toBe(question)
    expect(result.current.messages[1]).toBe(answer)
    const second = await account.admin.getJob(result.current.messages[3]?.jobId as string)
    expect(second.input.prompt).toBe(
      `User: What is a reef?\n\nAssistant: ${answer?.content}\n\nUser: And a lagoon?\n\nAssistant:`,
    )
    expect(second.input.system_prompt).toBe('Be brief')
    expect(result.current.messages[3]?.content).toBe(second.output)
    expect(new Set(result.current.messages.map((m) => m.id)).size).toBe(4)
  })

  it('system messages open the transcript; a prompt option builds the prompt its own way', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client, {
      initialMessages: [{ role: 'system', content: 'You are a pirate' }],
    })
    act(() => void result.current.send('Ahoy'))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    expect((await account.jobs())[0]?.input.prompt).toBe(
      'System: You are a pirate\n\nUser: Ahoy\n\nAssistant:',
    )
    const prompt = (messages: readonly { content: string }[]) =>
      messages.map((m) => m.content).join(' | ')
    const custom = renderChat(account.client, { prompt, systemPrompt: 'Talk like a pirate' })
    act(() => void custom.result.current.send('Ahoy'))
    await waitFor(() => expect(custom.result.current.status).toBe('done'), done)
    expect((await account.jobs())[0]?.input).toMatchObject({
      prompt: 'Ahoy',
      system_prompt: 'Talk like a pirate',
    })
  })

  it('stop() keeps the partial answer marked cancelled and cancels the job on the sandbox', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client)
    act(() => void result.current.send('Tell me a long tale'))
    await waitFor(() => expect(result.current.isStreaming).toBe(true), done)
    expect(result.current.streamingContent).toBe(result.current.messages[1]?.content)
    await act(() => result.current.stop())
    const answer = result.current.messages[1]
    expect(answer?.status).toBe('cancelled')
    expect(answer?.content.length).toBeGreaterThan(0)
    expect(result.current.isLoading).toBe(false)
    expect(result.current.streamingContent).toBe('')
    expect((await account.admin.getJob(answer?.jobId as string)).status).toBe('cancelled')
  })

  it('a failed job leaves its partial answer marked error, with a JobFailedError', async () => {
    const account = await world.account()
    const onError = vi.fn()
    const { result } = renderChat(account.client, { onError })
    act(() => void result.current.send('Fail please [sandbox:fail]'))
    await waitFor(() => expect(result.current.status).toBe('error'), done)
    expect(result.current.error).toBeInstanceOf(JobFailedError)
    expect(onError).toHaveBeenCalledWith(result.current.error)
    expect(result.current.messages[1]).toMatchObject({ role: 'assistant', status: 'error' })
    expect(result.current.messages[1]?.content.length).toBeGreaterThan(0)
  })

  it('regenerate() drops the last answer and asks again', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client)
    act(() => void result.current.send('Again?'))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    const first = result.current.messages[1]
    act(() => void result.current.regenerate())
    await waitFor(() => expect(result.current.messages[1]).not.toBe(first))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    expect(result.current.messages).toHaveLength(2)
    expect(result.current.messages[1]?.jobId).not.toBe(first?.jobId)
    expect(await account.jobs()).toHaveLength(2)
  })

  it('an id shares one conversation between components', async () => {
    const account = await world.account()
    const Providers = providers(account.client)
    const a = renderHook(() => useChat({ id: 'shared' }), { wrapper: Providers })
    const b = renderHook(() => useChat({ id: 'shared' }), { wrapper: Providers })
    act(() => void a.result.current.send('Hello from A'))
    await waitFor(() => expect(b.result.current.status).toBe('done'), done)
    expect(b.result.current.messages).toBe(a.result.current.messages)
    expect(await account.jobs()).toHaveLength(1)
  })

  it('persist: after a reload the conversation comes back and the answer resumes, nothing repeated', async () => {
    const account = await world.account()
    const first = renderChat(account.client, { id: 'trip', persist: true })
    act(() => void first.result.current.send('Plan a trip across the islands'))
    await waitFor(
      () => expect(first.result.current.messages[1]?.content.length).toBeGreaterThan(8),
      done,
    )
    // The page dies: what was saved is what the next page finds (closing the client would
    // otherwise let the old page save its "error: closed" over it).
    const saved = sessionStorage.getItem('archipelag:chat:trip') as string
    expect(JSON.parse(saved).jobId).toBe(first.result.current.messages[1]?.jobId)
    first.unmount()
    await account.client.close()
    sessionStorage.setItem('archipelag:chat:trip', saved)
    const reloaded = new Client({
      apiKey: null,
      baseUrl: account.client.transport.baseUrl.replace(/\/api\/v1$/, ''),
    })
    const second = renderChat(reloaded, { id: 'trip', persist: true })
    expect(second.result.current.messages.map((m) => m.content)).toEqual(
      JSON.parse(saved).messages.map((m: { content: string }) => m.content),
    )
    await waitFor(() => expect(second.result.current.status).toBe('done'), done)
    const answer = second.result.current.messages[1]
    const job = await account.admin.getJob(answer?.jobId as string)
    expect(answer?.content).toBe(job.output)
    expect(second.result.current.messages).toHaveLength(2)
    expect(
      JSON.parse(sessionStorage.getItem('archipelag:chat:trip') as string).jobId,
    ).toBeUndefined()
    expect(await account.jobs()).toHaveLength(1)
  })

  it('persist: unreadable or tampered storage starts an empty conversation', async () => {
    const account = await world.account()
    sessionStorage.setItem('archipelag:chat:bad', '{not json')
    sessionStorage.setItem(
      'archipelag:chat:odd',
      JSON.stringify({ messages: [{ id: 1 }, null, 'x'], jobId: 7 }),
    )
    const bad = renderChat(account.client, { id: 'bad', persist: true })
    const odd = renderChat(account.client, { id: 'odd', persist: true })
    expect(bad.result.current.messages).toEqual([])
    expect(odd.result.current.messages).toEqual([])
    expect(odd.result.current.status).toBe('idle')
    expect(account.requests).toEqual([])
  })

  it('StrictMode: one send, exactly one job', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client, {}, true)
    act(() => void result.current.send('Strictly once'))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    expect(await account.jobs()).toHaveLength(1)
    expect(result.current.messages).toHaveLength(2)
  })

  it('unmount without an id cancels the running answer', async () => {
    const account = await world.account()
    const { result, unmount } = renderChat(account.client)
    act(() => void result.current.send('Leave now'))
    await waitFor(() => expect(result.current.isStreaming).toBe(true), done)
    const jobId = result.current.messages[1]?.jobId as string
    unmount()
    await eventually(async () => (await account.admin.getJob(jobId)).status === 'cancelled')
  })

  it('the official 0.1 surface: initialMessages without ids, onFinish(content, usage), clear()', async () => {
    const account = await world.account()
    const onFinish = vi.fn()
    const { result } = renderChat(account.client, {
      initialMessages: [{ role: 'assistant', content: 'Welcome aboard' }],
      onFinish,
    })
    expect(result.current.messages[0]?.id).toMatch(/^msg_/)
    act(() => void result.current.send('Thanks'))
    expect(result.current.isLoading).toBe(true)
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    const answer = result.current.messages[2]
    expect(onFinish).toHaveBeenCalledWith(
      answer?.content,
      expect.objectContaining({ creditsUsed: expect.any(Number) }),
      answer,
    )
    act(() => result.current.clear())
    expect(result.current.messages).toEqual([])
  })

  it('the credits and the jobs list on the same page refresh after a turn, with no invalidation of yours', async () => {
    const account = await world.account()
    const queryClient = testQueryClient()
    const { result } = renderHook(
      () => ({ chat: useChat(), account: useAccount(), jobs: useJobs() }),
      { wrapper: providers(account.client, { queryClient }) },
    )
    await waitFor(() => expect(result.current.account.data?.credits).toBe(100))
    await waitFor(() => expect(result.current.jobs.data).toEqual([]))
    act(() => void result.current.chat.send('What do the credits say?'))
    await waitFor(() => expect(result.current.chat.status).toBe('done'), done)
    const jobId = result.current.chat.messages[1]?.jobId as string
    const job = await account.admin.getJob(jobId)
    const { credits } = await account.admin.getAccount()
    expect(credits).toBeLessThan(100)
    await waitFor(() => expect(result.current.account.data?.credits).toBe(credits))
    await waitFor(() =>
      expect(result.current.jobs.data?.[0]).toMatchObject({ id: jobId, status: 'completed' }),
    )
    expect(queryClient.getQueryData(archipelagKeys.job(jobId))).toMatchObject({
      id: jobId,
      createdAt: job.createdAt,
    })
  })

  it('the finished answer carries its usage (tokens, credits), saved with the conversation', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client, { id: 'billed', persist: true })
    act(() => void result.current.send('How much was that?'))
    await waitFor(() => expect(result.current.status).toBe('done'), done)
    const answer = result.current.messages[1]
    const job = await account.admin.getJob(answer?.jobId as string)
    expect(answer?.usage).toEqual(job.usage)
    expect(answer?.usage?.creditsUsed).toBeGreaterThan(0)
    expect(answer?.usage?.completionTokens).toBeGreaterThan(0)
    const saved = JSON.parse(sessionStorage.getItem('archipelag:chat:billed') as string)
    expect(saved.messages[1].usage).toEqual(job.usage)
  })

  it('cancelOnUnmount: false without an id lets the answer run on, and its stream go', async () => {
    const account = await world.account()
    const onToken = vi.fn()
    const { result, unmount } = renderChat(account.client, { cancelOnUnmount: false, onToken })
    act(() => void result.current.send('Keep talking [sandbox:tokens=60]'))
    await waitFor(() => expect(result.current.isStreaming).toBe(true), done)
    const jobId = result.current.messages[1]?.jobId as string
    unmount()
    const heard = await quiet(() => onToken.mock.calls.length) // no token arrives any more
    await eventually(async () => (await account.admin.getJob(jobId)).status === 'completed')
    expect(heard).toBeLessThan(60)
    expect(onToken).toHaveBeenCalledTimes(heard)
  })

  it('an empty message is a ValidationError: nothing added, nothing sent', async () => {
    const account = await world.account()
    const { result } = renderChat(account.client)
    act(() => void result.current.send('   '))
    expect(result.current.status).toBe('error')
    expect(result.current.error).toBeInstanceOf(ValidationError)
    expect(result.current.messages).toEqual([])
    expect(account.requests).toEqual([])
  })
})
