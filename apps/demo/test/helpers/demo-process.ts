import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

export const APP_DIR = join(__dirname, '..', '..')
export const REPO = join(APP_DIR, '..', '..')
/** The built server, as `npm run demo` ends up running it. */
export const SERVER = join(APP_DIR, 'dist', 'server', 'main.js')

/** A demo server running in its own process. */
export interface DemoProcess {
  /** The URL it printed. */
  url: string
  child: ChildProcess
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** Sends `signal` (default SIGINT, as Ctrl-C) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export interface StartOptions {
  /** Default: `node dist/server/main.js`. */
  command?: string
  args?: string[]
  /** `ARCHIPELAG_API_KEY`/`ARCHIPELAG_BASE_URL` only when given here: never inherited. */
  env?: Record<string, string>
  /** How long to wait for the URL (ms). */
  timeout?: number
  /**
   * Its own process group, and `stop()` signals the whole group: what Ctrl-C in a terminal
   * does (npm, the shell it starts and every node process below get the signal).
   */
  group?: boolean
}

const URL_LINE = /➜\s+Open (http:\/\/\S+)/

/**
 * Starts a demo server and resolves once it has printed its URL (rejects with its output if
 * it exits first or takes longer than `timeout`).
 *
 * @example
 * const demo = await startDemo({ args: ['--port', '0', '--db', ':memory:'] })
 */
export function startDemo(options: StartOptions = {}): Promise<DemoProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  if (!options.env?.ARCHIPELAG_API_KEY) delete env.ARCHIPELAG_API_KEY
  if (!options.env?.ARCHIPELAG_BASE_URL) delete env.ARCHIPELAG_BASE_URL
  const [command, ...prefix] = options.command ? [options.command] : [process.execPath, SERVER]
  const child = spawn(command as string, [...prefix, ...(options.args ?? [])], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  })
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const demo = (url: string): DemoProcess => ({
    url,
    child,
    output: () => output,
    stop: (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) {
        if (options.group) process.kill(-(child.pid as number), signal)
        else child.kill(signal)
      }
      return exited
    },
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (options.group) process.kill(-(child.pid as number), 'SIGKILL')
      else child.kill('SIGKILL')
      reject(new Error(`The demo printed no URL in time:\n${output}`))
    }, options.timeout ?? 30_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const url = URL_LINE.exec(output)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve(demo(url))
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`The demo exited (${code ?? signal}) before printing its URL:\n${output}`))
    })
  })
}

/**
 * The TCP ports process `pid` listens on (Linux: its socket inodes in /proc/<pid>/fd, matched
 * against the LISTEN rows of /proc/net/tcp and tcp6).
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const { readFile, readdir, readlink } = await import('node:fs/promises')
  const inodes = new Set<string>()
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1]
    if (inode) inodes.add(inode)
  }
  const ports = new Set<number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)
    for (const row of rows) {
      const cols = row.trim().split(/\s+/)
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is column 10.
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) {
        ports.add(Number.parseInt(cols[1]?.split(':')[1] ?? '', 16))
      }
    }
  }
  return [...ports].sort((a, b) => a - b)
}
