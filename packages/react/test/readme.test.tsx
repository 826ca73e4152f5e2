import { readFileSync } from 'node:fs'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { flushSync } from 'react-dom'
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

/**
 * Clicks as a user does in a browser. There, a click runs the microtasks after each listener,
 * so React (which flushes its updates in a microtask) re-renders before the browser's default
 * action (submitting the form) looks at the button; jsdom's `click()`, and testing-library's
 * `fireEvent` (inside `act`), run the default action first. A listener on `document` (after
 * React's, on the root) that flushes React stands in for that checkpoint.
 */
function clickAsInABrowser(element: HTMLElement): void {
  const flags = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
  const flush = () => flushSync(() => undefined)
  flags.IS_REACT_ACT_ENVIRONMENT = false
  document.addEventListener('click', flush)
  try {
    element.click()
  } finally {
    document.removeEventListener('click', flush)
    flags.IS_REACT_ACT_ENVIRONMENT = true
  }
}

describe("the README's components", () => {
  it('are printed there exactly as tested here', () => {
    const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8')
    const readme = read('../README.md')
    const examples = read('./readme/examples.tsx')
    const body = (text: string, name: string) => {
      const start = text.indexOf(`function ${name}(`)
      return start < 0 ? undefined : text.slice(start, text.indexOf('\n}\n', start))
    }
    for (const name of ['Chat', 'Painter', 'JobRow']) {
      expect(body(readme, name), name).toBe(body(examples, name))
    }
  })

  it('the chat sends, shows the answer as it arrives, and Stop stops it: no second job, no error', async () => {
    const account = await world.account()
    const { container } = render(<Chat />, { wrapper: providers(account.client) })
    fireEvent.change(container.querySelector('input') as HTMLInputElement, {
      target: { value: 'Hello there' },
    })
    fireEvent.click(screen.getByText('Send'))
    await waitFor(() => expect(container.querySelector('p.streaming')).not.toBeNull(), {
      timeout: 8000,
    })
    clickAsInABrowser(screen.getByText('Stop'))
    await waitFor(() => expect(container.querySelector('p.cancelled')).not.toBeNull())
    expect(screen.getByText('Send')).toBeTruthy()
    const jobs = await account.jobs()
    await eventually(
      async () => (await account.admin.getJob(jobs[0]?.id as string)).status === 'cancelled',
    )
    // The click on Stop did not also submit the form (an empty send: a ValidationError).
    expect(screen.queryByRole('alert')).toBeNull()
    expect(container.querySelectorAll('p')).toHaveLength(2)
    expect(await account.jobs()).toHaveLength(1)
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
