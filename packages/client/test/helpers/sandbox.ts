import { type Sandbox, type SandboxOptions, createSandbox, startSandbox } from '@archipelag/sandbox'
import { Client, type ClientOptions, type Job } from '../../src/index'

/** Fast defaults for tests: in-memory db, enough Islands, quick tokens. */
export const FAST: SandboxOptions = {
  db: ':memory:',
  islands: 16,
  tokenIntervalMs: 2,
  stepIntervalMs: 2,
  quiet: true,
}

/** A sandbox listening on 127.0.0.1 (streams, aborts, proxy, end to end). */
export function listen(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ ...FAST, ...options, port: 0, host: '127.0.0.1' })
}

/** An in-process sandbox (no socket). */
export function inProcess(options: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({ ...FAST, ...options })
}

/** A client for a sandbox: over HTTP when it listens, else through its in-process fetch. */
export function clientFor(sandbox: Sandbox, options: ClientOptions = {}): Client {
  const inProc = sandbox.url === 'http://sandbox.local'
  return new Client({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    ...(inProc ? { fetch: sandbox.fetch as typeof fetch } : {}),
    ...options,
  })
}

/** Polls until `check` returns a value (for server-side effects that settle asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Runs `run` against a sandbox of its own over HTTP (for tests that set faults on it), with
 * a client; both are closed afterwards.
 */
export async function withSandbox(
  options: SandboxOptions,
  run: (sandbox: Sandbox, client: Client) => Promise<void>,
): Promise<void> {
  const sandbox = await listen(options)
  const client = clientFor(sandbox)
  try {
    await run(sandbox, client)
  } finally {
    await client.close()
    await sandbox.close()
  }
}

/** The newest job whose prompt is `prompt`, once the server has it. */
export function jobWithPrompt(client: Client, prompt: string): Promise<Job> {
  return eventually(async () =>
    (await client.listJobs({ limit: 5 })).find((j) => j.input.prompt === prompt),
  )
}

/** Waits until job `id` is cancelled (the cancel may still be on its way). */
export async function endsCancelled(client: Client, id: string): Promise<void> {
  await eventually(async () =>
    (await client.getJob(id)).status === 'cancelled' ? true : undefined,
  )
}
