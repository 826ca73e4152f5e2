import * as z from 'zod/mini'
import type { BatchParams } from '../models/batch'
import type { ChatCompletionParams } from '../models/chat-completion'
import { anyObject, bool, list } from '../models/wire'
import { check } from './check'
import { between, integer as isInteger } from './rules'
import { validateJobInput } from './job-input'

/** `.` and `..` would be resolved away by the URL parser (`/jobs/..` is `/`). */
const isIdText = (s: string) => s !== '' && !/[/?#\s]|^\.\.?$/.test(s)

const id = z.string('must be a string').check(z.refine(isIdText, 'must be a valid id'))

/**
 * Checks a resource id (job id, key id, slug): a non-empty string without `/`, `?`, `#` or
 * whitespace, and not `.` or `..`.
 */
export function checkId(value: unknown, field = 'id'): string {
  // Fast path for the common case (every get/cancel/stream call); zod words the error.
  if (typeof value === 'string' && isIdText(value)) return value
  return check(id, value, field)
}

/** One of a few strings (a refinement: `z.enum` adds ~0.3 KB gzipped to a browser bundle). */
const oneOf = (...values: string[]) => {
  const message = `must be ${values.map((v) => `"${v}"`).join(' or ')}`
  return z.string(message).check(z.refine((s: string) => values.includes(s), message))
}

/** A whole number from `min` up, for the query string (the server sets the upper bound). */
const count = (min: number) =>
  z
    .number('must be a number')
    .check(isInteger, between(min, Number.MAX_SAFE_INTEGER, `must be ${min} or more`))

// Loose objects (as everywhere else): only the named fields are read, and `z.object`'s
// stripping would add its own code to a browser bundle.
const listParams = z.optional(
  z.looseObject({
    limit: z.optional(count(1)),
    offset: z.optional(count(0)),
  }),
)

/** Checks `jobs.list` paging arguments. */
export function checkListParams(value: unknown): { limit?: number; offset?: number } | undefined {
  return check(listParams, value)
}

/** Checks `jobs.create` arguments. */
export function checkCreateJob(value: unknown): {
  workload: string
  input: Record<string, unknown>
} {
  const params = check(
    z.looseObject({ workload: z.unknown(), input: z.unknown() }, 'must be an object'),
    value,
  )
  validateJobInput(params.workload as string, params.input)
  return { workload: params.workload, input: params.input } as {
    workload: string
    input: Record<string, unknown>
  }
}

const batchParams = z.looseObject({
  workload: z.string('must be a string'),
  inputs: list(anyObject('must be an object'), 'must be an array').check(
    z.refine((a: unknown[]) => a.length >= 1 && a.length <= 100, 'must have 1 to 100 items'),
  ),
  mergeStrategy: z.optional(oneOf('concat', 'flatten')),
  failMode: z.optional(oneOf('best_effort', 'fail_fast')),
  maxParallelism: z.optional(z.number('must be a number')),
  region: z.optional(z.string('must be a string')),
  bidPrice: z.optional(z.string('must be a decimal string such as "0.02"')),
})

/** Checks `batches.submit` arguments, including each input (`inputs.3.prompt`). */
export function checkBatchParams(value: unknown): BatchParams {
  const params = check(batchParams, value) as BatchParams
  params.inputs.forEach((input, index) => {
    validateJobInput(params.workload, input, `inputs.${index}`)
  })
  return params
}

const chatParams = z.looseObject({
  model: z.string('must be a string'),
  messages: list(
    z.looseObject({ role: z.string('must be a string'), content: z.string('must be a string') }),
    'must be an array',
  ),
  maxTokens: z.optional(z.number('must be a number')),
  temperature: z.optional(z.number('must be a number').check(between(0, 2))),
  stream: z.optional(bool('must be a boolean')),
})

/** Checks `chatCompletions.create` arguments. */
export function checkChatParams(value: unknown): ChatCompletionParams {
  return check(chatParams, value) as ChatCompletionParams
}

const apiKeyParams = z.looseObject({
  name: z.string('must be a string'),
  scopes: z.optional(list(z.string('must be a string'), 'must be an array of strings')),
})

/** Checks `apiKeys.create` arguments. */
export function checkApiKeyParams(value: unknown): { name: string; scopes?: string[] } {
  return check(apiKeyParams, value) as { name: string; scopes?: string[] }
}
