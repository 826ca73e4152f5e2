import { describe, expect, it } from 'vitest'
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
    ['llm-chat', { prompt: '' }, 'input.prompt'],
    ['llm-chat', { prompt: '   ' }, 'input.prompt'],
    ['llm-chat', {}, 'input.prompt'],
    ['llm-chat', { prompt: 'hi', temperature: 3 }, 'input.temperature'],
    ['llm-chat', { prompt: 'hi', temperature: '0.5' }, 'input.temperature'],
    ['llm-chat', { prompt: 'hi', max_tokens: 0 }, 'input.max_tokens'],
    ['llm-chat', { prompt: 'hi', max_tokens: 1.5 }, 'input.max_tokens'],
    ['llm-chat-large', { prompt: 'hi', system_prompt: 5 }, 'input.system_prompt'],
    ['sdxl', { prompt: 'cat', width: 1000 }, 'input.width'],
    ['sdxl', { prompt: 'cat', height: 4096 }, 'input.height'],
    ['sdxl', { prompt: 'cat', steps: 0 }, 'input.steps'],
    ['sdxl', { prompt: 'cat', guidance_scale: -1 }, 'input.guidance_scale'],
    ['sdxl', { prompt: 'cat', seed: -4 }, 'input.seed'],
    ['llm-chat', 'not an object', 'input'],
    ['', { prompt: 'hi' }, 'workload'],
  ])('%s %j → %s', (workload, input, field) => {
    expect(fieldOf(() => validateJobInput(workload, input))).toBe(field)
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

  it.each([
    ['llm-chat', {}, 'input.prompt is required'],
    ['llm-chat', { prompt: 5 }, 'input.prompt must be a string'],
    ['llm-chat', { prompt: ' ' }, 'input.prompt must not be empty'],
    ['llm-chat', { prompt: 'x', system_prompt: 1 }, 'input.system_prompt must be a string'],
    ['llm-chat', { prompt: 'x', max_tokens: 0 }, 'input.max_tokens must be between 1 and 32768'],
    ['llm-chat', { prompt: 'x', max_tokens: 1.5 }, 'input.max_tokens must be an integer'],
    ['llm-chat', { prompt: 'x', temperature: 3 }, 'input.temperature must be between 0 and 2'],
    ['llm-chat', { prompt: 'x', temperature: null }, 'input.temperature must be a number'],
    ['sdxl', { prompt: 'x', negative_prompt: 3 }, 'input.negative_prompt must be a string'],
    [
      'sdxl',
      { prompt: 'x', width: 1000 },
      'input.width must be a multiple of 64 between 256 and 2048',
    ],
    [
      'sdxl',
      { prompt: 'x', height: 4096 },
      'input.height must be a multiple of 64 between 256 and 2048',
    ],
    ['sdxl', { prompt: 'x', width: '1024' }, 'input.width must be a number'],
    ['sdxl', { prompt: 'x', steps: 0 }, 'input.steps must be between 1 and 150'],
    ['sdxl', { prompt: 'x', guidance_scale: 51 }, 'input.guidance_scale must be between 0 and 50'],
    ['sdxl', { prompt: 'x', seed: 1.5 }, 'input.seed must be an integer'],
    ['sdxl', [], 'input must be an object'],
    ['LLM Chat!', {}, 'workload must be a workload slug such as "llm-chat"'],
  ])('%s %j: "%s"', (workload, input, message) => {
    expect(() => validateJobInput(workload, input)).toThrow(`Invalid argument: ${message}`)
  })

  it('lists each failing field in `errors`', () => {
    const error = (() => {
      try {
        validateJobInput('sdxl', { prompt: '', width: 100, steps: 0 })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual({
      'input.prompt': ['must not be empty'],
      'input.width': ['must be a multiple of 64 between 256 and 2048'],
      'input.steps': ['must be between 1 and 150'],
    })
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
      () => transport.jobs.create({ workload: 'llm-chat', input: { prompt: '' } }),
      'input.prompt',
    ],
    ['jobs.get', () => transport.jobs.get(42 as unknown as string), 'id'],
    ['jobs.get', () => transport.jobs.get('a/b'), 'id'],
    ['jobs.get', () => transport.jobs.get('..'), 'id'], // the URL parser would make it /api/v1/
    ['jobs.cancel', () => transport.jobs.cancel('.'), 'id'],
    ['workloads.get', () => transport.workloads.get('..'), 'slug'],
    ['jobs.stream', async () => transport.jobs.stream(' '), 'id'], // throws synchronously
    ['jobs.list', () => transport.jobs.list({ limit: 0 }), 'limit'],
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
          inputs: [{ prompt: 'a' }, { prompt: 'b', width: 3 }],
        }),
      'inputs.1.width',
    ],
    ['apiKeys.create', () => transport.apiKeys.create({ name: '' }), 'name'],
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
      () => transport.chatCompletions.create({ model: 'llm-chat', messages: [], temperature: 1 }),
      'messages',
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
