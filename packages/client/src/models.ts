import {
  type Job as JobModel,
  JobSchema,
  type JobStatus as JobStatusModel,
  toWire,
  type Usage as UsageModel,
  UsageSchema,
} from '@archipelag/core'

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
  toJSON: (job) => toWire(JobSchema, job) as Record<string, unknown>,
}

/** Token counts and credits: `Usage.parse(wire)` / `Usage.toJSON(usage)`. */
export type Usage = UsageModel
export const Usage: ModelHelpers<UsageModel> = {
  parse: (wire) => UsageSchema.parse(wire),
  toJSON: (usage) => toWire(UsageSchema, usage) as Record<string, unknown>,
}

/** The job statuses (the seed's `JobStatus` enum values are these strings). */
export type JobStatus = JobStatusModel
