import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from './helpers/sandbox'

const execFileAsync = promisify(execFile)
const root = join(__dirname, '..')
const repo = join(root, '..', '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

/**
 * Runs a program with the ARCHIPELAG_* variables set to `api` only (unset without it, so
 * an example starts its own sandbox and nothing reaches the real API).
 */
async function run(
  file: string,
  args: string[],
  opts: { cwd: string; api?: { url: string; key: string } },
): Promise<string> {
  const env = { ...process.env }
  delete env.ARCHIPELAG_API_KEY
  delete env.ARCHIPELAG_BASE_URL
  if (opts.api) {
    env.ARCHIPELAG_BASE_URL = opts.api.url
    env.ARCHIPELAG_API_KEY = opts.api.key
  }
  const { stdout } = await execFileAsync(file, args, { cwd: opts.cwd, env, timeout: 60_000 })
  return stdout
}

/** Runs an example the way `pnpm example:<name>` does, against its own local sandbox. */
function example(name: string, ...args: string[]): Promise<string> {
  return run(tsx, [join('examples', `${name}.ts`), ...args], { cwd: root })
}

describe('examples run with one command each', { timeout: 60_000 }, () => {
  it('chat', async () => {
    expect(await example('chat')).toMatch(/job job_\w+: \d+ tokens/)
  })

  it('stream', async () => {
    const out = await example('stream')
    expect(out).toMatch(/\[\d+ tokens\]/)
    expect(out).toContain('[detached… resuming]')
    expect(out).toMatch(/stopped early: job job_\w+ is cancelled/)
  })

  it('image to file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archipelag-example-'))
    try {
      const file = join(dir, 'sunset.png')
      expect(await example('image', file)).toContain('512x512 png, seed 42')
      const bytes = await readFile(file)
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('batch with a progress bar', async () => {
    expect(await example('batch')).toMatch(/24\/24 jobs completed/)
  })

  it('the terminal tour (account, Cargos, streamed chat, image to file, batch)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archipelag-tour-'))
    try {
      const out = await example('tour', join(dir, 'tour.png'))
      expect(out).toMatch(/developer@sandbox\.archipelag\.io: 100 credits/)
      expect(out).toMatch(/llm-chat\s+0\.01 credits\/job/)
      expect(out).toMatch(/\(\d+ tokens, 0\.01 credits, job job_\w+\)/)
      expect(out).toContain('saved 256x256 png')
      expect(out).toContain('3/3 done')
      expect(out).toMatch(/a haiku about gulls: \S+/)
      expect(out).toMatch(/99\.91 credits left/)
      const bytes = await readFile(join(dir, 'tour.png'))
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('error handling', async () => {
    const out = await example('errors')
    expect(out).toContain('temperature 3: Invalid argument: input.temperature')
    expect(out).toContain('missing job: not found')
    expect(out).toMatch(/failing job: Job job_\w+ failed: Simulated Island failure/)
    expect(out).toMatch(/short wait: timed out waiting for job_\w+/)
  })
})

interface QuickStart {
  readme: string
  /** The file name its first line gives it (`// quickstart.mjs — …`). */
  file: string
  code: string
}

/** Every js/ts block of a README's "Quick start…" section, named by its first-line comment. */
function quickStarts(readme: string, markdown: string): QuickStart[] {
  const section = /^## Quick start.*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1]
  if (!section) throw new Error(`${readme} has no "## Quick start" section`)
  return [...section.matchAll(/^```(?:js|ts|mjs|cjs)\n([\s\S]*?)^```$/gm)].map(([, code]) => {
    const file = /^\/\/ (\S+\.[cm]js)\b/.exec(code ?? '')?.[1]
    if (!file) throw new Error(`${readme}: a quick-start block must start with // <name>.mjs`)
    return { readme, file, code: code ?? '' }
  })
}

const READMES = ['README.md', 'packages/core/README.md', 'packages/client/README.md']

describe('README quick starts run as written on Node, against the sandbox', () => {
  let sandbox: Sandbox
  /** A user's project: CommonJS by default (no "type"), the packages installed by link. */
  let project: string
  beforeAll(async () => {
    sandbox = await listen()
    project = await mkdtemp(join(tmpdir(), 'archipelag-quickstart-'))
    await writeFile(join(project, 'package.json'), '{ "name": "my-app", "private": true }\n')
    await mkdir(join(project, 'node_modules', '@archipelag'), { recursive: true })
    for (const name of ['core', 'client']) {
      await symlink(join(repo, 'packages', name), join(project, 'node_modules/@archipelag', name))
    }
  })
  afterAll(async () => {
    await sandbox?.close()
    if (project) await rm(project, { recursive: true, force: true })
  })

  const jobCount = async () => {
    const res = await fetch(`${sandbox.url}/api/v1/jobs?limit=100`, {
      headers: { authorization: `Bearer ${sandbox.apiKey}` },
    })
    return ((await res.json()) as { data: unknown[] }).data.length
  }

  const blocks = READMES.flatMap((readme) =>
    quickStarts(readme, readFileSync(join(repo, readme), 'utf8')),
  )

  it('finds an ESM and a CommonJS quick start in the package READMEs', () => {
    expect(blocks.map((b) => `${b.readme}: ${b.file}`)).toEqual([
      'README.md: quickstart.mjs',
      'packages/core/README.md: quickstart.mjs',
      'packages/core/README.md: quickstart.cjs',
      'packages/client/README.md: quickstart.mjs',
      'packages/client/README.md: quickstart.cjs',
    ])
  })

  it.each(blocks)('$readme: $file', { timeout: 60_000 }, async ({ file, code }) => {
    const dir = await mkdtemp(join(project, 'run-'))
    await writeFile(join(dir, file), code)
    const before = await jobCount()
    const out = await run(process.execPath, [file], {
      cwd: dir,
      api: { url: sandbox.url, key: sandbox.apiKey },
    })
    expect(out.trim().length).toBeGreaterThan(0)
    // It talked to the sandbox named by ARCHIPELAG_BASE_URL, not to the real API.
    expect(await jobCount()).toBeGreaterThan(before)
    for (const png of (await readdir(dir)).filter((f) => f.endsWith('.png'))) {
      const bytes = await readFile(join(dir, png))
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    }
  })
})
