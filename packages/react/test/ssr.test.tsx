// @vitest-environment node
import { Client } from '@archipelag/client'
import { QueryClient } from '@tanstack/react-query'
import { renderToString } from 'react-dom/server'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as source from '../src/index'
import { EveryHook } from './helpers/every-hook'
import { type World, startWorld } from './helpers/world'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world?.close())

// Browser globals nothing may read while rendering on the server. `window` and `document` are
// simply absent here (reading them throws); these would exist in some server runtimes or
// polyfills, so reading them is recorded.
const TRAPPED = [
  'sessionStorage',
  'localStorage',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'EventSource',
  'matchMedia',
  'XMLHttpRequest',
] as const

function trapBrowserGlobals(): string[] {
  const touched: string[] = []
  for (const name of TRAPPED) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name)
        throw new ReferenceError(`${name} read during server rendering`)
      },
    })
  }
  return touched
}

afterEach(() => {
  for (const name of TRAPPED) delete (globalThis as Record<string, unknown>)[name]
  vi.restoreAllMocks()
})

async function renderOnServer(api: typeof source) {
  const account = await world.account()
  const fetchSpy = vi.spyOn(globalThis, 'fetch')
  const timers = vi.spyOn(globalThis, 'setTimeout')
  const touched = trapBrowserGlobals()
  // The README's setup: a key-less client pointed at the page's proxy path.
  const client = new Client({ apiKey: null, baseUrl: '/api/archipelag' })
  const html = renderToString(
    <api.ArchipelagProvider client={client} queryClient={new QueryClient()}>
      <EveryHook api={api} />
    </api.ArchipelagProvider>,
  )
  await new Promise((r) => setImmediate(r))
  return {
    html,
    touched,
    fetchCalls: fetchSpy.mock.calls.length,
    timers: timers.mock.calls.length,
    account,
  }
}

describe('server rendering', () => {
  it('renders a page using every hook: no browser global read, no request, no timer, nothing started', async () => {
    expect(typeof window).toBe('undefined')
    const { html, touched, fetchCalls, timers, account } = await renderOnServer(source)
    expect(html).toContain('stream idle idle')
    expect(html).toContain('chat idle 0')
    expect(html).toContain('Hello there')
    expect(html).toContain('image idle 0')
    expect(html).toContain('batch idle')
    expect(touched).toEqual([])
    expect(fetchCalls).toBe(0)
    expect(timers).toBe(0)
    expect(account.requests).toEqual([])
    expect(await account.jobs()).toEqual([])
  })

  it('the built package renders the same page on the server', async () => {
    const built = (await import('../dist/index.js')) as unknown as typeof source
    const { html, touched, fetchCalls } = await renderOnServer(built)
    expect(html).toContain('stream idle idle')
    expect(touched).toEqual([])
    expect(fetchCalls).toBe(0)
  })
})
