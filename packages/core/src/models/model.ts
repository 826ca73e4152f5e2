import * as z from 'zod/mini'
import { modelCodec, nil } from './wire'

/** A model usable with `chatCompletions.create` (an llm workload). */
export interface Model {
  /** The value for `model`, e.g. `llm-chat`. */
  id: string
  object?: string
  ownedBy?: string
  workloadSlug?: string
  [key: string]: unknown
}

/** Wire shape of {@link Model}. */
export const ModelWireSchema = z.looseObject({
  id: z.string(),
  object: nil(z.string()),
  owned_by: nil(z.string()),
  workload_slug: nil(z.string()),
})

/** Model schema: wire → {@link Model}. */
export const ModelSchema = modelCodec<Model>(ModelWireSchema)
