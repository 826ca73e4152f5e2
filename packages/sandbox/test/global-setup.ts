import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** The restart tests spawn the built CLI: build it first when dist is missing or stale. */
export default function setup(): void {
  let built = 0
  try {
    built = statSync(join(root, 'dist', 'cli.js')).mtimeMs
  } catch {
    built = 0
  }
  if (built >= newestSource(join(root, 'src'))) return
  const require = createRequire(import.meta.url)
  const tsupCli = join(dirname(require.resolve('tsup/package.json')), 'dist', 'cli-default.js')
  execFileSync(process.execPath, [tsupCli], { cwd: root, stdio: 'inherit' })
}
