import {
  type Account as AccountModel,
  AccountSchema,
  type ApiKey as ApiKeyModel,
  ApiKeySchema,
  type ChatResult as ChatResultModel,
  type ImageResult as ImageResultModel,
  type Job as JobModel,
  JobSchema,
  type JobStatus as JobStatusModel,
  toWire,
  type Usage as UsageModel,
  UsageSchema,
  type Workload as WorkloadModel,
  WorkloadSchema,
} from '@archipelag/core'
import { invalidArgument } from './internal/errors'

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

/**
 * Wire key → kind for the two results the SDK builds itself (the API has no such object):
 * `'s'` string, `'n'` number, `'u'` usage; a trailing `?` marks an optional field.
 */
function result<M>(fields: Record<string, string>): ModelHelpers<M> {
  const camel = (key: string) => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase())
  // `wire`: snake_case in, camelCase out (parse); else the reverse (toJSON).
  const convert = (from: object, wire: boolean) => {
    const out: Record<string, unknown> = {}
    for (const [key, kind] of Object.entries(fields)) {
      const name = camel(key)
      const value = (from as Record<string, unknown>)[wire ? key : name]
      const type = kind[0] === 's' ? 'string' : 'number'
      if (value === undefined || value === null) {
        if (!kind.endsWith('?')) throw invalidArgument(name, 'is required')
      } else if (kind[0] === 'u') {
        out[wire ? name : key] = wire ? Usage.parse(value) : Usage.toJSON(value as UsageModel)
      } else if (typeof value !== type) {
        throw invalidArgument(name, `must be a ${type}`)
      } else out[wire ? name : key] = value
    }
    return out
  }
  return {
    parse: (wire) => convert(Object(wire), true) as M,
    toJSON: (model) => convert(model as object, false),
  }
}

/** A chat's result: `ChatResult.parse(wire)` / `ChatResult.toJSON(result)`. */
export type ChatResult = ChatResultModel
export const ChatResult: ModelHelpers<ChatResultModel> = result({
  content: 's',
  job_id: 's',
  usage: 'u',
  finish_reason: 's?',
})

/** An image's result: `ImageResult.parse(wire)` / `ImageResult.toJSON(image)`. */
export type ImageResult = ImageResultModel
export const ImageResult: ModelHelpers<ImageResultModel> = result({
  image_data: 's',
  image_format: 's',
  width: 'n',
  height: 'n',
  seed: 'n?',
  job_id: 's',
  usage: 'u?',
})

const STATUSES = 'pending queued running completed failed cancelled timeout'.split(
  ' ',
) as readonly JobStatusModel[]

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
  values: STATUSES,
  parse: (wire) => {
    if (!STATUSES.includes(wire as JobStatusModel)) {
      throw invalidArgument('status', `must be one of ${STATUSES.join(', ')}`)
    }
    return wire as JobStatusModel
  },
  toJSON: (status) => status,
}
