import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type SandboxOptions, startSandbox } from '@archipelag/sandbox'

/** Where the demo's proxy sends calls, and with which key. Only the server ever holds it. */
export interface Upstream {
  /** `sandbox`: started here, stopped with the demo. `api`: named by the environment. */
  mode: 'sandbox' | 'api'
  /** The API's base URL (without `/api/v1`). */
  baseUrl: string
  /** The server-side key: never sent to a browser. */
  apiKey: string
  /** One line for the terminal, without the key. */
  label: string
  /** Stops the sandbox (if one was started) and releases its database. */
  close(): Promise<void>
}

/** Options of {@link openUpstream}. */
export interface UpstreamOptions {
  /** Read for `ARCHIPELAG_API_KEY` and `ARCHIPELAG_BASE_URL`. Default `process.env`. */
  env?: Record<string, string | undefined>
  /** The sandbox's SQLite file (or `:memory:`), used only when no key is set. */
  db: string
  /** Passed to the sandbox (pace of tokens and steps, Islands, credits). */
  sandbox?: Omit<SandboxOptions, 'db'>
}

const DEFAULT_API = 'https://api.archipelag.io'

/**
 * With `ARCHIPELAG_API_KEY` set: that API (`ARCHIPELAG_BASE_URL`, else Archipelag.io), and no
 * sandbox. Otherwise: a sandbox started in this process on a free loopback port, its history
 * in `db` so it survives restarts.
 *
 * @example
 * const upstream = await openUpstream({ db: '.archipelag/demo.db' })
 * console.log(upstream.label) // local sandbox (history in .archipelag/demo.db)
 */
export async function openUpstream(options: UpstreamOptions): Promise<Upstream> {
  const env = options.env ?? process.env
  const apiKey = env.ARCHIPELAG_API_KEY?.trim()
  if (apiKey) {
    const baseUrl = env.ARCHIPELAG_BASE_URL?.trim() || DEFAULT_API
    return { mode: 'api', baseUrl, apiKey, label: `the API at ${baseUrl}`, close: async () => {} }
  }
  const release = options.db === ':memory:' ? () => {} : lockDatabase(options.db)
  try {
    const sandbox = await startSandbox({
      islands: 8,
      tokenIntervalMs: 30,
      stepIntervalMs: 60,
      ...options.sandbox,
      db: options.db,
      port: 0,
      host: '127.0.0.1',
      quiet: true,
    })
    return {
      mode: 'sandbox',
      baseUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      label: `a local sandbox at ${sandbox.url} (history in ${options.db})`,
      close: async () => {
        await sandbox.close()
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

/**
 * Claims a sandbox database for this process: a second sandbox on the same file would take
 * the first one's running jobs for interrupted ones. A lock left by a process that is gone
 * is taken over.
 */
function lockDatabase(db: string): () => void {
  const lock = `${db}.lock`
  mkdirSync(dirname(lock), { recursive: true })
  const holder = readHolder(lock)
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `Another demo (process ${holder}) is using ${db}. Stop it first, or give this one its own database with --db <file>.`,
    )
  }
  writeFileSync(lock, String(process.pid))
  return () => {
    if (readHolder(lock) === process.pid) rmSync(lock, { force: true })
  }
}

function readHolder(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
