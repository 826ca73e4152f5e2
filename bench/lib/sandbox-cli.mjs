// Starts the built sandbox CLI as a child process (its own event loop and core, as a remote
// API would be) and resolves once it has printed its URL and API key.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../../packages/sandbox/dist/cli.js', import.meta.url))

/**
 * @param {string[]} args CLI flags, e.g. ['--islands', '8']; `--port 0 --db :memory: --quiet`
 *   are added unless given.
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, key: string, close: () => void }>}
 */
export function startSandboxCli(args = []) {
  if (!existsSync(cli)) {
    console.error('Build the sandbox first: pnpm --filter @archipelag/sandbox build')
    process.exit(1)
  }
  const defaults = [
    ...(args.includes('--port') ? [] : ['--port', '0']),
    ...(args.includes('--db') ? [] : ['--db', ':memory:']),
    ...(args.includes('--quiet') ? [] : ['--quiet']),
  ]
  const child = spawn(process.execPath, [cli, ...defaults, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const url = /listening on (\S+)/.exec(out)?.[1]
      const key = /API key: (\S+)/.exec(out)?.[1]
      if (url && key) resolve({ child, url, key, close: () => child.kill() })
    })
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
}
