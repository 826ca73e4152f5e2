import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Sandbox } from '@archipelag/sandbox'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from './helpers/sandbox'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await listen()
})
afterAll(async () => {
  await sandbox?.close()
})

describe('await using, as TypeScript emits it for target es2022', () => {
  it('runs on this Node against the built package and closes the client', async () => {
    const dist = pathToFileURL(join(__dirname, '..', 'dist', 'index.js')).href
    const source = `
      import { Client } from '${dist}'
      let outer
      {
        await using client = new Client({ apiKey: process.env.KEY, baseUrl: process.env.URL })
        outer = client
        const { content } = await client.chat('disposable')
        console.log(JSON.stringify({ content: content.length > 0, closedInside: client.closed }))
      }
      console.log(JSON.stringify({ closedAfter: outer.closed }))
    `
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      },
    })
    expect(outputText).toContain('__addDisposableResource')
    const dir = await mkdtemp(join(tmpdir(), 'await-using-'))
    try {
      const file = join(dir, 'main.mjs')
      await writeFile(file, outputText)
      const { stdout } = await promisify(execFile)(process.execPath, [file], {
        env: { ...process.env, KEY: sandbox.apiKey, URL: sandbox.url },
      })
      const [inside, after] = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(inside).toEqual({ content: true, closedInside: false })
      expect(after).toEqual({ closedAfter: true })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
