import * as z from 'zod/mini'
import { BatchSchema, BatchStatusSchema, encodeBatchParams } from '../models/batch'
import {
  type ChatCompletionParams,
  ChatCompletionSchema,
  encodeChatCompletionParams,
} from '../models/chat-completion'
import { JobSchema } from '../models/job'
import { isCheckedSpec } from '../models/job-spec'
import { list, nil } from '../models/wire'
import { chatCompletionChunks } from '../streaming/chat-completion-stream'
import { JobEventStream } from '../streaming/job-stream'
import { ownSignal } from '../runtime/signals'
import {
  checkBatchParams,
  checkChatParams,
  checkCreateJob,
  checkId,
  checkListParams,
} from '../validation/params'
import type { Http } from './http'
import { newIdempotencyKey } from './idempotency-key'
import type { RequestOptions } from './options'
import type { Transport } from './transport'

const JobList = list(JobSchema)
const Output = z.codec(z.looseObject({ output: nil(z.string()) }), z.custom<{ output: string }>(), {
  decode: (o) => ({ output: o.output ?? '' }),
  encode: (o) => o,
})

/** A checked id as one encoded path segment. */
export const seg = (value: unknown, field: string) => encodeURIComponent(checkId(value, field))

/** `jobs.*`: every argument checked before any I/O; creation carries one idempotency key. */
export function jobEndpoints(http: Http): Transport['jobs'] {
  return {
    create: async (params, opts) => {
      const body = isCheckedSpec(params) ? params : checkCreateJob(params)
      return http.json(
        {
          method: 'POST',
          path: '/jobs',
          body: { workload: body.workload, input: body.input },
          idempotencyKey: newIdempotencyKey(), // a caller's own key wins (`Http.send`)
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
      return http.get(query ? `/jobs?${query.slice(1)}` : '/jobs', JobList, opts)
    },
    get: async (id, opts) => http.get(`/jobs/${seg(id, 'id')}`, JobSchema, opts),
    cancel: async (id, opts) =>
      http.json({ method: 'DELETE', path: `/jobs/${seg(id, 'id')}` }, JobSchema, opts),
    output: async (id, opts) => http.get(`/jobs/${seg(id, 'id')}/output`, Output, opts),
    stream: (id, opts) => new JobEventStream(http, checkId(id, 'id'), opts),
  }
}

/** `batches.*`: a server-side fan-out, submitted with one idempotency key. */
export function batchEndpoints(http: Http): Transport['batches'] {
  return {
    submit: async (params, opts) =>
      http.json(
        {
          method: 'POST',
          path: '/jobs/batch',
          body: encodeBatchParams(checkBatchParams(params)),
          idempotencyKey: newIdempotencyKey(), // a caller's own key wins (`Http.send`)
        },
        BatchSchema,
        opts,
      ),
    status: async (id, opts) =>
      http.get(`/jobs/${seg(id, 'id')}/batch-status`, BatchStatusSchema, opts),
  }
}

/** `chatCompletions.create`: one completion, or its chunks as an async iterable. */
export function chatEndpoints(http: Http): Transport['chatCompletions'] {
  const create = async (params: ChatCompletionParams, opts?: RequestOptions) => {
    const body = encodeChatCompletionParams(checkChatParams(params))
    const spec = { method: 'POST', path: '/chat/completions', body } as const
    if (!params.stream) return http.json(spec, ChatCompletionSchema, opts)
    // Not the caller's signal itself: ky joins a stream's to its own with `AbortSignal.any`,
    // which on Node 20 leaves a record on it per call, never freed. This call's own follows
    // it (one listener however many streams share it), let go once the chunks end.
    const { signal, release } = ownSignal(opts?.signal)
    const sent = http.send({ ...spec, accept: 'text/event-stream' }, { ...opts, signal }, true)
    const { response } = await sent.catch((error: unknown) => {
      release()
      throw error
    })
    const read = { maxMessageBytes: http.options.maxResponseBytes, redact: http.redact, signal }
    return {
      [Symbol.asyncIterator]: () => releasing(chatCompletionChunks(response, read), release),
    }
  }
  return { create } as Transport['chatCompletions']
}

/** `chunks`, then `release()` once they end (read to the end, broken out of, or failed). */
async function* releasing<T>(chunks: AsyncGenerator<T, void, undefined>, release: () => void) {
  try {
    yield* chunks
  } finally {
    release()
  }
}
