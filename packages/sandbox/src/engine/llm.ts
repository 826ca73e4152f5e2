import { createRandom, hashString } from './prng.js'

/** The input fields that determine an `llm-chat` answer. */
export interface LlmInput {
  prompt: string
  system_prompt?: string | undefined
  max_tokens?: number | undefined
  temperature?: number | undefined
}

/** A planned answer: its tokens and why it ends. */
export interface LlmPlan {
  tokens: string[]
  finishReason: 'stop' | 'length'
  promptTokens: number
}

const WORDS = (
  'island cargo harbor tide compass lantern signal beacon current drift anchor reef ' +
  'the a of and to in with across under over near beyond through quietly brightly ' +
  'model answer token stream question idea result detail example reason pattern ' +
  'simple careful steady useful clear gentle rapid distant local shared open ' +
  'runs builds carries returns shows explains measures keeps finds maps sends ' +
  'every each some many few most our your this that these those ' +
  'network worker market credit queue host region job batch image prompt'
).split(' ')

/** Roughly one prompt token per word, at least one. */
export function countPromptTokens(input: LlmInput): number {
  const text = `${input.system_prompt ?? ''} ${input.prompt}`.trim()
  return Math.max(1, text.split(/\s+/).filter(Boolean).length)
}

/** `[sandbox:tokens=N]` in a prompt: an answer of N tokens (1 to 100 000), for load tests. */
const LENGTH_MARKER = /\[sandbox:tokens=(\d{1,6})\]/
const MAX_FORCED_TOKENS = 100_000

/**
 * The deterministic answer of the simulated language model: 12 to 48 words (the same for the same
 * prompt, system prompt and temperature), or N with `[sandbox:tokens=N]` in the prompt, cut to
 * `max_tokens` when that is lower. Tokens are words with a leading space, except the first.
 */
export function planAnswer(input: LlmInput): LlmPlan {
  const seed = hashString(
    JSON.stringify([input.prompt, input.system_prompt ?? '', input.temperature ?? 1]),
  )
  const random = createRandom(seed)
  const forced = LENGTH_MARKER.exec(input.prompt)
  const drawn = 12 + Math.floor(random() * 37)
  const natural = forced ? Math.min(Math.max(Number(forced[1]), 1), MAX_FORCED_TOKENS) : drawn
  const limit = input.max_tokens ?? Number.POSITIVE_INFINITY
  const count = Math.min(natural, limit)
  const tokens: string[] = []
  let capitalise = true
  for (let i = 0; i < count; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)] ?? 'island'
    if (capitalise) word = word.charAt(0).toUpperCase() + word.slice(1)
    capitalise = false
    const last = i === natural - 1
    if (last || (i > 3 && random() < 0.12)) {
      word += '.'
      capitalise = true
    } else if (random() < 0.06) {
      word += ','
    }
    tokens.push(i === 0 ? word : ` ${word}`)
  }
  return {
    tokens,
    finishReason: natural > limit ? 'length' : 'stop',
    promptTokens: countPromptTokens(input),
  }
}
