import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { providers } from './helpers/render'
import { type World, eventually, startWorld } from './helpers/world'
import { Chat, JobRow, Painter } from './readme/examples'

let world: World
beforeAll(async () => {
  world = await startWorld({ tokenIntervalMs: 20 })
  URL.createObjectURL = () => 'blob:readme' // jsdom has no object URLs
  URL.revokeObjectURL = () => undefined
})
afterEach(() => sessionStorage.clear())
afterAll(() => world?.close())

describe("the README's components", () => {
  it('the chat sends, shows the answer as it arrives, and stops', async () => {
    const account = await world.account()
    const { container } = render(<Chat />, { wrapper: providers(account.client) })
    fireEvent.change(container.querySelector('input') as HTMLInputElement, {
      target: { value: 'Hello there' },
    })
    fireEvent.click(screen.getByText('Send'))
    await waitFor(() => expect(container.querySelector('p.streaming')).not.toBeNull(), {
      timeout: 8000,
    })
    fireEvent.click(screen.getByText('Stop'))
    await waitFor(() => expect(container.querySelector('p.cancelled')).not.toBeNull())
    expect(screen.getByText('Send')).toBeTruthy()
    const jobs = await account.jobs()
    await eventually(
      async () => (await account.admin.getJob(jobs[0]?.id as string)).status === 'cancelled',
    )
  })

  it('the painter shows the image', async () => {
    const account = await world.account()
    const { container } = render(<Painter />, { wrapper: providers(account.client) })
    fireEvent.click(screen.getByText('Paint'))
    await waitFor(() => expect(container.querySelector('progress')).not.toBeNull())
    await waitFor(
      () => expect(container.querySelector('img')?.getAttribute('src')).toBe('blob:readme'),
      {
        timeout: 15_000,
      },
    )
  })

  it('the job row follows the job and cancels it', async () => {
    const account = await world.account()
    const job = await account.admin.createJob('llm-chat', { prompt: 'wait [sandbox:hang]' })
    render(<JobRow id={job.id} />, { wrapper: providers(account.client) })
    await screen.findByText(`${job.id}: running`, undefined, { timeout: 8000 })
    fireEvent.click(screen.getByText('Cancel'))
    await screen.findByText(`${job.id}: cancelled`)
    expect(screen.queryByText('Cancel')).toBeNull()
    expect((await account.admin.getJob(job.id)).status).toBe('cancelled')
  })
})
