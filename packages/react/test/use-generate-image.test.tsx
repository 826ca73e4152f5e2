import { InsufficientCreditsError } from '@archipelag/client'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type UseGenerateImageOptions, useAccount, useGenerateImage, useImage } from '../src/index'
import { providers } from './helpers/render'
import { type World, eventually, startWorld } from './helpers/world'

let world: World
const urls = new Map<string, Blob>()
const revoked: string[] = []
beforeAll(async () => {
  world = await startWorld({ stepIntervalMs: 5 })
  // jsdom has no object URLs (the Chromium test uses the real ones): record them instead.
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:test/${urls.size}`
    urls.set(url, blob)
    return url
  }
  URL.revokeObjectURL = (url: string) => void revoked.push(url)
})
afterAll(() => world?.close())

const PNG = [0x89, 0x50, 0x4e, 0x47]

describe('useGenerateImage', () => {
  it('reports progress from the step events, then the image and an object URL', async () => {
    const account = await world.account()
    const progress: number[] = []
    const onFinish = vi.fn()
    const { result } = renderHook(
      () => {
        const image = useGenerateImage({ width: 256, height: 256, steps: 12, onFinish })
        if (progress.at(-1) !== image.progress) progress.push(image.progress)
        return image
      },
      { wrapper: providers(account.client) },
    )
    let pending: ReturnType<typeof result.current.generate> | undefined
    act(() => {
      pending = result.current.generate('a lighthouse at dusk', { seed: 7 })
    })
    // Not awaited inside act: React 18 would hold every render until the end of the act.
    const made = await pending
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current.image).toBe(made)
    expect(result.current.image?.prompt).toBe('a lighthouse at dusk')
    expect([...(result.current.image?.bytes().slice(0, 4) ?? [])]).toEqual(PNG)
    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBe(1)
    expect(progress.filter((p) => p > 0 && p < 1).length).toBeGreaterThan(2)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    const blob = urls.get(result.current.url as string)
    expect(blob?.type).toBe('image/png')
    expect(blob?.size).toBe(result.current.image?.bytes().length)
    expect(onFinish).toHaveBeenCalledWith(made, made?.usage)
  })

  it('revokes the object URL when a new image replaces it and when the component unmounts', async () => {
    const account = await world.account()
    const { result, unmount } = renderHook(
      () => useGenerateImage({ width: 256, height: 256, steps: 2 }),
      {
        wrapper: providers(account.client),
      },
    )
    await act(() => result.current.generate('one'))
    const first = result.current.url as string
    await act(() => result.current.generate('two'))
    const second = result.current.url as string
    expect(second).not.toBe(first)
    expect(revoked).toContain(first)
    expect(revoked).not.toContain(second)
    unmount()
    await eventually(() => revoked.includes(second))
  })

  it('stop() and unmounting mid-generation cancel the job on the sandbox', async () => {
    const account = await world.account()
    // Mid-generation: the page has its job and follows it. (Aborting while the create request
    // is still in flight is the client's generateImage to handle: see the package README.)
    const following = (id: string) =>
      eventually(() => account.requests.includes(`GET /jobs/${id}/stream`))
    const a = renderHook(() => useGenerateImage(), { wrapper: providers(account.client) })
    act(() => void a.result.current.generate('slow [sandbox:hang]'))
    const first = await eventually(async () =>
      (await account.jobs()).find((j) => j.status === 'running'),
    )
    await following(first.id)
    act(() => a.result.current.stop())
    expect(a.result.current.status).toBe('cancelled')
    await eventually(async () => (await account.admin.getJob(first.id)).status === 'cancelled')

    const b = renderHook(() => useGenerateImage(), { wrapper: providers(account.client) })
    act(() => void b.result.current.generate('slower [sandbox:hang]'))
    const second = await eventually(async () =>
      (await account.jobs()).find((j) => j.status === 'running' && j.id !== first.id),
    )
    await following(second.id)
    b.unmount()
    await eventually(async () => (await account.admin.getJob(second.id)).status === 'cancelled')
  })

  it('with an id, unmounting mid-generation leaves the job running and a remount shows the image', async () => {
    const account = await world.account()
    const options: UseGenerateImageOptions = { id: 'hero', width: 256, height: 256, steps: 60 }
    const first = renderHook(() => useGenerateImage(options), {
      wrapper: providers(account.client),
    })
    act(() => void first.result.current.generate('a ship in a bottle'))
    const job = await eventually(async () => (await account.jobs())[0])
    await eventually(() => account.requests.includes(`GET /jobs/${job.id}/stream`))
    first.unmount()
    const second = renderHook(() => useGenerateImage(options), {
      wrapper: providers(account.client),
    })
    await waitFor(() => expect(second.result.current.status).toBe('success'), { timeout: 8000 })
    expect(second.result.current.image?.jobId).toBe(job.id)
    expect((await account.admin.getJob(job.id)).status).toBe('completed')
    expect(revoked).not.toContain(second.result.current.url)
    expect(account.requests.filter((r) => r === 'POST /jobs')).toHaveLength(1)
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([])
  })

  it('cancelOnUnmount: true with an id cancels; false without one lets the job run on', async () => {
    const account = await world.account()
    const a = renderHook(() => useGenerateImage({ id: 'brief', cancelOnUnmount: true }), {
      wrapper: providers(account.client),
    })
    act(() => void a.result.current.generate('gone [sandbox:hang]'))
    const hung = await eventually(async () => (await account.jobs())[0])
    await eventually(() => account.requests.includes(`GET /jobs/${hung.id}/stream`))
    a.unmount()
    await eventually(async () => (await account.admin.getJob(hung.id)).status === 'cancelled')

    const b = renderHook(() => useGenerateImage({ cancelOnUnmount: false, steps: 60 }), {
      wrapper: providers(account.client),
    })
    act(() => void b.result.current.generate('stays'))
    const kept = await eventually(async () => (await account.jobs()).find((j) => j.id !== hung.id))
    await eventually(() => account.requests.includes(`GET /jobs/${kept.id}/stream`))
    b.unmount()
    await eventually(async () => (await account.admin.getJob(kept.id)).status === 'completed')
    expect(account.requests.filter((r) => r.startsWith('DELETE'))).toEqual([
      `DELETE /jobs/${hung.id}`,
    ])
  })

  it('the credits on the same page refresh after an image, with no invalidation of yours', async () => {
    const account = await world.account()
    const { result } = renderHook(
      () => ({ image: useGenerateImage({ steps: 4 }), account: useAccount() }),
      { wrapper: providers(account.client) },
    )
    await waitFor(() => expect(result.current.account.data?.credits).toBe(100))
    await act(() => result.current.image.generate('a receipt'))
    const { credits } = await account.admin.getAccount()
    expect(credits).toBeLessThan(100)
    await waitFor(() => expect(result.current.account.data?.credits).toBe(credits))
  })

  it('a 402 is an InsufficientCreditsError', async () => {
    const account = await world.account({ credits: 0 })
    const { result } = renderHook(() => useGenerateImage(), { wrapper: providers(account.client) })
    await act(() => result.current.generate('unaffordable'))
    expect(result.current.status).toBe('error')
    expect(result.current.error).toBeInstanceOf(InsufficientCreditsError)
  })
})

describe('useImage (official 0.1)', () => {
  it('has generate, isLoading, progress 0–100, image (base64, format, prompt) and clear', async () => {
    const account = await world.account()
    const seen: number[] = []
    const { result } = renderHook(
      () => {
        const image = useImage({ width: 256, height: 256, steps: 4 })
        seen.push(image.progress)
        return image
      },
      { wrapper: providers(account.client) },
    )
    expect(result.current.image).toBeNull()
    expect(result.current.error).toBeNull()
    let pending: Promise<unknown> | undefined
    act(() => {
      pending = result.current.generate('a harbour')
    })
    expect(result.current.isLoading).toBe(true)
    await act(() => pending)
    expect(Math.max(...seen)).toBe(100)
    expect(result.current.image).toMatchObject({ imageFormat: 'png', prompt: 'a harbour' })
    expect(atob(result.current.image?.imageData as string).charCodeAt(1)).toBe(0x50)
    act(() => result.current.clear())
    expect(result.current.image).toBeNull()
  })
})
