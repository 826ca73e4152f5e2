import { describe, expect, it } from 'vitest'
import {
  AccountSchema,
  BatchProgressSchema,
  BatchSchema,
  BatchStatusSchema,
  ChatCompletionSchema,
  CreatedApiKeySchema,
  decodeStreamEvent,
  InvalidResponseError,
  isTerminal,
  JobSchema,
  parseImageOutput,
  StreamEventSchema,
  toWire,
  UsageSchema,
  WorkloadSchema,
} from '../src/index'

const wireJob = {
  id: 'job_1',
  workload_id: 1,
  workload_slug: 'llm-chat',
  status: 'completed',
  input: { prompt: 'hi', max_tokens: 5 },
  output: 'Hello there',
  created_at: '2026-01-01T00:00:00Z',
  started_at: '2026-01-01T00:00:01Z',
  completed_at: '2026-01-01T00:00:02Z',
  duration_ms: 1000,
  usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, credits_used: 0.01 },
  region: 'eu-west',
}

describe('models', () => {
  it('JobSchema: wire → camelCase model, input untouched, unknown fields kept', () => {
    const job = JobSchema.parse(wireJob)
    expect(job).toEqual({
      id: 'job_1',
      workloadId: 1,
      workloadSlug: 'llm-chat',
      status: 'completed',
      input: { prompt: 'hi', max_tokens: 5 },
      output: 'Hello there',
      createdAt: '2026-01-01T00:00:00Z',
      startedAt: '2026-01-01T00:00:01Z',
      completedAt: '2026-01-01T00:00:02Z',
      durationMs: 1000,
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3, creditsUsed: 0.01 },
      region: 'eu-west',
    })
    expect(toWire(JobSchema, job)).toEqual(wireJob)
  })

  it('AccountSchema accepts an integer id and makes it a string', () => {
    const account = AccountSchema.parse({ id: 123, email: 'a@b.c', credits: 98.5 })
    expect(account).toEqual({ id: '123', email: 'a@b.c', credits: 98.5 })
  })

  it('WorkloadSchema accepts a decimal-string price', () => {
    const workload = WorkloadSchema.parse({
      id: 1,
      name: 'LLM Chat',
      slug: 'llm-chat',
      runtime_type: 'container',
      price_per_job: '0.01',
      is_enabled: true,
    })
    expect(workload.pricePerJob).toBe(0.01)
    expect(workload.runtimeType).toBe('container')
  })

  it('CreatedApiKeySchema accepts both create shapes', () => {
    const apiKey = {
      id: 'key_1',
      name: 'dev',
      prefix: 'ak_abcde',
      created_at: '2026-01-01T00:00:00Z',
    }
    const expected = {
      apiKey: { id: 'key_1', name: 'dev', prefix: 'ak_abcde', createdAt: '2026-01-01T00:00:00Z' },
      key: 'ak_full',
    }
    expect(CreatedApiKeySchema.parse({ data: apiKey, key: 'ak_full' })).toEqual(expected)
    expect(CreatedApiKeySchema.parse({ data: { api_key: apiKey, key: 'ak_full' } })).toEqual(
      expected,
    )
  })

  it('says which field of a malformed answer is wrong, and why', () => {
    const issue = (
      schema: { safeParse(v: unknown): { error?: { issues: unknown[] } } },
      v: unknown,
    ) => schema.safeParse(v).error?.issues[0]
    expect(issue(AccountSchema, { id: true, email: 'a@b.c', credits: 1 })).toMatchObject({
      path: ['id'],
      message: 'expected a string or integer id',
    })
    expect(
      issue(WorkloadSchema, {
        id: 1,
        name: 'x',
        slug: 'x',
        runtime_type: 'container',
        price_per_job: 'cheap',
      }),
    ).toMatchObject({ path: ['price_per_job'], message: 'expected a number or decimal string' })
    const key = { id: 'key_1', name: 'dev', prefix: 'ak_abcde' } // created_at missing
    expect(issue(CreatedApiKeySchema, { data: { api_key: key, key: 'ak_x' } })).toMatchObject({
      path: ['data', 'api_key', 'created_at'],
    })
    expect(issue(CreatedApiKeySchema, { data: key, key: 'ak_x' })).toMatchObject({
      path: ['data', 'created_at'],
    })
    expect(issue(BatchProgressSchema, { succeeded: 'two' })).toMatchObject({
      message: 'expected an object of counts per state',
    })
  })

  it('ChatCompletionSchema converts choices and usage', () => {
    const completion = ChatCompletionSchema.parse({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'llm-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    })
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'Hi' },
      finishReason: 'stop',
    })
    expect(completion.usage).toEqual({ promptTokens: 1, completionTokens: 1, totalTokens: 2 })
  })

  it('BatchSchema and BatchStatusSchema', () => {
    const batch = BatchSchema.parse({
      id: 'job_p',
      state: 'pending',
      workload: 'llm-chat',
      batch: {
        chunk_count: 2,
        merge_strategy: 'concat',
        fail_mode: 'best_effort',
        completed: 0,
        failed: 0,
      },
      children: [{ id: 'job_c', batch_index: 0, state: 'pending', host_id: null }],
      created_at: '2026-01-01T00:00:00Z',
    })
    expect(batch.batch.chunkCount).toBe(2)
    expect(batch.children).toEqual([{ id: 'job_c', batchIndex: 0, state: 'pending' }])
    const status = BatchStatusSchema.parse({
      parent_id: 'job_p',
      parent_state: 'running',
      chunk_count: 2,
      merge_strategy: 'concat',
      fail_mode: 'best_effort',
      child_states: { succeeded: 1, running: 1 },
      children: [],
    })
    expect(status.childStates).toEqual({ succeeded: 1, running: 1 })
  })

  it('isTerminal', () => {
    expect(['completed', 'failed', 'cancelled', 'timeout'].every(isTerminal)).toBe(true)
    expect(['pending', 'queued', 'running'].some(isTerminal)).toBe(false)
  })

  it('parseImageOutput decodes the JSON string output', () => {
    const output = JSON.stringify({
      image_data: 'iVBORw0KGgo=',
      format: 'png',
      width: 64,
      height: 64,
      seed: 7,
    })
    expect(parseImageOutput({ id: 'job_1', output })).toEqual({
      imageData: 'iVBORw0KGgo=',
      imageFormat: 'png',
      width: 64,
      height: 64,
      seed: 7,
    })
    expect(() => parseImageOutput({ id: 'job_1', output: 'plain text' })).toThrow(
      InvalidResponseError,
    )
  })

  it.each([
    [{ image_data: 'iVBORw0KGgo=', width: 'wide', height: 64 }, 'output.width: expected a number'],
    [{ image_data: 'iVBORw0KGgo=', height: 64 }, 'output.width: expected a number'],
    [
      { image_data: 'iVBORw0KGgo=', width: 64, height: 0 },
      'output.height: expected a positive integer',
    ],
    [{ image_data: 'not base64!', width: 64, height: 64 }, 'output.image_data: expected base64'],
    [{ image_data: 'iVBOR', width: 64, height: 64 }, 'output.image_data: expected base64'],
    [{ width: 64, height: 64 }, 'output.image_data: expected a string'],
    [[1, 2], 'output: expected a JSON object'],
  ])('a malformed image output %j is an InvalidResponseError naming %s', (wire, detail) => {
    const error = (() => {
      try {
        parseImageOutput({ id: 'job_1', output: JSON.stringify(wire) })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidResponseError)
    expect((error as Error).message).toBe(`Job job_1 has a malformed image output: ${detail}`)
  })
})

describe('hostile keys in what parse and toWire are given', () => {
  // JSON.parse makes `__proto__` an ordinary own key: copying it with `out[key] = value`
  // would set the copy's prototype, and its fields would come back as the model's own.
  const ownJson = `{"id": "job_1", "workloadId": 1, "status": "completed", "input": {}, "createdAt": "2026-01-01T00:00:00Z", "__proto__": {"output": "injected", "isAdmin": true}}`

  it('a __proto__ key in a model’s own JSON adds no field and sets no prototype', () => {
    const job = JobSchema.parse(JSON.parse(ownJson))
    expect(job.output).toBeUndefined()
    expect(job.isAdmin).toBeUndefined()
    expect(Object.getPrototypeOf(job)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('a key that becomes __proto__ in snake_case adds nothing to the wire shape', () => {
    const model = JSON.parse(
      `{"id": "job_1", "workloadId": 1, "status": "completed", "input": {}, "createdAt": "2026-01-01T00:00:00Z", "_Proto__": {"injected": 1}}`,
    )
    const wire = toWire(JobSchema, model) as Record<string, unknown>
    expect(wire.injected).toBeUndefined()
    expect(Object.getPrototypeOf(wire)).toBe(Object.prototype)
  })
})

describe('every field is checked, whichever way it is spelled', () => {
  it('a model’s own JSON with a field of the wrong type is refused, not kept', () => {
    // Both pass as wire (every snake_case field optional or present): the camelCase ones
    // must be checked all the same.
    expect(() => UsageSchema.parse({ promptTokens: 'many', creditsUsed: 1 })).toThrow(
      /prompt_tokens/,
    )
    expect(() =>
      AccountSchema.parse({ id: 'acc_1', email: 'a@b.c', credits: 1, createdAt: 5 }),
    ).toThrow(/created_at/)
    expect(() =>
      JobSchema.parse({ ...wireJob, usage: { credits_used: 1, promptTokens: 'x' } }),
    ).toThrow(/prompt_tokens/)
  })

  it('a camelCase twin of a wire field never replaces the checked value unchecked', () => {
    expect(() => JobSchema.parse({ ...wireJob, workloadId: 'nope' })).toThrow(/workload_id/)
    expect(() => JobSchema.parse({ ...wireJob, durationMs: 'slow' })).toThrow(/duration_ms/)
  })

  it('an answer with new camelCase fields, and a model’s own JSON, still decode as before', () => {
    expect(JobSchema.parse({ ...wireJob, queuePosition: 3 }).queuePosition).toBe(3)
    const job = JobSchema.parse(wireJob)
    expect(JobSchema.parse(JSON.parse(JSON.stringify(job)))).toEqual(job)
    expect(UsageSchema.parse({ promptTokens: 3, creditsUsed: 2 })).toEqual({
      promptTokens: 3,
      creditsUsed: 2,
    })
  })
})

describe('stream events', () => {
  it('decodes `chunk` (older servers) like `content`', () => {
    expect(decodeStreamEvent({ type: 'token', chunk: 'x' }, '4')).toEqual({
      type: 'token',
      content: 'x',
      eventId: '4',
    })
  })

  it('surfaces unknown types and non-objects as unknown', () => {
    expect(decodeStreamEvent({ type: 'heartbeat' })).toEqual({
      type: 'unknown',
      raw: { type: 'heartbeat' },
    })
    expect(decodeStreamEvent(5)).toEqual({ type: 'unknown', raw: 5 })
  })

  it('StreamEventSchema reports the bad field of a known type', () => {
    const result = StreamEventSchema.safeParse({ type: 'progress', step: 'one', total: 3 })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['step'])
    const event = StreamEventSchema.parse({ type: 'image', image_data: 'AA', format: 'png' })
    expect(event).toEqual({ type: 'image', imageData: 'AA', format: 'png' })
    expect(toWire(StreamEventSchema, event)).toEqual({
      type: 'image',
      image_data: 'AA',
      format: 'png',
    })
  })
})
