// Starts a server script in a child process — its own event loop and, machine permitting, its own
// core, as a user's server would be — and resolves once the script has printed every line the
// caller waits for. Every benchmark starts its server through this one helper.
import { spawn } from 'node:child_process'
import { once } from 'node:events'

/**
 * @template {string} K
 * @param {string} script the Node script to run
 * @param {Array<string | number>} args its arguments
 * @param {Record<K, RegExp>} ready a pattern per value to read from its stdout (group 1)
 * @returns {Promise<Record<K, string> & { child: import('node:child_process').ChildProcess, close: () => Promise<void> }>}
 */
export function startChild(script, args, ready) {
  const child = spawn(process.execPath, [script, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill()
    await exited
  }
  // A benchmark that crashes or is interrupted must not leave its server behind.
  process.once('exit', () => child.kill())
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk) => {
      out += chunk
      const found = {}
      for (const [name, pattern] of Object.entries(ready)) {
        const match = pattern.exec(out)
        if (!match) return
        found[name] = match[1]
      }
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve({ ...found, child, close })
    }
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', onData)
    child.once('exit', (code, signal) =>
      reject(new Error(`${script} exited (${signal ?? code}) before it was ready`)),
    )
  })
}
