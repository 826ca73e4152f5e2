import * as z from 'zod/mini'
import { modelCodec, nil } from './wire'

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

/** Defaults of a decoded usage (a server may omit `credits_used`). */
export function fixUsage(usage: Usage): Usage {
  if (typeof usage.creditsUsed !== 'number') usage.creditsUsed = 0
  return usage
}

/** Usage schema: `UsageSchema.parse(wire)` gives a camelCase {@link Usage}. */
export const UsageSchema = modelCodec<Usage>(UsageWireSchema, fixUsage)
