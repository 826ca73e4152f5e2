import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { SandboxOptions } from '@archipelag/sandbox'

/** The demo server's settings from its command line. */
export interface DemoArgs {
  port?: number
  host?: string
  db: string
  sandbox: Omit<SandboxOptions, 'db'>
}

export const USAGE = `Usage: npm run demo -- [options]
  --port <n>                 port (default 4173, or a free one when taken; 0 = a free one)
  --host <addr>              interface (default 127.0.0.1)
  --db <file>                the local sandbox's database (default .archipelag/demo.db at the repository root)
  --credits <n>              starting credits of a new sandbox database (default 100)
  --islands <n>              simulated Islands, i.e. jobs running at once (default 8)
  --token-interval-ms <ms>   pace of chat tokens (default 30)
  --step-interval-ms <ms>    pace of image steps (default 60)
With ARCHIPELAG_API_KEY set (and optionally ARCHIPELAG_BASE_URL), the demo uses that API and starts no sandbox.`

/**
 * Reads the command line. Throws with the usage on an unknown flag or a bad number.
 *
 * @example
 * parseDemoArgs(['--port', '0', '--token-interval-ms', '5'], __dirname)
 */
export function parseDemoArgs(argv: string[], from: string): DemoArgs {
  const values = readFlags(argv)
  const sandbox: Omit<SandboxOptions, 'db'> = {}
  const credits = number(values.credits, 'credits')
  const islands = number(values.islands, 'islands')
  const tokenIntervalMs = number(values['token-interval-ms'], 'token-interval-ms')
  const stepIntervalMs = number(values['step-interval-ms'], 'step-interval-ms')
  if (credits !== undefined) sandbox.credits = credits
  if (islands !== undefined) sandbox.islands = islands
  if (tokenIntervalMs !== undefined) sandbox.tokenIntervalMs = tokenIntervalMs
  if (stepIntervalMs !== undefined) sandbox.stepIntervalMs = stepIntervalMs
  const db = values.db ?? join(workspaceRoot(from), '.archipelag', 'demo.db')
  return {
    port: number(values.port, 'port'),
    host: values.host,
    db: db === ':memory:' ? db : resolve(db),
    sandbox,
  }
}

const FLAGS = ['port', 'host', 'db', 'credits', 'islands', 'token-interval-ms', 'step-interval-ms']

function readFlags(argv: string[]): Record<string, string | undefined> {
  try {
    const options = Object.fromEntries(FLAGS.map((flag) => [flag, { type: 'string' as const }]))
    return parseArgs({ args: argv, strict: true, options }).values as Record<string, string>
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n${USAGE}`)
  }
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new TypeError(`--${flag} must be a number ≥ 0 (got "${value}")\n${USAGE}`)
  }
  return n
}

/** The repository root (where `pnpm-workspace.yaml` is), else the current directory. */
export function workspaceRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    if (dirname(dir) === dir) return process.cwd()
  }
}
