import * as z from 'zod/mini'
import { redactorFor } from '../errors/redact'
import { AccountSchema } from '../models/account'
import { ApiKeySchema, CreatedApiKeySchema } from '../models/api-key'
import { HostSchema } from '../models/host'
import { MarketRateSchema } from '../models/market-rate'
import { ModelSchema } from '../models/model'
import { list } from '../models/wire'
import { WorkloadSchema } from '../models/workload'
import { checkApiKeyParams } from '../validation/params'
import { Http } from './http'
import { batchEndpoints, chatEndpoints, jobEndpoints, seg } from './job-endpoints'
import type { TransportOptions } from './options'
import { resolveOptions } from './resolve-options'
import type { Transport } from './transport'

export type { Transport } from './transport'

const WorkloadList = list(WorkloadSchema)
const ApiKeyList = list(ApiKeySchema)
const HostList = list(HostSchema)
const RateList = list(MarketRateSchema)
const ModelList = list(ModelSchema)
const MaybeApiKey = z.optional(ApiKeySchema)

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
  return {
    baseUrl: resolved.baseUrl,
    jobs: jobEndpoints(http),
    batches: batchEndpoints(http),
    chatCompletions: chatEndpoints(http),
    ...accountEndpoints(http),
    ...catalogueEndpoints(http),
  }
}

/** The account, its keys. */
function accountEndpoints(http: Http): Pick<Transport, 'account' | 'apiKeys'> {
  return {
    account: { get: async (opts) => http.get('/account', AccountSchema, opts) },
    apiKeys: {
      list: async (opts) => http.get('/api-keys', ApiKeyList, opts),
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
  }
}

/** What is on offer: Cargos, Islands, prices, chat models (all read-only). */
function catalogueEndpoints(
  http: Http,
): Pick<Transport, 'workloads' | 'hosts' | 'market' | 'models'> {
  return {
    workloads: {
      list: async (opts) => http.get('/workloads', WorkloadList, opts),
      get: async (slug, opts) => http.get(`/workloads/${seg(slug, 'slug')}`, WorkloadSchema, opts),
    },
    hosts: {
      list: async (opts) => http.get('/hosts', HostList, opts),
      get: async (id, opts) => http.get(`/hosts/${seg(id, 'id')}`, HostSchema, opts),
    },
    market: {
      rates: async (opts) => http.get('/market/rates', RateList, opts),
      rate: async (slug, opts) =>
        http.get(`/market/rates/${seg(slug, 'slug')}`, MarketRateSchema, opts),
      history: async (slug, opts) =>
        http.get(`/market/history/${seg(slug, 'slug')}`, RateList, opts),
    },
    models: { list: async (opts) => http.get('/models', ModelList, opts) },
  }
}
