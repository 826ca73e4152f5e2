import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(__dirname, '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

/** Runs an example the way `pnpm example:<name>` does, against its own local sandbox. */
async function example(name: string, ...args: string[]): Promise<string> {
  const env = { ...process.env }
  delete env.ARCHIPELAG_API_KEY
  delete env.ARCHIPELAG_BASE_URL
  const { stdout } = await run(tsx, [join('examples', `${name}.ts`), ...args], {
    cwd: root,
    env,
    timeout: 60_000,
  })
  return stdout
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

  it('error handling', async () => {
    const out = await example('errors')
    expect(out).toContain('temperature 3: Invalid argument: input.temperature')
    expect(out).toContain('missing job: not found')
    expect(out).toMatch(/failing job: Job job_\w+ failed: Simulated Island failure/)
    expect(out).toMatch(/short wait: timed out waiting for job_\w+/)
  })
})
