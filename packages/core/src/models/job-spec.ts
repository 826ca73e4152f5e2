import { checkCreateJob } from '../validation/params'
import { snakeize } from './wire'

/** A job to create: a workload and its input (input keys as on the wire: `max_tokens`…). */
export interface JobSpec {
  workload: string
  input: Record<string, unknown>
}

/** A chat job's input options, in camelCase (`llm-chat` family). */
export interface ChatInput {
  /** A system prompt steering the model. */
  systemPrompt?: string
  /** Upper bound on generated tokens. */
  maxTokens?: number
  /** Sampling temperature, 0–2. */
  temperature?: number
}

/** An image job's input options, in camelCase (`sdxl`). */
export interface ImageInput {
  negativePrompt?: string
  /** Pixels. Default 1024. */
  width?: number
  /** Pixels. Default 1024. */
  height?: number
  /** Diffusion steps. Default 30. */
  steps?: number
  /** Default 7.5. */
  guidanceScale?: number
  /** Fix it to get the same image again. */
  seed?: number
}

/** Specs already checked by {@link jobSpec}: `jobs.create` does not check them again. */
const checked = new WeakSet<object>()

/**
 * A checked job spec: validated now (a `ValidationError` naming the field, before any
 * I/O), and not validated again when passed to `jobs.create`.
 *
 * @example
 * ```ts
 * const spec = jobSpec('llm-chat', { prompt: 'Hello', max_tokens: 50 })
 * const job = await transport.jobs.create(spec)
 * ```
 */
export function jobSpec(workload: string, input: Record<string, unknown>): JobSpec {
  const spec = checkCreateJob({ workload, input })
  checked.add(spec)
  return spec
}

/** Whether `spec` came from {@link jobSpec} (and so needs no second check). */
export function isCheckedSpec(spec: unknown): spec is JobSpec {
  return checked.has(spec as object) // false for anything not an object (WeakSet never throws in `has`)
}

/**
 * The checked spec of a chat job: the prompt and camelCase options as the `llm-chat`
 * input (`systemPrompt` → `system_prompt`…).
 *
 * @example
 * ```ts
 * await transport.jobs.create(chatJob('Hello', { maxTokens: 50 }))
 * ```
 */
export function chatJob(prompt: string, options: ChatInput & { workload?: string } = {}): JobSpec {
  const { systemPrompt, maxTokens, temperature } = options
  const input = snakeize({ prompt, systemPrompt, maxTokens, temperature })
  return jobSpec(options.workload ?? 'llm-chat', input as Record<string, unknown>)
}

/**
 * The checked spec of an image job: the prompt and camelCase options as the `sdxl` input.
 *
 * @example
 * ```ts
 * await transport.jobs.create(imageJob('a lighthouse', { width: 512, seed: 7 }))
 * ```
 */
export function imageJob(
  prompt: string,
  options: ImageInput & { workload?: string } = {},
): JobSpec {
  const { negativePrompt, width, height, steps, guidanceScale, seed } = options
  const input = snakeize({ prompt, negativePrompt, width, height, steps, guidanceScale, seed })
  return jobSpec(options.workload ?? 'sdxl', input as Record<string, unknown>)
}
