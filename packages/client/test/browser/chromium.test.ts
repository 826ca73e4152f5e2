// The built ESM of @archipelag/core and @archipelag/client, bundled for a page, in headless
// Chromium against the real sandbox: directly (CORS, a key with dangerouslyAllowBrowser)
// and through the proxy (no key in the page). Node forgives what browsers do not: the
// first release threw "Illegal invocation" on its first call here.
import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/sandbox'
import { inPage, modes, sandboxJob, useBrowserWorld } from './world'

const world = useBrowserWorld()

afterEach(() => {
  // No uncaught exception or unhandled rejection in either page, ever.
  expect(world().chromium.errors(world().direct.page)).toEqual([])
  expect(world().chromium.errors(world().proxied.page)).toEqual([])
})

describe.each(modes)('in Chromium, $mode', ({ side }) => {
  const page = () => world()[side].page
  const route = () => world()[side].route

  it('chat answers with the output of a completed job', async () => {
    const result = await inPage(page(), 'chat', route().ok, 'What is the capital of France?')
    expect(result.content.length).toBeGreaterThan(0)
    expect(result.tokens).toBeGreaterThan(0)
    expect(await sandboxJob(world().sandbox, result.jobId)).toMatchObject({
      status: 'completed',
      output: result.content,
    })
  })

  it("chat works with the page's own window.fetch passed as the fetch option", async () => {
    const { content } = await inPage(page(), 'chatWithWindowFetch', route().ok, 'Say hi')
    expect(content.length).toBeGreaterThan(0)
  })

  it("core's createTransport creates, streams and reads back a job", async () => {
    const result = await inPage(page(), 'coreTransport', route().ok, 'Name an island')
    expect(result.status).toBe('completed')
    expect(result.streamed.length).toBeGreaterThan(0)
    expect(result.streamed).toBe(result.output)
  })

  it("chatStream delivers every token, in order, as the job's final output", async () => {
    const result = await inPage(page(), 'streamTokens', route().ok, 'Tell me a long story')
    const job = await sandboxJob(world().sandbox, result.jobId as string)
    expect(job.status).toBe('completed')
    expect(result.tokens.length).toBeGreaterThanOrEqual(12)
    expect(result.tokens.join('')).toBe(job.output)
    expect(result.finalContent).toBe(job.output)
    expect(result.types.at(-1)).toBe('done')
  })

  it('chatStream abort() stops the stream and the job ends cancelled on the sandbox', async () => {
    const result = await inPage(page(), 'streamAbort', route().ok, 'Tell me about the sea')
    expect(result).toMatchObject({ tokens: [expect.any(String)], state: 'aborted' })
    expect(result.ended).toBe('the loop ended')
    const status = await eventually(async () => {
      const job = await sandboxJob(world().sandbox, result.jobId as string)
      return job.status === 'running' ? undefined : job.status
    })
    expect(status).toBe('cancelled')
  })

  it('generateImage bytes decode as a PNG of the asked size in an <img>', async () => {
    const image = await inPage(page(), 'image', route().ok, { width: 512, height: 256 })
    expect(image).toMatchObject({ format: 'png', width: 512, height: 256 })
    expect(image.magic).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect({ w: image.naturalWidth, h: image.naturalHeight }).toEqual({ w: 512, h: 256 })
    await world().chromium.screenshot(page(), `client-${side}`)
  })

  it('a 401 is an AuthenticationError inside the page', async () => {
    const error = await inPage(page(), 'failure', route().unauthorized, 'chat')
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401 })
    expect(error.instanceOf).toMatchObject({
      Error: true,
      ArchipelagError: true,
      APIError: true,
      AuthenticationError: true,
      PermissionDeniedError: false,
    })
    const wrongKey = route().unauthorized.apiKey
    if (wrongKey) expect(error.message + error.stack).not.toContain(wrongKey)
  })

  it('a 402 is an InsufficientCreditsError with required and available', async () => {
    const error = await inPage(page(), 'failure', route().broke, 'chat')
    expect(error).toMatchObject({
      name: 'InsufficientCreditsError',
      status: 402,
      code: 'insufficient_credits',
      required: 0.01,
      available: 0,
    })
    expect(error.instanceOf).toMatchObject({ InsufficientCreditsError: true, APIError: true })
  })
})

describe('in Chromium, the proxy refuses', () => {
  it.each([
    ['a route it does not allow (GET /account)', 'getAccount'],
    ['a workload it does not allow (llm-chat-large)', 'largeChatJob'],
  ] as const)('%s with a PermissionDeniedError (403)', async (_what, call) => {
    const { page, route } = world().proxied
    const error = await inPage(page, 'failure', route.ok, call)
    expect(error).toMatchObject({ name: 'PermissionDeniedError', status: 403 })
    expect(error.instanceOf).toMatchObject({
      ArchipelagError: true,
      APIError: true,
      PermissionDeniedError: true,
      AuthenticationError: false,
    })
  })
})

describe('in Chromium, a secret key', () => {
  it('is refused without dangerouslyAllowBrowser, pointing to the proxy', async () => {
    const { sandbox, direct } = world()
    const error = await inPage(direct.page, 'refuseSecretKey', sandbox.apiKey, sandbox.url)
    expect(error).toMatchObject({ name: 'ArchipelagError', code: 'browser_api_key' })
    expect(error.instanceOf.ArchipelagError).toBe(true)
    expect(error.message).toMatch(/@archipelag\/client\/proxy/)
    expect(error.message).toMatch(/dangerouslyAllowBrowser/)
    expect(error.message + error.stack).not.toContain(sandbox.apiKey)
  })
})
