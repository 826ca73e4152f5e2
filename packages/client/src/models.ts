import {
  type Account as AccountModel,
  AccountSchema,
  type ApiKey as ApiKeyModel,
  ApiKeySchema,
  type Job as JobModel,
  JobSchema,
  type JobStatus as JobStatusModel,
  toWire,
  type Usage as UsageModel,
  UsageSchema,
  type Workload as WorkloadModel,
  WorkloadSchema,
} from '@archipelag/core'

/**
 * Model → wire JSON. Core's `toWire` cannot encode schemas that contain one-way transforms
 * (numeric strings, integer ids), so for those the keys are converted here.
 * TODO(core): drop the fallback once every core codec encodes.
 */
function wireOf(encode: () => unknown, model: object): Record<string, unknown> {
  try {
    return encode() as Record<string, unknown>
  } catch {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(model)) {
      if (value !== undefined) out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value
    }
    return out
  }
}

/**
 * The seed's `Model.model_validate(d)` / `model.model_dump()` pair for one model:
 * `parse` takes the API's snake_case JSON and returns the camelCase model (throwing on a
 * malformed one); `toJSON` gives the snake_case JSON back, so the two round-trip.
 *
 * @example
 * const job = Job.parse(JSON.parse(text))
 * const wire = Job.toJSON(job) // { id, workload_id, created_at, … }
 */
export interface ModelHelpers<M> {
  parse(wire: unknown): M
  toJSON(model: M): Record<string, unknown>
}

/** A job: `Job.parse(wire)` and `Job.toJSON(job)`. The type is core's `Job`. */
export type Job = JobModel
export const Job: ModelHelpers<JobModel> = {
  parse: (wire) => JobSchema.parse(wire),
  toJSON: (job) => wireOf(() => toWire(JobSchema, job), job),
}

/** Token counts and credits: `Usage.parse(wire)` / `Usage.toJSON(usage)`. */
export type Usage = UsageModel
export const Usage: ModelHelpers<UsageModel> = {
  parse: (wire) => UsageSchema.parse(wire),
  toJSON: (usage) => wireOf(() => toWire(UsageSchema, usage), usage),
}

/** A Cargo: `Workload.parse(wire)` / `Workload.toJSON(workload)`. */
export type Workload = WorkloadModel
export const Workload: ModelHelpers<WorkloadModel> = {
  parse: (wire) => WorkloadSchema.parse(wire),
  toJSON: (workload) => wireOf(() => toWire(WorkloadSchema, workload), workload),
}

/** The account: `Account.parse(wire)` / `Account.toJSON(account)`. */
export type Account = AccountModel
export const Account: ModelHelpers<AccountModel> = {
  parse: (wire) => AccountSchema.parse(wire),
  toJSON: (account) => wireOf(() => toWire(AccountSchema, account), account),
}

/** An API key's metadata: `ApiKey.parse(wire)` / `ApiKey.toJSON(key)`. */
export type ApiKey = ApiKeyModel
export const ApiKey: ModelHelpers<ApiKeyModel> = {
  parse: (wire) => ApiKeySchema.parse(wire),
  toJSON: (key) => wireOf(() => toWire(ApiKeySchema, key), key),
}

/**
 * The job statuses, as the seed's `JobStatus` enum (`JobStatus.Completed === 'completed'`).
 *
 * @example
 * if (job.status === JobStatus.Completed) console.log(job.output)
 */
export type JobStatus = JobStatusModel
export const JobStatus = {
  Pending: 'pending',
  Queued: 'queued',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Timeout: 'timeout',
} as const satisfies Record<string, JobStatusModel>
