// Starts the built sandbox CLI (the `bin` of @archipelag/sandbox) in a child process and resolves
// once it has printed its URL and API key.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { startChild } from './child-server.mjs'

const manifestPath = createRequire(import.meta.url).resolve('@archipelag/sandbox/package.json')
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const cli = join(dirname(manifestPath), Object.values(manifest.bin)[0])

/**
 * @param {Array<string | number>} args CLI flags, e.g. ['--islands', 8]; `--port 0 --db :memory:
 *   --quiet` are added unless given.
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, key: string, close: () => Promise<void> }>}
 */
export function startSandboxCli(args = []) {
  if (!existsSync(cli)) {
    console.error('Build the sandbox first: pnpm turbo run build')
    process.exit(1)
  }
  const defaults = [
    ...(args.includes('--port') ? [] : ['--port', '0']),
    ...(args.includes('--db') ? [] : ['--db', ':memory:']),
    ...(args.includes('--quiet') ? [] : ['--quiet']),
  ]
  return startChild(cli, [...defaults, ...args], {
    url: /listening on (\S+)/,
    key: /API key: (\S+)/,
  })
}
