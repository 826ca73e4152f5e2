import * as z from 'zod/mini'
import { list, modelCodec, nil, snakeize } from './wire'

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
  choices: list(
    z.looseObject({
      index: z.number(),
      message: z.looseObject({ role: z.string(), content: nil(z.string()) }),
      finish_reason: nil(z.string()),
    }),
  ),
  usage: nil(UsageWire),
})

/** ChatCompletion schema: wire → {@link ChatCompletion}. */
export const ChatCompletionSchema = modelCodec<ChatCompletion>(
  ChatCompletionWireSchema,
  (completion) => {
    for (const choice of completion.choices) choice.message.content ??= ''
    return completion
  },
)

/** Wire shape of {@link ChatCompletionChunk}. */
export const ChatCompletionChunkWireSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: list(
    z.looseObject({
      index: z.number(),
      delta: z.looseObject({ role: nil(z.string()), content: nil(z.string()) }),
      finish_reason: nil(z.string()),
    }),
  ),
})

/** ChatCompletionChunk schema: wire → {@link ChatCompletionChunk}. */
export const ChatCompletionChunkSchema = modelCodec<ChatCompletionChunk>(
  ChatCompletionChunkWireSchema,
)

/** ChatCompletionParams → the `POST /chat/completions` body. */
export function encodeChatCompletionParams(params: ChatCompletionParams): Record<string, unknown> {
  return snakeize({ ...params, stream: params.stream === true }) as Record<string, unknown>
}
