import type { Sandbox } from '@archipelag/sandbox'
import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from './helpers/sandbox'

// The built client (with core) bundled as a browser would load it, then run inside the
// Edge Runtime's VM: web APIs only, no `process`, no `Buffer`, no Node modules. This is
// what Vercel/Next.js edge functions and Cloudflare-style workers give the SDK.
const distJs = new URL('../dist/index.js', import.meta.url).pathname

interface EdgeOutcome {
  globals: string
  content: string
  streamed: string
  image: { width: number; bytes: number; png: boolean }
  notFound: string
}

describe('in an edge runtime (no Node globals)', () => {
  let sandbox: Sandbox
  let bundle: string
  beforeAll(async () => {
    sandbox = await listen()
    const result = await build({
      entryPoints: [distJs],
      bundle: true,
      format: 'iife',
      globalName: 'Archipelag',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    bundle = result.outputFiles[0]?.text ?? ''
  })
  afterAll(() => sandbox.close())

  it('chats, streams, generates an image and raises typed errors', async () => {
    const vm = new EdgeVM()
    vm.evaluate(bundle)
    const outcome = (await vm.evaluate(`(async () => {
      const { Client, NotFoundError } = Archipelag
      const globals = typeof process + ' ' + typeof Buffer + ' ' + typeof require
      const client = new Client({ apiKey: ${JSON.stringify(sandbox.apiKey)}, baseUrl: ${JSON.stringify(sandbox.url)} })
      const chat = await client.chat('hello from the edge', { maxTokens: 5 })
      let streamed = ''
      for await (const text of client.chatStream('stream at the edge', { maxTokens: 5 }).textStream) streamed += text
      const image = await client.generateImage('an edge', { width: 256, height: 256, steps: 2, seed: 1 })
      const bytes = image.bytes()
      let notFound = 'no error'
      try { await client.getJob('job_missing') } catch (e) { notFound = e.name + ':' + (e instanceof NotFoundError) + ':' + e.status }
      await client.close()
      return {
        globals,
        content: chat.content,
        streamed,
        image: { width: image.width, bytes: bytes.length, png: bytes[0] === 0x89 && bytes[1] === 0x50 },
        notFound,
      }
    })()`)) as EdgeOutcome

    expect(outcome.globals).toBe('undefined undefined undefined')
    expect(outcome.content.length).toBeGreaterThan(0)
    expect(outcome.streamed.length).toBeGreaterThan(0)
    expect(outcome.image).toMatchObject({ width: 256, png: true })
    expect(outcome.image.bytes).toBeGreaterThan(100)
    expect(outcome.notFound).toBe('NotFoundError:true:404')
  })
})
