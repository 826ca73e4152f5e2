import { parseArgs } from 'node:util'
import type { ListenOptions } from './server.js'
import type { FaultSettings, SandboxOptions } from './options.js'

/** The `--help` text. */
export const HELP = `archipelag-sandbox: a local Archipelag.io-compatible API server

Usage: archipelag-sandbox [options]

  --port <n>                   TCP port (0 = a free port; default 8787)
  --host <addr>                interface (default 127.0.0.1)
  --db <path>                  SQLite file (default .archipelag/sandbox.db; ':memory:' allowed)
  --api-key <ak_…>             fix the seeded account's API key
  --credits <n>                seed balance of the seeded account (default 100)
  --islands <n>                parallel simulated Islands (default 4)
  --token-interval-ms <ms>     delay between llm-chat tokens (default 30; 0 = fastest)
  --step-interval-ms <ms>      delay between sdxl steps (default 20)
  --keep-alive-ms <ms>         SSE keep-alive comment interval (default 15000)
  --job-timeout-ms <ms>        running jobs longer than this end 'timeout' (default 300000)
  --rate-limit <req/s>         per-key rate limit (burst = 2x; 0 = off; default 1000)
  --fault-error-rate <0..1>    fraction of API requests answered 500/503
  --fault-reset-rate <0..1>    fraction of API connections reset after the handler ran
  --fault-stream-cut-after <n> cut each SSE connection after n events
  --fault-latency-ms <ms>      latency added to each API response
  --fault-rate-limit-burst <n> answer the next n API requests 429
  --quiet                      no request log
  --help                       this text
`

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`--${name} expects a number, got '${raw}'`)
  }
  return value
}

/** The command line's flags, as `node:util` `parseArgs` reads them. */
const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'api-key': { type: 'string' },
  credits: { type: 'string' },
  islands: { type: 'string' },
  'token-interval-ms': { type: 'string' },
  'step-interval-ms': { type: 'string' },
  'keep-alive-ms': { type: 'string' },
  'job-timeout-ms': { type: 'string' },
  'rate-limit': { type: 'string' },
  'fault-error-rate': { type: 'string' },
  'fault-reset-rate': { type: 'string' },
  'fault-stream-cut-after': { type: 'string' },
  'fault-latency-ms': { type: 'string' },
  'fault-rate-limit-burst': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

type FlagValues = ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>['values']

/** The `--fault-*` flags as fault settings. */
function faultSettings(values: FlagValues): FaultSettings {
  const faults: FaultSettings = {}
  const setFault = (key: keyof FaultSettings, flag: string) => {
    const value = number(flag, values[flag as keyof FlagValues] as string | undefined)
    if (value !== undefined) (faults as Record<string, number>)[key] = value
  }
  setFault('errorRate', 'fault-error-rate')
  setFault('resetRate', 'fault-reset-rate')
  setFault('streamCutAfter', 'fault-stream-cut-after')
  setFault('latencyMs', 'fault-latency-ms')
  setFault('rateLimitBurst', 'fault-rate-limit-burst')
  return faults
}

/** What the command line asks for: the help text, or a sandbox with these options. */
export type CliRequest =
  | { help: true }
  | { help: false; options: SandboxOptions & Required<ListenOptions> }

/** Reads the command line's flags (throws naming the flag when a number is not one). */
export function parseCli(args: string[]): CliRequest {
  const { values } = parseArgs({ args, options: FLAGS, strict: true })
  if (values.help) return { help: true }
  const faults = faultSettings(values)
  const rate = number('rate-limit', values['rate-limit'])
  const options: SandboxOptions & Required<ListenOptions> = {
    port: number('port', values.port) ?? 8787,
    host: values.host ?? '127.0.0.1',
    quiet: values.quiet,
    faults,
  }
  const optional: Array<[keyof SandboxOptions, number | string | undefined]> = [
    ['db', values.db],
    ['apiKey', values['api-key']],
    ['credits', number('credits', values.credits)],
    ['islands', number('islands', values.islands)],
    ['tokenIntervalMs', number('token-interval-ms', values['token-interval-ms'])],
    ['stepIntervalMs', number('step-interval-ms', values['step-interval-ms'])],
    ['keepAliveMs', number('keep-alive-ms', values['keep-alive-ms'])],
    ['jobTimeoutMs', number('job-timeout-ms', values['job-timeout-ms'])],
  ]
  for (const [key, value] of optional) {
    if (value !== undefined) (options as unknown as Record<string, unknown>)[key] = value
  }
  if (rate !== undefined) {
    options.rateLimit = rate > 0 ? { requestsPerSecond: rate, burst: Math.max(1, rate * 2) } : false
  }
  return { help: false, options }
}
