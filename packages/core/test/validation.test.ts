import { createSandbox, type Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTransport, ValidationError, validateJobInput } from '../src/index'
import { startLocalServer } from './helpers/local-server'

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).status).toBeUndefined()
    return (error as ValidationError).field
  }
  throw new Error('expected a ValidationError')
}

describe('validateJobInput', () => {
  it.each([
    ['llm-chat', {}, 'input.prompt'],
    ['llm-chat', { prompt: 5 }, 'input.prompt'],
    ['llm-chat', { prompt: '' }, 'input.prompt'],
    ['llm-chat', { prompt: '   ' }, 'input.prompt'],
    ['llm-chat', { prompt: 'hi', temperature: 3 }, 'input.temperature'],
    ['llm-chat', { prompt: 'hi', temperature: '0.5' }, 'input.temperature'],
    ['llm-chat', { prompt: 'hi', max_tokens: '50' }, 'input.max_tokens'],
    ['llm-chat-large', { prompt: 'hi', system_prompt: 5 }, 'input.system_prompt'],
    ['sdxl', { prompt: 'cat', width: '1024' }, 'input.width'],
    ['sdxl', { prompt: 'cat', steps: null }, 'input.steps'],
    ['sdxl', { prompt: 'cat', seed: '42' }, 'input.seed'],
    ['llm-chat', 'not an object', 'input'],
    [5, { prompt: 'hi' }, 'workload'],
    ['', { prompt: 'hi' }, 'workload'],
  ])('%s %j → %s', (workload, input, field) => {
    expect(fieldOf(() => validateJobInput(workload as string, input))).toBe(field)
  })

  it('accepts valid inputs and any object for other workloads', () => {
    expect(() =>
      validateJobInput('llm-chat', { prompt: 'hi', temperature: 0.7, max_tokens: 50 }),
    ).not.toThrow()
    expect(() =>
      validateJobInput('sdxl', { prompt: 'cat', width: 512, height: 768, steps: 20, seed: 42 }),
    ).not.toThrow()
    expect(() => validateJobInput('whisper', { audio_url: 'https://x' })).not.toThrow()
  })

  it('refuses only what the contract states: sizes, step counts, token budgets are the server’s call', () => {
    for (const [workload, input] of [
      ['sdxl', { prompt: 'x', width: 128, height: 64 }],
      ['sdxl', { prompt: 'x', width: 1000, steps: 0, guidance_scale: -1, seed: -4 }],
      ['llm-chat', { prompt: 'x', max_tokens: 0 }],
      ['llm-chat', { prompt: 'x', temperature: 2 }],
    ] as const) {
      expect(() => validateJobInput(workload, input)).not.toThrow()
    }
  })

  it.each([
    ['llm-chat', {}, 'input.prompt is required'],
    ['llm-chat', { prompt: 5 }, 'input.prompt must be a string'],
    ['llm-chat', { prompt: ' ' }, 'input.prompt must not be empty'],
    ['llm-chat', { prompt: 'x', system_prompt: 1 }, 'input.system_prompt must be a string'],
    ['llm-chat', { prompt: 'x', max_tokens: '1' }, 'input.max_tokens must be a number'],
    ['llm-chat', { prompt: 'x', temperature: 3 }, 'input.temperature must be between 0 and 2'],
    ['llm-chat', { prompt: 'x', temperature: null }, 'input.temperature must be a number'],
    ['sdxl', { prompt: 'x', negative_prompt: 3 }, 'input.negative_prompt must be a string'],
    ['sdxl', { prompt: 'x', width: '1024' }, 'input.width must be a number'],
    ['sdxl', { prompt: 'x', guidance_scale: '7' }, 'input.guidance_scale must be a number'],
    ['sdxl', [], 'input must be an object'],
    [null, {}, 'workload must be a string'],
  ])('%s %j: "%s"', (workload, input, message) => {
    expect(() => validateJobInput(workload as string, input)).toThrow(
      `Invalid argument: ${message}`,
    )
  })

  it('lists each failing field in `errors`', () => {
    const error = (() => {
      try {
        validateJobInput('sdxl', { prompt: 5, width: '100', steps: 'many' })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual({
      'input.prompt': ['must be a string'],
      'input.width': ['must be a number'],
      'input.steps': ['must be a number'],
    })
  })
})

describe('business rules come back from the server, naming the field', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await createSandbox({ db: ':memory:', stepIntervalMs: 0, tokenIntervalMs: 0 })
  })
  afterAll(() => sandbox.close())
  const api = () =>
    createTransport({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, fetch: sandbox.fetch })

  it('a 128×64 image is the server’s to accept (the sandbox, like the official SDKs, does)', async () => {
    const job = await api().jobs.create({
      workload: 'sdxl',
      input: { prompt: 'a tiny cat', width: 128, height: 64 },
    })
    expect(job.input).toMatchObject({ width: 128, height: 64 })
  })

  it.each([
    [{ prompt: 'x', max_tokens: 0 }, 'llm-chat', 'input.max_tokens'],
    [{ prompt: 'x', width: 100 }, 'sdxl', 'input.width'],
  ])('%j → 422 on %s naming %s', async (input, workload, field) => {
    const error = await api()
      .jobs.create({ workload, input })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ status: 422, field })
  })
})

describe('argument validation in the transport sends nothing', () => {
  const requests: string[] = []
  const transport = createTransport({
    apiKey: 'ak_test_key_123456',
    baseUrl: 'http://127.0.0.1:9', // nothing listens: any request would fail differently
    onRequest: (info) => requests.push(info.url),
  })

  it.each([
    [
      'jobs.create',
      () => transport.jobs.create({ workload: 'llm-chat', input: { prompt: 5 } }),
      'input.prompt',
    ],
    ['jobs.get', () => transport.jobs.get(42 as unknown as string), 'id'],
    ['jobs.get', () => transport.jobs.get('a/b'), 'id'],
    ['jobs.get', () => transport.jobs.get('..'), 'id'], // the URL parser would make it /api/v1/
    ['jobs.cancel', () => transport.jobs.cancel('.'), 'id'],
    ['workloads.get', () => transport.workloads.get('..'), 'slug'],
    ['jobs.stream', async () => transport.jobs.stream(' '), 'id'], // throws synchronously
    ['jobs.list', () => transport.jobs.list({ limit: 0 }), 'limit'],
    ['jobs.list', () => transport.jobs.list({ limit: 1.5 }), 'limit'],
    ['jobs.list', () => transport.jobs.list({ offset: -1 }), 'offset'],
    [
      'batches.submit',
      () => transport.batches.submit({ workload: 'llm-chat', inputs: [] }),
      'inputs',
    ],
    [
      'batches.submit',
      () =>
        transport.batches.submit({
          workload: 'sdxl',
          inputs: [{ prompt: 'a' }, { prompt: 'b', width: '3' }],
        }),
      'inputs.1.width',
    ],
    ['apiKeys.create', () => transport.apiKeys.create({ name: 5 as unknown as string }), 'name'],
    [
      'batches.submit',
      () =>
        transport.batches.submit({
          workload: 'llm-chat',
          inputs: [{ prompt: 'a' }],
          mergeStrategy: 'zip' as 'concat',
        }),
      'mergeStrategy',
    ],
    [
      'batches.submit',
      () =>
        transport.batches.submit({
          workload: 'llm-chat',
          inputs: [{ prompt: 'a' }, 'b' as unknown as Record<string, unknown>],
        }),
      'inputs.1',
    ],
    [
      'chatCompletions.create',
      () =>
        transport.chatCompletions.create({
          model: 'llm-chat',
          messages: [{ role: 'user', content: 'hi' }],
          temperature: 3,
        }),
      'temperature',
    ],
  ])('%s rejects (%#) before any I/O', async (_name, call, field) => {
    const error = await call().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toEqual([])
  })

  it('rejects a missing apiKey with a helpful message', () => {
    expect(() => createTransport({})).toThrow(/Missing apiKey/)
    expect(() => createTransport({ baseUrl: '/api/archipelag' })).not.toThrow()
  })
})

describe('headers', () => {
  it('sends a custom authorization header to a proxy when there is no apiKey, redacted in hooks', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ data: { id: 'acc_1', email: 'a@b.c', credits: 1 } }))
    })
    const seen: Record<string, string>[] = []
    const transport = createTransport({
      baseUrl: server.url,
      headers: { Authorization: 'Session abc' },
      onRequest: (info) => seen.push(info.headers),
    })
    await transport.account.get()
    await server.close()
    expect(server.requests[0]?.headers.authorization).toBe('Session abc')
    expect(seen[0]?.authorization).toBe('Bearer ak_…redacted')
  })
})
