import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compileConsumer } from './helpers/consumer-project'
import { repoRoot } from './helpers/published-packages'

// Hover text is what a user reads first. Every endpoint of core's `Transport`, as published
// in the built declarations, must carry TSDoc with a summary and an `@example` (each
// overload too: an editor shows the doc of the overload it picked).
const declarations = join(repoRoot, 'packages/core/dist/index.d.ts')

interface Member {
  /** `jobs.get`, `chatCompletions.create (overload 2)`, `baseUrl`. */
  path: string
  node: ts.Node
  endpoint: boolean
}

/** The members of the `Transport` interface (or type), resource groups walked into. */
function transportMembers(source: ts.SourceFile): Member[] {
  const transport = source.statements.flatMap((s) => {
    if (ts.isInterfaceDeclaration(s) && s.name.text === 'Transport') return [s.members]
    const literal = ts.isTypeAliasDeclaration(s) && s.name.text === 'Transport' ? s.type : undefined
    return literal && ts.isTypeLiteralNode(literal) ? [literal.members] : []
  })[0]
  if (!transport) throw new Error(`no Transport type in ${declarations}`)
  const isEndpoint = (member: ts.TypeElement) =>
    ts.isMethodSignature(member) ||
    (ts.isPropertySignature(member) && !!member.type && ts.isFunctionTypeNode(member.type))
  const walk = (members: ts.NodeArray<ts.TypeElement>, prefix: string): Member[] => {
    const seen = new Map<string, number>()
    return members.flatMap((member): Member[] => {
      const name = member.name?.getText(source) ?? '(unnamed)'
      const path = `${prefix}${name}`
      if (ts.isPropertySignature(member) && member.type && ts.isTypeLiteralNode(member.type)) {
        const group = { path, node: member, endpoint: false }
        return [group, ...walk(member.type.members, `${path}.`)]
      }
      const overloads = members.filter((m) => m.name?.getText(source) === name).length
      const index = (seen.get(name) ?? 0) + 1
      seen.set(name, index)
      const label = overloads > 1 ? `${path} (overload ${index})` : path
      return [{ path: label, node: member, endpoint: isEndpoint(member) }]
    })
  }
  return walk(transport, '')
}

/** The TSDoc block right above a member: its summary, its tags and its examples' code. */
function tsdocOf(node: ts.Node): { summary: string; tags: string[]; examples: string[] } {
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1)
  const tags = doc?.tags ?? []
  return {
    summary: ts.getTextOfJSDocComment(doc?.comment)?.trim() ?? '',
    tags: tags.map((tag) => tag.tagName.text),
    examples: tags
      .filter((tag) => tag.tagName.text === 'example')
      .map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? '')
      .map((text) => text.replace(/^\s*```\w*\n?|\n?```\s*$/g, '')),
  }
}

const source = ts.createSourceFile(
  declarations,
  readFileSync(declarations, 'utf8'),
  ts.ScriptTarget.Latest,
  true,
)
const members = transportMembers(source)
const endpoints = members.filter((member) => member.endpoint)

describe("core's Transport, as published", () => {
  it('has at least the 21 endpoints of WIRE.md', () => {
    const names = new Set(endpoints.map((e) => e.path.replace(/ \(overload \d\)$/, '')))
    expect(names.size).toBeGreaterThanOrEqual(21)
  })

  it.each(endpoints.map((e) => [e.path, e.node] as const))(
    '%s has a TSDoc summary and an @example',
    (_, node) => {
      const { summary, tags } = tsdocOf(node)
      expect(summary.length).toBeGreaterThan(10)
      expect(tags).toContain('example')
    },
  )

  it.each(members.filter((m) => !m.endpoint).map((m) => [m.path, m.node] as const))(
    '%s has a TSDoc summary',
    (_, node) => {
      expect(tsdocOf(node).summary).not.toBe('')
    },
  )

  // Each example is compiled against the published declarations, with `api` a transport,
  // so an example that no longer matches the API fails here instead of misleading a reader.
  it('has examples that compile against the published declarations', () => {
    const bodies = endpoints.flatMap((e) =>
      tsdocOf(e.node).examples.map((code) => ({ path: e.path, code })),
    )
    const text = [
      "import { createTransport } from '@archipelag/core'",
      'const api = createTransport()',
      ...bodies.map(
        ({ path, code }, i) => `// ${path}\nexport async function example${i}() {\n${code}\n}`,
      ),
    ].join('\n')
    const { diagnostics } = compileConsumer(ts, {
      tsconfig: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      roots: [{ file: 'transport-examples.ts', text }],
      dependencies: false,
    })
    expect(bodies.length).toBe(endpoints.length)
    expect(diagnostics).toBe('')
  })
})
