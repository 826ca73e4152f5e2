import { type ChildProcess, spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

/** What test/fixtures/proxy-server.ts reports under `GET /__stats`. */
export interface ProxyStats {
  startRss: number
  peakRss: number
  peakArrayBuffers: number
  arrayBuffers: number
  bytesReadAtAnswer: number[]
}

/** The proxy running in a server process of its own (see test/fixtures/proxy-server.ts). */
export interface ProxyProcess {
  port: number
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** False once the process has exited (crashed). */
  alive(): boolean
  /** The process's stats; `reset` starts them afresh after reading. */
  stats(reset?: boolean): Promise<ProxyStats>
  /** Everything the process wrote to stderr (a crash's stack). */
  stderr(): string
  close(): Promise<void>
}

const fixture = fileURLToPath(new URL('../fixtures/proxy-server.ts', import.meta.url))
const packageDir = fileURLToPath(new URL('../..', import.meta.url))

/** Starts the fixture server with `config` (proxy options, plus `authorizeHeader`). */
export async function startProxyProcess(config: Record<string, unknown>): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    env: { ...process.env, PROXY_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port)
    })
    child.once('exit', (code) => reject(new Error(`proxy process exited (${code}): ${stderr}`)))
  })
  const origin = `http://127.0.0.1:${port}`
  return {
    port,
    origin,
    alive: () => child.exitCode === null && child.signalCode === null,
    stats: async (reset = false) =>
      (await (
        await fetch(`${origin}/__stats`, { method: reset ? 'DELETE' : 'GET' })
      ).json()) as ProxyStats,
    stderr: () => stderr,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill()
      await exited
    },
  }
}

/** What came back on a raw connection. */
export interface RawAnswer {
  /** The status code of the first response, if one arrived. */
  status: number | undefined
  /** Everything received, as text. */
  text: string
  /** Whether the server closed the connection before `waitMs` ran out. */
  closed: boolean
}

/** A whole chunked response has arrived (the proxy's answers are chunked). */
export const answered = (text: string) => text.includes('\r\n0\r\n\r\n')

/**
 * Opens a TCP connection, lets `talk` write to it (raw HTTP bytes, at its own pace), and
 * collects the answer until the server closes the connection, `until(text)` holds, or
 * `waitMs` passes.
 */
export function rawExchange(
  port: number,
  talk: (socket: Socket) => unknown,
  { waitMs = 10_000, until }: { waitMs?: number; until?: (text: string) => boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let settled = false
    const finish = (closed: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]
      resolve({ status: status === undefined ? undefined : Number(status), text, closed })
    }
    const timer = setTimeout(() => finish(false), waitMs)
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
      if (until?.(text)) finish(false)
    })
    socket.on('error', () => undefined) // a reset after the answer is fine; `closed` tells
    socket.on('close', () => finish(true))
    socket.on('connect', () => {
      Promise.resolve(talk(socket)).catch(() => undefined)
    })
  })
}

/** Writes `bytes` to a socket in `size`-byte pieces, `gapMs` apart, while it stays open. */
export async function trickle(socket: Socket, bytes: string, size: number, gapMs: number) {
  for (let at = 0; at < bytes.length && !socket.destroyed; at += size) {
    socket.write(bytes.slice(at, at + size))
    await new Promise((r) => setTimeout(r, gapMs))
  }
}
