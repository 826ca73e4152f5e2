import { describe, expect, it } from 'vitest'
import * as core from '../src/index'

type Codec = { parse(value: unknown): unknown }

const at = '2026-01-01T00:00:00Z'
const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, credits_used: 0.01 }
const apiKey = {
  id: 'key_1',
  name: 'dev',
  prefix: 'ak_abcde',
  created_at: at,
  last_used_at: at,
  expires_at: at,
}
const child = { id: 'job_c', batch_index: 0, state: 'failed', error: 'boom', host_id: 'isl_1' }

/**
 * A canonical wire value (what the sandbox sends) for every exported model schema, and
 * the variants servers may also send. Canonical values must come back unchanged from
 * wire → model → wire; variants must come back as a wire value that decodes to the same
 * model.
 */
const samples: Record<string, { wire: unknown; variants?: unknown[] }> = {
  AccountSchema: {
    wire: { id: 'acc_1', email: 'a@b.c', credits: 98.5, created_at: at, plan: 'free' },
    variants: [{ id: 123, email: 'a@b.c', credits: '98.5', created_at: null }],
  },
  ApiKeySchema: { wire: apiKey, variants: [{ ...apiKey, id: 7, expires_at: null }] },
  CreatedApiKeySchema: {
    wire: { data: apiKey, key: 'ak_full' },
    variants: [{ data: { api_key: apiKey, key: 'ak_full' } }],
  },
  BatchJobSchema: { wire: child },
  BatchProgressSchema: { wire: { succeeded: 2, failed: 1 } },
  BatchSchema: {
    wire: {
      id: 'job_p',
      state: 'running',
      workload: 'llm-chat',
      batch: {
        chunk_count: 2,
        merge_strategy: 'concat',
        fail_mode: 'best_effort',
        completed: 1,
        failed: 1,
      },
      children: [child],
      created_at: at,
    },
  },
  BatchStatusSchema: {
    wire: {
      parent_id: 'job_p',
      parent_state: 'running',
      chunk_count: 2,
      merge_strategy: 'flatten',
      fail_mode: 'fail_fast',
      child_states: { succeeded: 1, running: 1 },
      children: [child],
    },
  },
  ChatCompletionSchema: {
    wire: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'llm-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  },
  ChatCompletionChunkSchema: {
    wire: {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'llm-chat',
      choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }],
    },
  },
  HostSchema: {
    wire: {
      id: 'isl_1',
      name: 'Island',
      status: 'online',
      region: 'eu',
      capabilities: { gpu_model: 'A100', vram_mb: 8 },
      karma_score: 0.9,
      last_heartbeat_at: at,
    },
  },
  JobSchema: {
    wire: {
      id: 'job_1',
      workload_id: 1,
      workload_slug: 'llm-chat',
      status: 'completed',
      input: { prompt: 'hi', max_tokens: 5 },
      output: 'Hello',
      created_at: at,
      started_at: at,
      completed_at: at,
      duration_ms: 10,
      usage,
    },
  },
  MarketRateSchema: {
    wire: {
      workload_slug: 'sdxl',
      avg_price: 0.05,
      min_price: 0.04,
      max_price: 0.06,
      num_hosts: 3,
      timestamp: at,
    },
    variants: [{ workload_slug: 'sdxl', avg_price: '0.05', min_price: '0.04' }],
  },
  ModelSchema: {
    wire: { id: 'llm-chat', object: 'model', owned_by: 'archipelag', workload_slug: 'llm-chat' },
  },
  StreamEventSchema: {
    wire: { type: 'done', usage, finish_reason: 'stop' },
    variants: [
      { type: 'token', chunk: 'Hi' },
      { type: 'progress', step: 1, total: 30 },
      { type: 'image', image_data: 'aGk=', format: 'png' },
      { type: 'error', error: 'boom' },
      { type: 'status', status: 'running' },
      { type: 'future', x: 1, some_key: { inner_key: 2 } },
    ],
  },
  UsageSchema: { wire: usage },
  ChatResultSchema: {
    wire: { content: 'Hello', job_id: 'job_1', usage, finish_reason: 'stop' },
    variants: [{ content: '', job_id: 'job_2', usage: {} }],
  },
  ImageResultSchema: {
    wire: {
      image_data: 'iVBORw0KGgo=',
      image_format: 'png',
      width: 64,
      height: 64,
      seed: 42,
      job_id: 'job_3',
      usage,
    },
  },
  WorkloadSchema: {
    wire: {
      id: 1,
      name: 'LLM Chat',
      slug: 'llm-chat',
      description: 'Text',
      runtime_type: 'container',
      required_vram_mb: 8000,
      required_ram_mb: 4000,
      price_per_job: 0.01,
      is_enabled: true,
    },
    variants: [{ id: 2, name: 'SDXL', slug: 'sdxl', runtime_type: 'wasm', price_per_job: '0.05' }],
  },
}

/** Exported schemas that are not wire → model codecs (wire shapes and input checks). */
const notModels = new Set(['LlmChatInputSchema', 'SdxlInputSchema'])
const exported = Object.keys(core).filter(
  (name) => name.endsWith('Schema') && !name.endsWith('WireSchema') && !notModels.has(name),
)

describe('every exported model schema round-trips (wire → model → wire)', () => {
  it('has a sample for each exported model schema', () => {
    expect(exported.sort()).toEqual(Object.keys(samples).sort())
  })

  for (const name of exported) {
    it(name, () => {
      const schema = (core as unknown as Record<string, Codec>)[name] as Codec
      const toWire = core.toWire as (schema: unknown, model: unknown) => unknown
      const sample = samples[name]
      expect(sample, `no sample for ${name}`).toBeDefined()
      if (!sample) return
      const model = schema.parse(sample.wire)
      expect(toWire(schema, model)).toEqual(sample.wire)
      // The model's own JSON (a cache, localStorage, a server component's props) parses
      // back to the same model, like pydantic's model_validate(model.model_dump()).
      const own = JSON.parse(JSON.stringify(model))
      expect(schema.parse(own)).toEqual(model)
      expect(toWire(schema, schema.parse(own))).toEqual(sample.wire)
      for (const variant of sample.variants ?? []) {
        const decoded = schema.parse(variant)
        expect(schema.parse(toWire(schema, decoded))).toEqual(decoded)
        expect(schema.parse(JSON.parse(JSON.stringify(decoded)))).toEqual(decoded)
      }
    })
  }
})
