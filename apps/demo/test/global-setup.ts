import { type Sandbox, startSandbox } from '@archipelag/sandbox'
import type { TestProject } from 'vitest/node'
import { type DemoProcess, startDemo } from './helpers/demo-process'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The sandbox every browser test runs against (its seeded account's key is the demo's). */
    sandbox: { url: string; apiKey: string }
    /** The demo server on that account. */
    demoUrl: string
    /** A demo server whose account has no credits at all. */
    brokeDemoUrl: string
  }
}

let sandbox: Sandbox | undefined
const demos: DemoProcess[] = []

/**
 * One sandbox (fast: tokens 5 ms apart, image steps 20 ms) and two demo servers in front of
 * it, started as `npm run demo` starts them with ARCHIPELAG_API_KEY and ARCHIPELAG_BASE_URL
 * set: one on the seeded account, one on an account created with 0 credits
 * (`POST /_sandbox/accounts`). The tests look at what the sandbox holds with the keys.
 */
export async function setup(project: TestProject) {
  sandbox = await startSandbox({
    db: ':memory:',
    islands: 16,
    tokenIntervalMs: 5,
    stepIntervalMs: 20,
    quiet: true,
  })
  const res = await fetch(`${sandbox.url}/_sandbox/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'broke@sandbox.archipelag.io', credits: 0 }),
  })
  const broke = ((await res.json()) as { data: { key: string } }).data.key
  const on = (key: string) =>
    startDemo({
      args: ['--port', '0'],
      env: { ARCHIPELAG_API_KEY: key, ARCHIPELAG_BASE_URL: sandbox?.url as string },
    })
  const [main, poor] = await Promise.all([on(sandbox.apiKey), on(broke)])
  demos.push(main, poor)
  project.provide('sandbox', { url: sandbox.url, apiKey: sandbox.apiKey })
  project.provide('demoUrl', main.url)
  project.provide('brokeDemoUrl', poor.url)
}

export async function teardown() {
  await Promise.all(demos.map((demo) => demo.stop()))
  await sandbox?.close()
}
