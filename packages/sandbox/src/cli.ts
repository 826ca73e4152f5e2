import { HELP, parseCli } from './cli-options.js'
import type { Sandbox } from './sandbox.js'
import { listen } from './server.js'

/** SIGINT/SIGTERM close the sandbox and exit 0; a second signal exits at once with 1. */
function exitOnSignals(sandbox: Sandbox, quiet: boolean): void {
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`Received ${signal} again, exiting now\n`)
      process.exit(1)
    }
    stopping = true
    if (!quiet) process.stdout.write(`Received ${signal}, shutting down\n`)
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: shutdown failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

async function main(): Promise<void> {
  const request = parseCli(process.argv.slice(2))
  if (request.help) {
    process.stdout.write(HELP)
    return
  }
  const sandbox = await listen(request.options, false, true)
  process.stdout.write(
    `Archipelag sandbox listening on ${sandbox.url}\nAPI key: ${sandbox.apiKey}\n`,
  )
  exitOnSignals(sandbox, request.options.quiet ?? false)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `archipelag-sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
