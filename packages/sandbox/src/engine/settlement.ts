import type { JobRow } from '../db/job-table.js'
import { MICRO } from '../money.js'
import type { WorkloadRecord } from '../workloads.js'
import type { JobEvent } from './event-log.js'
import { FAILED_STATUSES } from './job-status.js'
import type { JobRun } from './job-run.js'
import { countPromptTokens, type LlmInput } from './llm.js'

/** The fields that end a job. */
export interface FinishFields {
  output?: string
  error?: string
  finishReason?: 'stop' | 'length'
  /** Overrides the computed usage (batch parents sum their children). */
  usage?: Record<string, number>
}

/** What ending a job settles: the refund due, the charge kept, its usage and its stored output. */
export interface Settlement {
  refund: number
  charged: number
  usage: Record<string, number>
  output: string | undefined
}

/**
 * Settles a job that ends with `status`: failed and timed-out jobs, and jobs cancelled before they
 * ran, are refunded; a job cancelled while running is charged. Language jobs count their tokens.
 */
export function settle(
  current: JobRow,
  status: string,
  fields: FinishFields,
  run: JobRun | undefined,
  workload: WorkloadRecord | undefined,
): Settlement {
  const wasRunning = current.status === 'running'
  const refund =
    FAILED_STATUSES.has(status) || (status === 'cancelled' && !wasRunning)
      ? current.charged_micro
      : 0
  const charged = current.charged_micro - refund
  const usage: Record<string, number> = fields.usage ?? { credits_used: charged / MICRO }
  if (!fields.usage && workload?.kind === 'llm' && current.batch === null) {
    const prompt = run?.promptTokens || countPromptTokens(JSON.parse(current.input) as LlmInput)
    const completion = run?.completionTokens ?? 0
    Object.assign(usage, {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    })
  }
  return { refund, charged, usage, output: fields.output ?? run?.partialOutput }
}

/** The last events of a job: its final `status`, then `done` (completed) or `error` (failed). */
export function finalEvents(
  status: string,
  usage: Record<string, number>,
  fields: FinishFields,
): JobEvent[] {
  const events: JobEvent[] = [{ type: 'status', status }]
  if (status === 'completed') {
    events.push({
      type: 'done',
      usage,
      ...(fields.finishReason ? { finish_reason: fields.finishReason } : {}),
    })
  } else if (FAILED_STATUSES.has(status) && fields.error) {
    events.push({ type: 'error', error: fields.error })
  }
  return events
}
