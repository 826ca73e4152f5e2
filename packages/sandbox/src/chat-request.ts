import type { SandboxContext } from './context.js'
import { type FieldErrors, validationError } from './errors.js'
import { addError, checkInput, isObject, type JsonObject } from './validation.js'
import { DEFAULT_CHAT_MODEL, isChatModel, type WorkloadRecord } from './workloads.js'

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer'])

/** A checked `POST /chat/completions` body, as the job it runs. */
export interface ChatRequest {
  /** The language Cargo that runs it (named by `model`). */
  workload: WorkloadRecord
  stream: boolean
  /** The `llm-chat` job input. */
  input: Record<string, unknown>
}

/**
 * The text of an OpenAI message `content`: a string, a list of content parts (the `text` parts are
 * joined; image or audio parts carry no text here) or `null` (an assistant turn with tool calls).
 * Undefined when it is none of those.
 */
function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content
  if (content === null) return ''
  if (!Array.isArray(content)) return undefined
  const texts: string[] = []
  for (const part of content) {
    if (!isObject(part) || typeof part.type !== 'string') return undefined
    if (part.type === 'text') {
      if (typeof part.text !== 'string') return undefined
      texts.push(part.text)
    }
  }
  return texts.join('\n')
}

/** The system text and the conversation text of `messages`, each field's errors added. */
function readMessages(
  messages: unknown,
  errors: FieldErrors,
): { system: string[]; conversation: string[] } {
  const system: string[] = []
  const conversation: string[] = []
  if (!Array.isArray(messages) || messages.length === 0) {
    addError(errors, 'messages', 'must be a non-empty list of {role, content}')
    return { system, conversation }
  }
  messages.forEach((m, i) => {
    const content = isObject(m) ? messageText(m.content) : undefined
    if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) {
      addError(errors, `messages[${i}].role`, `must be one of ${[...ROLES].join(', ')}`)
    } else if (content === undefined) {
      addError(errors, `messages[${i}].content`, 'must be a string or a list of content parts')
    } else if (m.content === null) {
      // an assistant turn that only called tools: no text
    } else if (m.role === 'system' || m.role === 'developer') {
      system.push(content)
    } else {
      conversation.push(content)
    }
  })
  if (Object.keys(errors).length === 0 && conversation.join('').trim() === '') {
    addError(errors, 'messages', 'must contain a non-empty user message')
  }
  return { system, conversation }
}

/** The language Cargo named by `model` (`llm-chat` when absent); only those `GET /models` lists. */
function readModel(
  ctx: SandboxContext,
  value: unknown,
  errors: FieldErrors,
): WorkloadRecord | undefined {
  const model = value === undefined ? DEFAULT_CHAT_MODEL : value
  if (typeof model !== 'string') {
    addError(errors, 'model', 'must be a string')
    return undefined
  }
  const workload = ctx.store.workloads.bySlug(model)
  if (workload && isChatModel(workload)) return workload
  const listed = ctx.store.workloads
    .all()
    .filter(isChatModel)
    .map((w) => w.slug)
  addError(
    errors,
    'model',
    `'${model}' is not a language model; use one GET /models lists: ${listed.join(', ')}`,
  )
  return undefined
}

/** The `llm-chat` input of a chat: the conversation as the prompt, the bounds OpenAI names. */
function chatInput(body: JsonObject, system: string[], conversation: string[]): JsonObject {
  const input: JsonObject = { prompt: conversation.join('\n') }
  if (system.length > 0) input.system_prompt = system.join('\n')
  // OpenAI's newer name for the same bound; `max_tokens` wins when both are sent.
  const maxTokens = body.max_tokens ?? body.max_completion_tokens
  if (maxTokens !== undefined && maxTokens !== null) input.max_tokens = maxTokens
  if (body.temperature !== undefined && body.temperature !== null) {
    input.temperature = body.temperature
  }
  return input
}

/**
 * Checks an OpenAI chat completion body and turns it into the job it runs; throws a 422 naming
 * every invalid field (`messages[1].role`, `model`, `temperature`…).
 */
export function parseChatRequest(ctx: SandboxContext, body: unknown): ChatRequest {
  const errors: FieldErrors = {}
  if (!isObject(body)) throw validationError({ messages: ['is required'] })
  const { system, conversation } = readMessages(body.messages, errors)
  const workload = readModel(ctx, body.model, errors)
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    addError(errors, 'stream', 'must be a boolean')
  }
  const input = chatInput(body, system, conversation)
  if (Object.keys(errors).length === 0) {
    for (const [field, list] of Object.entries(checkInput('llm', input, 'input'))) {
      if (field !== 'input.prompt') errors[field.replace(/^input\./, '')] = list
    }
  }
  if (!workload || Object.keys(errors).length > 0) throw validationError(errors)
  return { workload, stream: body.stream === true, input }
}
