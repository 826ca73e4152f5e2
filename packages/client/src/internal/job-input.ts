import { invalidArgument } from './errors'

/** Option name → wire input key, for `chat`/`chatStream`. */
export const CHAT_INPUT_KEYS = {
  systemPrompt: 'system_prompt',
  maxTokens: 'max_tokens',
  temperature: 'temperature',
} as const

/** Option name → wire input key, for `generateImage`. */
export const IMAGE_INPUT_KEYS = {
  negativePrompt: 'negative_prompt',
  width: 'width',
  height: 'height',
  steps: 'steps',
  guidanceScale: 'guidance_scale',
  seed: 'seed',
} as const

/**
 * Builds a job input from a prompt and camelCase options (the wire keys of the
 * well-known workloads' inputs; job inputs stay in wire form everywhere).
 */
export function jobInput(
  prompt: string,
  options: object,
  keys: Readonly<Record<string, string>>,
): Record<string, unknown> {
  if (typeof prompt !== 'string' || prompt.length === 0) {
    throw invalidArgument('prompt', 'must be a non-empty string')
  }
  const input: Record<string, unknown> = { prompt }
  for (const [from, to] of Object.entries(keys)) {
    const value = (options as Record<string, unknown>)[from]
    if (value !== undefined) input[to] = value
  }
  return input
}
