import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

/** The binary could not be found or run; the message says how to install it. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError'
}

const HOW_TO_INSTALL =
  'Install it with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu, as root), ' +
  'or point CHROMIUM_PATH at a Chromium or Chrome binary. ' +
  'Do not run `playwright install`: the harness uses the system browser.'

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The Chromium binary to launch: `explicit` when given, else `$CHROMIUM_PATH`, else
 * `command -v chromium`. Throws a {@link ChromiumNotFoundError} saying how to install it.
 *
 * @example
 * ```ts
 * findChromium() // '/usr/bin/chromium'
 * ```
 */
export function findChromium(explicit?: string): string {
  const chosen = explicit ?? process.env.CHROMIUM_PATH
  if (chosen) {
    if (isExecutable(chosen)) return chosen
    const from = explicit ? 'executablePath' : 'CHROMIUM_PATH'
    throw new ChromiumNotFoundError(
      `${from} ${chosen} is not an executable file. ${HOW_TO_INSTALL}`,
    )
  }
  const probe = spawnSync('/bin/sh', ['-c', 'command -v chromium'], { encoding: 'utf8' })
  const found = probe.status === 0 ? probe.stdout.trim() : ''
  if (found && isExecutable(found)) return found
  throw new ChromiumNotFoundError(
    `Chromium not found: \`command -v chromium\` found nothing on PATH. ${HOW_TO_INSTALL}`,
  )
}
