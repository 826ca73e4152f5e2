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

  it('says "is required" for a missing prompt', () => {
    try {
      validateJobInput('llm-chat', {})
    } catch (error) {
      expect((error as ValidationError).errors).toEqual({ 'input.prompt': ['is required'] })
    }
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
