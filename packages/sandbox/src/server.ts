import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import type { SandboxOptions } from './options.js'
import { resolveOptions } from './options.js'
import { openSandboxCore, type Sandbox } from './sandbox.js'

/**
 * Where {@link startSandbox} listens.
 *
 * @example
 * ```ts
 * await startSandbox({ port: 8787, host: '127.0.0.1' })
 * ```
 */
export interface ListenOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number
  /** Interface; default `127.0.0.1`. */
  host?: string
}

/**
 * Starts the sandbox on a local port. The API is under `${sandbox.url}/api/v1`;
 * `sandbox.apiKey` authenticates as the seeded account.
 *
 * @example
 * ```ts
 * import { startSandbox } from '@archipelag/sandbox'
 *
 * const sandbox = await startSandbox({ db: ':memory:', tokenIntervalMs: 0 })
 * const res = await fetch(`${sandbox.url}/api/v1/jobs`, {
 *   method: 'POST',
 *   headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
 *   body: JSON.stringify({ workload: 'llm-chat', input: { prompt: 'Hello' } }),
 * })
 * await sandbox.close()
 * ```
 */
export function startSandbox(options: SandboxOptions & ListenOptions = {}): Promise<Sandbox> {
  return listen(options, true)
}

/**
 * {@link startSandbox} for the CLI (internal): `quiet` defaults to false, and since the CLI owns its
 * process it lets @hono/node-server replace the global `Request`/`Response` with its lightweight
 * versions (a faster response path). `startSandbox` never touches the globals of its host process.
 */
export async function listen(
  options: SandboxOptions & ListenOptions,
  quietDefault: boolean,
  ownProcess = false,
): Promise<Sandbox> {
  const { port = 0, host = '127.0.0.1', ...rest } = options
  const core = openSandboxCore(resolveOptions(rest, quietDefault))
  let server: Server
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve(
        { fetch: core.app.fetch, port, hostname: host, overrideGlobalObjects: ownProcess },
        () => resolve(s as Server),
      ) as Server
      s.once('error', reject)
    })
  } catch (error) {
    await core.close()
    throw error
  }
  const address = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${address.port}`
  let closed: Promise<void> | undefined
  return {
    url,
    apiKey: core.apiKey,
    fetch: (input, init) => core.fetch(input, init, url),
    setFaults: core.setFaults,
    createAccount: core.createAccount,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        await core.close()
        await new Promise((resolve) => setTimeout(resolve, 20))
        server.closeIdleConnections()
        server.closeAllConnections()
        await stopped
      })()
      return closed
    },
  }
}
