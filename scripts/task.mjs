#!/usr/bin/env node
// One entry point for the root scripts, so that a fresh machine with only
// Node 20 and npm can run `npm run demo` or `npm test`: it brings the pinned
// pnpm (through npx when it is not on the PATH), installs the workspace from
// the lockfile, then hands over to turbo.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '')
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts })
  if (res.error) throw res.error
  if (res.status !== 0) process.exit(res.status ?? 1)
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env })
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return ['pnpm']
  return ['npx', '--yes', `pnpm@${pnpmVersion}`]
}

const [pnpm, ...pnpmPrefix] = pnpmCommand()
const pn = (...args) => run(pnpm, [...pnpmPrefix, ...args])
const turbo = (...args) => pn('exec', 'turbo', 'run', ...args)

// Each package's vitest also writes a JSON report here; the totals are printed as
// one plain closing line for the whole repository.
const RESULTS_FILE = '.vitest-results.json'

function reportFiles() {
  return ['packages', 'apps', 'tools', 'tests']
    .map((dir) => join(root, dir))
    .filter((base) => existsSync(base))
    .flatMap((base) => readdirSync(base).map((name) => join(base, name, RESULTS_FILE)))
    .filter((file) => existsSync(file))
}

function removeReports() {
  for (const file of reportFiles()) rmSync(file)
}

function printSummary() {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const file of reportFiles()) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
  }
  console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  if (failed > 0 || passed === 0) process.exit(1)
}

// Packages lint themselves (cached by turbo); the root files are checked here.
const ROOT_FILES = ['scripts', 'bench', 'biome.json', 'turbo.json', 'package.json', 'README.md']
function lint(...args) {
  turbo('lint', ...args)
  pn('exec', 'biome', 'check', ...ROOT_FILES)
}

/**
 * Runs the demo's server until it exits, and exits with its code. Ctrl-C reaches it from the
 * terminal; a SIGINT or SIGTERM sent to this process alone (npm forwards them) is passed on,
 * so the server always gets to stop its sandbox cleanly.
 */
function serve(script, args) {
  const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const task = process.argv[2]
const extra = process.argv.slice(3)
pn('install', '--frozen-lockfile', '--prefer-offline')

switch (task) {
  case 'build':
    turbo('build', ...extra)
    break
  case 'lint':
    lint(...extra)
    break
  case 'typecheck':
    turbo('typecheck', ...extra)
    break
  case 'test':
    // The whole gate, in the order CI wants it: cheap checks first.
    turbo('build')
    lint()
    turbo('typecheck', 'check:publish')
    // Suites run one package at a time: each already uses both cores, and
    // stream timing tests are steadier without a neighbour.
    removeReports()
    turbo(
      'test',
      '--concurrency=1',
      ...extra,
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${RESULTS_FILE}`,
    )
    // The README's first command is tested in apps/demo (test/demo-command.test.ts runs
    // `npm run demo` itself, fetches the page and an API call, and stops it with Ctrl-C).
    printSummary()
    break
  case 'demo':
    turbo('build', '--filter=archipelag-demo...')
    serve(join(root, 'scripts/demo.mjs'), extra)
    break
  default:
    console.error(`unknown task: ${task}`)
    process.exit(2)
}
