import * as z from 'zod/mini'
import { anyObject } from '../models/wire'
import { check } from './check'
import { between } from './rules'

// Types, required fields, and the bounds WIRE.md states (temperature 0–2): everything
// else — a size the Islands cannot paint, a step count, a token budget — is the server's
// call, and its 422 names the field just as clearly. (A blank prompt is a missing one.)
const prompt = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .check(z.refine((s: string) => s.trim().length > 0, 'must not be empty'))
const optionalString = z.optional(z.string('must be a string'))
const optionalNumber = z.optional(z.number('must be a number'))

/** Input of the `llm-chat` family of workloads. */
export const LlmChatInputSchema = z.looseObject({
  prompt,
  system_prompt: optionalString,
  max_tokens: optionalNumber,
  temperature: z.optional(z.number('must be a number').check(between(0, 2))),
})

/** Input of the `sdxl` workload. */
export const SdxlInputSchema = z.looseObject({
  prompt,
  negative_prompt: optionalString,
  width: optionalNumber,
  height: optionalNumber,
  steps: optionalNumber,
  guidance_scale: optionalNumber,
  seed: optionalNumber,
})

const INPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  'llm-chat': LlmChatInputSchema,
  'llm-chat-large': LlmChatInputSchema,
  sdxl: SdxlInputSchema,
}

const workloadSchema = z
  .string('must be a string')
  .check(z.refine((s: string) => s.trim().length > 0, 'must name a workload, e.g. "llm-chat"'))
const inputSchema = anyObject('must be an object')

/**
 * Checks a job's input before it is sent: the types of the well-known workloads' fields
 * (`llm-chat`, `llm-chat-large`, `sdxl`) and the bounds the API contract states; other
 * workloads only need an object. Throws a `ValidationError` naming the field
 * (`input.temperature`, `input.width`, …). Business rules (sizes, step counts, token
 * budgets) are left to the server, whose 422 names the field too.
 *
 * @example
 * ```ts
 * validateJobInput('llm-chat', { prompt: 'Hello', temperature: 3 })
 * // throws ValidationError: Invalid argument: input.temperature must be between 0 and 2
 * ```
 */
export function validateJobInput(workload: string, input: unknown, prefix = 'input'): void {
  check(workloadSchema, workload, 'workload')
  check(inputSchema, input, prefix)
  const schema = INPUT_SCHEMAS[workload]
  if (schema) check(schema, input, prefix)
}
