#!/usr/bin/env node
// What `npm run demo` runs once task.mjs has installed and built everything: the demo web
// app's server (apps/demo). It starts the local sandbox (its history in .archipelag/demo.db)
// unless ARCHIPELAG_API_KEY is set, serves the app with the proxy in front of the API, prints
// the URL, and stops both on Ctrl-C. Options after `--` go to the server
// (`npm run demo -- --help`). The terminal tour that used to live here is now an example of
// the client: `pnpm --filter @archipelag/client example:tour`.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const server = join(root, 'apps/demo/dist/server/main.js')
if (!existsSync(server) || !existsSync(join(root, 'apps/demo/dist/app/index.html'))) {
  console.error('The demo is not built yet: `npm run demo` builds it before starting it.')
  process.exit(1)
}
await import(pathToFileURL(server).href)
