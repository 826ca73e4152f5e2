import * as z from 'zod/mini'
import { AccountSchema } from '../models/account'
import { ApiKeySchema, CreatedApiKeySchema } from '../models/api-key'
import { BatchSchema, BatchStatusSchema, encodeBatchParams } from '../models/batch'
import {
  type ChatCompletionParams,
  ChatCompletionSchema,
  encodeChatCompletionParams,
} from '../models/chat-completion'
import { HostSchema } from '../models/host'
import { JobSchema } from '../models/job'
import { MarketRateSchema } from '../models/market-rate'
import { ModelSchema } from '../models/model'
import { nil } from '../models/wire'
import { redactorFor } from '../errors/redact'
import { WorkloadSchema } from '../models/workload'
import { chatCompletionChunks } from '../streaming/chat-completion-stream'
import { JobEventStream } from '../streaming/job-stream'
import {
  checkApiKeyParams,
  checkBatchParams,
  checkChatParams,
  checkCreateJob,
  checkId,
  checkListParams,
} from '../validation/params'
import { Http } from './http'
import { isCheckedSpec } from '../models/job-spec'
import { newIdempotencyKey } from './idempotency-key'
import type { RequestOptions, TransportOptions } from './options'
import { resolveOptions } from './resolve-options'
import type { Transport } from './transport'

export type { Transport } from './transport'

const JobList = z.array(JobSchema)
const WorkloadList = z.array(WorkloadSchema)
const ApiKeyList = z.array(ApiKeySchema)
const HostList = z.array(HostSchema)
const RateList = z.array(MarketRateSchema)
const ModelList = z.array(ModelSchema)
const Output = z.codec(z.looseObject({ output: nil(z.string()) }), z.custom<{ output: string }>(), {
  decode: (o) => ({ output: o.output ?? '' }),
  encode: (o) => o,
})
const MaybeApiKey = z.optional(ApiKeySchema)

const seg = (value: unknown, field: string) => encodeURIComponent(checkId(value, field))

/**
 * Creates the typed transport.
 *
 * @example
 * ```ts
 * import { createTransport } from '@archipelag/core'
 *
 * const api = createTransport({ apiKey: process.env.ARCHIPELAG_API_KEY })
 * const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'Hello' } })
 * for await (const event of api.jobs.stream(job.id)) {
 *   if (event.type === 'token') process.stdout.write(event.content)
 * }
 * ```
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const { resolved, authorization, apiKey } = resolveOptions(options)
  const http = new Http(resolved, authorization, redactorFor(apiKey))
  const get = <S extends z.core.$ZodType>(path: string, schema: S, opts?: RequestOptions) =>
    http.json({ method: 'GET', path }, schema, opts)

  const createChat = async (params: ChatCompletionParams, opts?: RequestOptions) => {
    const body = encodeChatCompletionParams(checkChatParams(params))
    const spec = { method: 'POST', path: '/chat/completions', body } as const
    if (!params.stream) return http.json(spec, ChatCompletionSchema, opts)
    const { response } = await http.send({ ...spec, accept: 'text/event-stream' }, opts, true)
    const read = { maxMessageBytes: resolved.maxResponseBytes, redact: http.redact }
    return {
      [Symbol.asyncIterator]: () =>
        chatCompletionChunks(response, opts?.signal ? { ...read, signal: opts.signal } : read),
    }
  }

  const transport: Transport = {
    baseUrl: resolved.baseUrl,
    jobs: {
      create: async (params, opts) => {
        const body = isCheckedSpec(params) ? params : checkCreateJob(params)
        return http.json(
          {
            method: 'POST',
            path: '/jobs',
            body: { workload: body.workload, input: body.input },
            idempotencyKey: opts?.idempotencyKey ?? newIdempotencyKey(),
          },
          JobSchema,
          opts,
        )
      },
      list: async (params, opts) => {
        const p = checkListParams(params)
        let query = ''
        if (p?.limit !== undefined) query += `&limit=${p.limit}`
        if (p?.offset !== undefined) query += `&offset=${p.offset}`
        return get(query ? `/jobs?${query.slice(1)}` : '/jobs', JobList, opts)
      },
      get: async (id, opts) => get(`/jobs/${seg(id, 'id')}`, JobSchema, opts),
      cancel: async (id, opts) =>
        http.json({ method: 'DELETE', path: `/jobs/${seg(id, 'id')}` }, JobSchema, opts),
      output: async (id, opts) => get(`/jobs/${seg(id, 'id')}/output`, Output, opts),
      stream: (id, opts) => new JobEventStream(http, checkId(id, 'id'), opts),
    },
    batches: {
      submit: async (params, opts) =>
        http.json(
          {
            method: 'POST',
            path: '/jobs/batch',
            body: encodeBatchParams(checkBatchParams(params)),
            idempotencyKey: opts?.idempotencyKey ?? newIdempotencyKey(),
          },
          BatchSchema,
          opts,
        ),
      status: async (id, opts) =>
        get(`/jobs/${seg(id, 'id')}/batch-status`, BatchStatusSchema, opts),
    },
    workloads: {
      list: async (opts) => get('/workloads', WorkloadList, opts),
      get: async (slug, opts) => get(`/workloads/${seg(slug, 'slug')}`, WorkloadSchema, opts),
    },
    account: { get: async (opts) => get('/account', AccountSchema, opts) },
    apiKeys: {
      list: async (opts) => get('/api-keys', ApiKeyList, opts),
      create: async (params, opts) =>
        http.json(
          { method: 'POST', path: '/api-keys', body: checkApiKeyParams(params) },
          CreatedApiKeySchema,
          opts,
          'none',
        ),
      delete: async (id, opts) =>
        http.json({ method: 'DELETE', path: `/api-keys/${seg(id, 'id')}` }, MaybeApiKey, opts),
    },
    chatCompletions: { create: createChat } as Transport['chatCompletions'],
    hosts: {
      list: async (opts) => get('/hosts', HostList, opts),
      get: async (id, opts) => get(`/hosts/${seg(id, 'id')}`, HostSchema, opts),
    },
    market: {
      rates: async (opts) => get('/market/rates', RateList, opts),
      rate: async (slug, opts) => get(`/market/rates/${seg(slug, 'slug')}`, MarketRateSchema, opts),
      history: async (slug, opts) => get(`/market/history/${seg(slug, 'slug')}`, RateList, opts),
    },
    models: { list: async (opts) => get('/models', ModelList, opts) },
  }
  return transport
}
