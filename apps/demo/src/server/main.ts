// The demo's server on the command line (what `npm run demo` runs once everything is built):
// serves the built app, mounts the proxy, starts the sandbox unless ARCHIPELAG_API_KEY is
// set, prints the URL, and stops it all on Ctrl-C (SIGINT) or SIGTERM.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DemoServer, startDemoServer } from './demo-server'
import { type DemoArgs, USAGE, parseDemoArgs } from './args'

const here = dirname(fileURLToPath(import.meta.url))

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE)
    return
  }
  let args: DemoArgs
  try {
    args = parseDemoArgs(argv, here)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  let demo: DemoServer
  try {
    demo = await startDemoServer({ ...args, appDir: join(here, '..', 'app') })
  } catch (error) {
    console.error(`The demo could not start: ${(error as Error).message}`)
    process.exit(1)
  }
  const { upstream } = demo
  console.log(`Archipelag demo, talking to ${upstream.label}`)
  console.log(
    'The API key stays on this server: the page calls /api/archipelag, the proxy adds it.',
  )
  console.log(`\n  ➜  Open ${demo.url}\n`)
  console.log(
    upstream.mode === 'sandbox'
      ? 'Ctrl-C stops the demo and its sandbox.'
      : 'Ctrl-C stops the demo.',
  )
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C may arrive twice (from the terminal, and forwarded by npm): one stop is enough.
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    const late = setTimeout(() => {
      console.error('Still stopping after 10 s: exiting anyway.')
      process.exit(1)
    }, 10_000)
    late.unref()
    demo.close().then(
      () => {
        console.log('Stopped.')
        process.exit(0)
      },
      (error: Error) => {
        console.error(`Stopping failed: ${error.message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

await main()
