import * as z from 'zod/mini'
import { camelize, modelCodec, nil, snakeize } from './wire'

/** Token counts and credits of a finished job. */
export interface Usage {
  promptTokens?: number
  completionTokens?: number
  totalTokens?: number
  /** Credits charged for the job. */
  creditsUsed: number
  [key: string]: unknown
}

/** Wire shape of {@link Usage}. */
export const UsageWireSchema = z.looseObject({
  prompt_tokens: nil(z.number()),
  completion_tokens: nil(z.number()),
  total_tokens: nil(z.number()),
  credits_used: nil(z.number()),
})

/** Wire → {@link Usage}, in one place (fast path also used by the stream decoder). */
export function decodeUsage(wire: Record<string, unknown>): Usage {
  const usage = camelize(wire) as Usage
  if (typeof usage.creditsUsed !== 'number') usage.creditsUsed = 0
  return usage
}

/** Usage schema: `UsageSchema.parse(wire)` gives a camelCase {@link Usage}. */
export const UsageSchema = modelCodec(UsageWireSchema, decodeUsage, (usage) => snakeize(usage))
