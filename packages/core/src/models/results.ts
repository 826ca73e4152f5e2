import * as z from 'zod/mini'
import { fixUsage, type Usage, UsageWireSchema } from './usage'
import { modelCodec, nil } from './wire'

/** The result of a finished chat job. */
export interface ChatResult {
  content: string
  jobId: string
  usage: Usage
  /** `stop`, or `length` when `maxTokens` cut the answer short. */
  finishReason?: string
}

/** The result of a finished image job. */
export interface ImageResult {
  /** Base64 image bytes. */
  imageData: string
  /** `png`, … */
  imageFormat: string
  width: number
  height: number
  seed?: number
  jobId: string
  usage?: Usage
}

/** Wire (snake_case) shape of {@link ChatResult}: the seed SDK's `model_dump()`. */
export const ChatResultWireSchema = z.looseObject({
  content: z.string(),
  job_id: z.string(),
  usage: UsageWireSchema,
  finish_reason: nil(z.string()),
})

/**
 * ChatResult schema: `ChatResultSchema.parse(value)` takes the snake_case form or a
 * result's own JSON; `toWire(ChatResultSchema, result)` gives the snake_case form.
 */
export const ChatResultSchema = modelCodec<ChatResult, typeof ChatResultWireSchema>(
  ChatResultWireSchema,
  (result) => {
    fixUsage(result.usage)
    return result
  },
)

/** Wire (snake_case) shape of {@link ImageResult}: the seed SDK's `model_dump()`. */
export const ImageResultWireSchema = z.looseObject({
  image_data: z.string(),
  image_format: z.string(),
  width: z.number(),
  height: z.number(),
  seed: nil(z.number()),
  job_id: z.string(),
  usage: nil(UsageWireSchema),
})

/**
 * ImageResult schema: `ImageResultSchema.parse(value)` takes the snake_case form or a
 * result's own JSON; `toWire(ImageResultSchema, image)` gives the snake_case form.
 */
export const ImageResultSchema = modelCodec<ImageResult, typeof ImageResultWireSchema>(
  ImageResultWireSchema,
  (image) => {
    if (image.usage) fixUsage(image.usage)
    return image
  },
)
