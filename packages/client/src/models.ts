import {
  type Account as AccountModel,
  AccountSchema,
  type ApiKey as ApiKeyModel,
  ApiKeySchema,
  type ChatResult as ChatResultModel,
  ChatResultSchema,
  type ImageResult as ImageResultModel,
  ImageResultSchema,
  JOB_STATUSES,
  type Job as JobModel,
  JobSchema,
  type JobStatus as JobStatusModel,
  toWire,
  type Usage as UsageModel,
  UsageSchema,
  ValidationError,
  type Workload as WorkloadModel,
  WorkloadSchema,
} from '@archipelag/core'

/**
 * The seed's `Model.model_validate(d)` / `model.model_dump()` pair for one model:
 * `parse` takes the API's snake_case JSON — or the model's own JSON, from a cache or
 * `localStorage` — and returns the camelCase model (throwing on a malformed one);
 * `toJSON` gives the snake_case JSON back, so the two round-trip.
 *
 * @example
 * const job = Job.parse(JSON.parse(text))
 * const wire = Job.toJSON(job) // { id, workload_id, created_at, … }
 */
export interface ModelHelpers<M> {
  parse(wire: unknown): M
  toJSON(model: M): Record<string, unknown>
}

/** A core model schema: `parse` decodes wire JSON, `toWire` encodes it back. */
type Codec = Parameters<typeof toWire>[0] & { parse(wire: unknown): unknown }

/** The helpers of a model that has a two-way codec in core. */
function helpers<M>(schema: Codec): ModelHelpers<M> {
  return {
    parse: (wire) => schema.parse(wire) as M,
    toJSON: (model) => toWire(schema, model as never) as Record<string, unknown>,
  }
}

/** A job: `Job.parse(wire)` and `Job.toJSON(job)`. The type is core's `Job`. */
export type Job = JobModel
export const Job: ModelHelpers<JobModel> = helpers(JobSchema)

/** Token counts and credits: `Usage.parse(wire)` / `Usage.toJSON(usage)`. */
export type Usage = UsageModel
export const Usage: ModelHelpers<UsageModel> = helpers(UsageSchema)

/** The account: `Account.parse(wire)` / `Account.toJSON(account)`. */
export type Account = AccountModel
export const Account: ModelHelpers<AccountModel> = helpers(AccountSchema)

/** An API key's metadata: `ApiKey.parse(wire)` / `ApiKey.toJSON(key)`. */
export type ApiKey = ApiKeyModel
export const ApiKey: ModelHelpers<ApiKeyModel> = helpers(ApiKeySchema)

/** A Cargo: `Workload.parse(wire)` / `Workload.toJSON(workload)`. */
export type Workload = WorkloadModel
export const Workload: ModelHelpers<WorkloadModel> = helpers(WorkloadSchema)

/** A chat's result: `ChatResult.parse(value)` / `ChatResult.toJSON(result)`. */
export type ChatResult = ChatResultModel
export const ChatResult: ModelHelpers<ChatResultModel> = helpers(ChatResultSchema)

/** An image's result: `ImageResult.parse(value)` / `ImageResult.toJSON(image)`. */
export type ImageResult = ImageResultModel
export const ImageResult: ModelHelpers<ImageResultModel> = helpers(ImageResultSchema)

/** The job statuses (the seed's `JobStatus` enum values are these strings). */
export type JobStatus = JobStatusModel
/**
 * `JobStatus.values` lists them; `JobStatus.parse(s)` checks one; `JobStatus.toJSON(s)` is
 * the string itself (a status is already its wire form).
 *
 * @example
 * if (JobStatus.parse(row.status) === 'completed') console.log('done')
 */
export const JobStatus: {
  readonly values: readonly JobStatusModel[]
  parse(wire: unknown): JobStatusModel
  toJSON(status: JobStatusModel): string
} = {
  values: JOB_STATUSES,
  parse: (wire) => {
    if (JOB_STATUSES.includes(wire as JobStatusModel)) return wire as JobStatusModel
    const message = `must be one of ${JOB_STATUSES.join(', ')}`
    throw new ValidationError(`Invalid status: ${message}`, { errors: { status: [message] } })
  },
  toJSON: (status) => status,
}
