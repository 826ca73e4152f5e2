import * as z from 'zod/mini'
import { camelize, modelCodec, nil, snakeize } from './wire'

/** A chat message of the OpenAI-compatible endpoint. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | (string & {})
  content: string
}

/** Arguments of `chatCompletions.create`. */
export interface ChatCompletionParams {
  /** An llm workload slug, e.g. `llm-chat` (see `models.list()`). */
  model: string
  messages: ChatMessage[]
  maxTokens?: number
  /** 0–2. */
  temperature?: number
  stream?: boolean
}

/** Token counts of a chat completion. */
export interface ChatCompletionUsage {
  promptTokens?: number
  completionTokens?: number
  totalTokens?: number
  [key: string]: unknown
}

/** An OpenAI-style chat completion (camelCase). */
export interface ChatCompletion {
  id: string
  object: string
  created: number
  model: string
  choices: {
    index: number
    message: { role: string; content: string; [key: string]: unknown }
    finishReason?: string
    [key: string]: unknown
  }[]
  usage?: ChatCompletionUsage
  [key: string]: unknown
}

/** One streamed piece of a chat completion. */
export interface ChatCompletionChunk {
  id: string
  object: string
  created: number
  model: string
  choices: {
    index: number
    delta: { role?: string; content?: string; [key: string]: unknown }
    finishReason?: string
    [key: string]: unknown
  }[]
  [key: string]: unknown
}

const UsageWire = z.looseObject({
  prompt_tokens: nil(z.number()),
  completion_tokens: nil(z.number()),
  total_tokens: nil(z.number()),
})

/** Wire shape of {@link ChatCompletion}. */
export const ChatCompletionWireSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      message: z.looseObject({ role: z.string(), content: nil(z.string()) }),
      finish_reason: nil(z.string()),
    }),
  ),
  usage: nil(UsageWire),
})

/** ChatCompletion schema: wire → {@link ChatCompletion}. */
export const ChatCompletionSchema = modelCodec(
  ChatCompletionWireSchema,
  (wire) => {
    const completion = camelize(wire) as ChatCompletion
    completion.choices = wire.choices.map((choice) => {
      const out = camelize(choice) as ChatCompletion['choices'][number]
      out.message = { ...choice.message, content: choice.message.content ?? '' }
      return out
    })
    if (wire.usage) completion.usage = camelize(wire.usage)
    return completion
  },
  (completion) => {
    const wire = snakeize(completion)
    wire.choices = completion.choices.map((choice) => snakeize(choice))
    if (completion.usage) wire.usage = snakeize(completion.usage)
    return wire as z.input<typeof ChatCompletionWireSchema>
  },
)

/** Wire shape of {@link ChatCompletionChunk}. */
export const ChatCompletionChunkWireSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      delta: z.looseObject({ role: nil(z.string()), content: nil(z.string()) }),
      finish_reason: nil(z.string()),
    }),
  ),
})

/** ChatCompletionChunk schema: wire → {@link ChatCompletionChunk}. */
export const ChatCompletionChunkSchema = modelCodec(
  ChatCompletionChunkWireSchema,
  (wire) => {
    const chunk = camelize(wire) as ChatCompletionChunk
    chunk.choices = wire.choices.map((choice) => {
      const out = camelize(choice) as ChatCompletionChunk['choices'][number]
      out.delta = camelize(choice.delta)
      return out
    })
    return chunk
  },
  (chunk) => {
    const wire = snakeize(chunk)
    wire.choices = chunk.choices.map((choice) => snakeize(choice))
    return wire as z.input<typeof ChatCompletionChunkWireSchema>
  },
)

/** ChatCompletionParams → the `POST /chat/completions` body. */
export function encodeChatCompletionParams(params: ChatCompletionParams): Record<string, unknown> {
  return snakeize({ ...params, stream: params.stream === true })
}
