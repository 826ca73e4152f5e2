import { Hono } from 'hono'
import { requireScope } from '../auth.js'
import { readJson } from '../body.js'
import type { AppEnv, SandboxContext } from '../context.js'
import type { JobRow } from '../db/job-table.js'
import { TERMINAL_STATUSES } from '../engine/job-status.js'
import type { PublishedEvent } from '../engine/hub.js'
import { ApiError, type FieldErrors, validationError } from '../errors.js'
import { newId } from '../ids.js'
import { assertAffordable } from '../job-creation.js'
import { SseStream } from '../sse.js'
import { addError, checkInput, isObject } from '../validation.js'
import { DEFAULT_CHAT_MODEL, isChatModel } from '../workloads.js'

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer'])

interface ChatRequest {
  model: string
  stream: boolean
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

function parseChat(ctx: SandboxContext, body: unknown): ChatRequest {
  const errors: FieldErrors = {}
  if (!isObject(body)) throw validationError({ messages: ['is required'] })
  const messages = body.messages
  const system: string[] = []
  const conversation: string[] = []
  if (!Array.isArray(messages) || messages.length === 0) {
    addError(errors, 'messages', 'must be a non-empty list of {role, content}')
  } else {
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
  }
  const model = body.model === undefined ? DEFAULT_CHAT_MODEL : body.model
  if (typeof model !== 'string') {
    addError(errors, 'model', 'must be a string')
  } else {
    const workload = ctx.store.workloads.bySlug(model)
    if (!workload || !isChatModel(workload)) {
      const listed = ctx.store.workloads
        .all()
        .filter(isChatModel)
        .map((w) => w.slug)
      addError(
        errors,
        'model',
        `'${model}' is not a language model; use one GET /models lists: ${listed.join(', ')}`,
      )
    }
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    addError(errors, 'stream', 'must be a boolean')
  }
  const input: Record<string, unknown> = { prompt: conversation.join('\n') }
  if (system.length > 0) input.system_prompt = system.join('\n')
  // OpenAI's newer name for the same bound; `max_tokens` wins when both are sent.
  const maxTokens = body.max_tokens ?? body.max_completion_tokens
  if (maxTokens !== undefined && maxTokens !== null) input.max_tokens = maxTokens
  if (body.temperature !== undefined && body.temperature !== null)
    input.temperature = body.temperature
  if (Object.keys(errors).length === 0) {
    for (const [field, list] of Object.entries(checkInput('llm', input, 'input'))) {
      if (field !== 'input.prompt') errors[field.replace(/^input\./, '')] = list
    }
  }
  if (Object.keys(errors).length > 0) throw validationError(errors)
  return { model: model as string, stream: body.stream === true, input }
}

function waitForEnd(ctx: SandboxContext, jobId: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | undefined
    let settled = false
    const done = () => {
      if (settled) return
      settled = true
      unsubscribe?.()
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = () => {
      ctx.engine.cancel(jobId)
      done()
    }
    unsubscribe = ctx.hub.subscribe(jobId, { event: () => {}, end: done })
    const job = ctx.store.jobs.get(jobId)
    if (!job || TERMINAL_STATUSES.has(job.status) || ctx.closing()) done()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * `POST /chat/completions`: OpenAI-compatible; runs (and charges) a real job of the language Cargo
 * named by `model` (one `GET /models` lists; `llm-chat` by default, anything else is a 422).
 */
export function chatRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.post('/chat/completions', requireScope('jobs:write'), async (c) => {
    const request = parseChat(ctx, await readJson(c))
    const workload = ctx.store.workloads.bySlug(request.model)
    if (!workload) throw new ApiError('internal_error', 'llm-chat workload missing')
    const { accountId } = c.get('caller')
    const job = ctx.store.tx(() => {
      assertAffordable(ctx, accountId, workload.price_micro)
      return ctx.engine.insertJob(accountId, workload, request.input)
    })
    ctx.engine.enqueue(job)
    const id = newId('chatcmpl')
    const created = Math.floor(Date.parse(job.created_at) / 1000)
    const base = { id, created, model: request.model }

    if (!request.stream) {
      await waitForEnd(ctx, job.id, c.req.raw.signal)
      const done = ctx.store.jobs.get(job.id) as JobRow
      if (done.status !== 'completed') {
        throw new ApiError('job_failed', done.error ?? `The job ended ${done.status}`, {
          job_id: done.id,
        })
      }
      const usage = JSON.parse(done.usage ?? '{}') as Record<string, number>
      const doneEvent = ctx.store.events.after(done.id, 0).find((e) => e.type === 'done')
      const finish = doneEvent
        ? ((JSON.parse(doneEvent.data) as { finish_reason?: string }).finish_reason ?? 'stop')
        : 'stop'
      return c.json({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: done.output ?? '' },
            finish_reason: finish,
          },
        ],
        usage: {
          prompt_tokens: usage.prompt_tokens ?? 0,
          completion_tokens: usage.completion_tokens ?? 0,
          total_tokens: usage.total_tokens ?? 0,
        },
        job_id: done.id,
      })
    }

    const chunk = (delta: Record<string, string>, finish: string | null, extra = {}) =>
      `data: ${JSON.stringify({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...extra,
      })}\n\n`
    let unsubscribe: (() => void) | undefined
    let forgetKey: (() => void) | undefined
    let lastSeq = 0
    const stream = new SseStream({
      bindings: c.env ?? {},
      retryMs: undefined,
      keepAliveMs: ctx.options.keepAliveMs,
      cutAfter: ctx.faults.streamCutAfter,
      headers: { 'x-archipelag-job-id': job.id },
      onStart: (s) => {
        forgetKey = ctx.keyStreams.add(c.get('caller').keyId, () => s.close())
        s.event(chunk({ role: 'assistant', content: '' }, null))
        const handle = (event: Pick<PublishedEvent, 'seq' | 'type' | 'data'>) => {
          if (event.seq <= lastSeq || s.closed) return
          lastSeq = event.seq
          const data = JSON.parse(event.data) as Record<string, unknown>
          if (event.type === 'token') {
            s.event(chunk({ content: String(data.content ?? '') }, null))
          } else if (event.type === 'done') {
            const usage = data.usage as Record<string, number>
            s.event(
              chunk({}, String(data.finish_reason ?? 'stop'), {
                usage: {
                  prompt_tokens: usage.prompt_tokens ?? 0,
                  completion_tokens: usage.completion_tokens ?? 0,
                  total_tokens: usage.total_tokens ?? 0,
                },
              }),
            )
            s.event('data: [DONE]\n\n')
            s.close()
          } else if (event.type === 'error') {
            s.event(
              `data: ${JSON.stringify({ error: { message: String(data.error), code: 'job_failed' } })}\n\n`,
            )
            s.close()
          } else if (event.type === 'status' && data.status === 'cancelled') {
            s.close()
          }
        }
        for (const row of ctx.log.after(job.id, 0)) handle(row)
        if (s.closed) return
        unsubscribe = ctx.hub.subscribe(job.id, { event: handle, end: () => s.close() })
      },
      onEnd: () => {
        unsubscribe?.()
        forgetKey?.()
        ctx.engine.cancel(job.id)
      },
    })
    return stream.response
  })
  return app
}
