import * as z from 'zod/mini'
import { anyObject } from '../models/wire'
import { check } from './check'
import { between, integer, matches } from './rules'

const prompt = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .check(z.refine((s: string) => s.trim().length > 0, 'must not be empty'))
const optionalString = z.optional(z.string('must be a string'))
const int = (min: number, max: number) =>
  z.number('must be a number').check(integer, between(min, max))
// One rule, one message that says what is accepted (1000 fails: not a multiple of 64).
const dimension = z.optional(
  z
    .number('must be a number')
    .check(
      z.refine(
        (n: number) => n % 64 === 0 && n >= 256 && n <= 2048,
        'must be a multiple of 64 between 256 and 2048',
      ),
    ),
)

/** Input of the `llm-chat` family of workloads. */
export const LlmChatInputSchema = z.looseObject({
  prompt,
  system_prompt: optionalString,
  max_tokens: z.optional(int(1, 32_768)),
  temperature: z.optional(z.number('must be a number').check(between(0, 2))),
})

/** Input of the `sdxl` workload. */
export const SdxlInputSchema = z.looseObject({
  prompt,
  negative_prompt: optionalString,
  width: dimension,
  height: dimension,
  steps: z.optional(int(1, 150)),
  guidance_scale: z.optional(z.number('must be a number').check(between(0, 50))),
  seed: z.optional(int(0, 4_294_967_295)),
})

const INPUT_SCHEMAS: Record<string, z.ZodMiniType> = {
  'llm-chat': LlmChatInputSchema,
  'llm-chat-large': LlmChatInputSchema,
  sdxl: SdxlInputSchema,
}

const workloadSchema = z
  .string('must be a string')
  .check(matches(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a workload slug such as "llm-chat"'))
const inputSchema = anyObject('must be an object')

/**
 * Checks a job's input before it is sent, for the well-known workloads (`llm-chat`,
 * `llm-chat-large`, `sdxl`); other workloads only need an object. Throws a
 * `ValidationError` naming the field (`input.temperature`, `input.width`, …).
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
