import * as z from 'zod/mini'
import { fixUsage, type Usage, UsageWireSchema } from './usage'
import { anyObject, isObject, modelCodec, nil } from './wire'

/** Every state a job can be in. */
export type JobStatus =
  | 'pending'
  | 'queued'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timeout'

/** Every job status, in the order a job moves through them. */
export const JOB_STATUSES: readonly JobStatus[] = [
  'pending',
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'timeout',
]

const TERMINAL: ReadonlySet<string> = new Set(JOB_STATUSES.slice(3))

/**
 * True once a job can no longer change: `completed`, `failed`, `cancelled` or `timeout`.
 *
 * @example
 * ```ts
 * if (isTerminal(job.status)) console.log(job.output)
 * ```
 */
export function isTerminal(status: JobStatus | (string & {})): boolean {
  return TERMINAL.has(status)
}

/** A unit of work run by an Island. Unknown wire fields are kept (camelCased). */
export interface Job {
  /** `job_…` */
  id: string
  workloadId: number
  workloadSlug?: string
  status: JobStatus
  /** The input as sent (wire keys, e.g. `max_tokens`). */
  input: Record<string, unknown>
  /** The text (llm) or a JSON string (sdxl, see `parseImageOutput`). */
  output?: string
  /** Why the job failed. */
  error?: string
  createdAt: string
  startedAt?: string
  completedAt?: string
  durationMs?: number
  usage?: Usage
  [key: string]: unknown
}

/** Wire shape of {@link Job}. */
export const JobWireSchema = z.looseObject({
  id: z.string(),
  workload_id: z.number(),
  workload_slug: nil(z.string()),
  status: z.string(),
  input: nil(anyObject()),
  output: nil(z.unknown()),
  error: nil(z.unknown()),
  created_at: z.string(),
  started_at: nil(z.string()),
  completed_at: nil(z.string()),
  duration_ms: nil(z.number()),
  usage: nil(UsageWireSchema),
})

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (isObject(value) && 'message' in value) return String(value.message)
  return JSON.stringify(value)
}

function fixJob(job: Job, raw: unknown): Job {
  const wire = raw as z.output<typeof JobWireSchema>
  job.input = wire.input ?? {}
  if (job.output !== undefined) job.output = text(wire.output)
  if (job.error !== undefined) job.error = text(wire.error)
  if (job.usage) fixUsage(job.usage)
  return job
}

/**
 * Job schema: `JobSchema.parse(wire)` validates a snake_case wire job and returns a
 * camelCase {@link Job}; `toWire(JobSchema, job)` converts back.
 */
export const JobSchema = modelCodec<Job>(JobWireSchema, fixJob)
