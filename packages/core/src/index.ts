// Transport
export { createTransport, type Transport } from './transport/create-transport'
export type {
  RequestInfo,
  RequestOptions,
  ResolvedTransportOptions,
  ResponseInfo,
  RetryInfo,
  TransportOptions,
} from './transport/options'
export { DEFAULT_BASE_URL } from './transport/options'
export { normalizeBaseUrl } from './transport/resolve-options'
export type { JobStream, StreamOptions } from './streaming/job-stream'
export { VERSION } from './version'
export {
  type JoinedSignal,
  joinSignals,
  MAX_TIMER_MS,
  onAbort,
  sleep,
} from './runtime/signals'
export { isBrowser, readEnv } from './runtime/environment'

// Errors
export {
  ArchipelagError,
  type ArchipelagErrorInit,
  isArchipelagError,
} from './errors/archipelag-error'
export {
  APIError,
  AuthenticationError,
  ConflictError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from './errors/api-errors'
export { ValidationError } from './errors/validation-error'
export { ConnectionError, TimeoutError } from './errors/connection-errors'
export { JobCancelledError, JobFailedError } from './errors/job-errors'
export { InvalidResponseError } from './errors/invalid-response-error'
export { errorFromResponse, parseRetryAfter } from './errors/error-from-response'
export {
  createSecretRedactor,
  type SecretRedactor,
  type SecretRedactorOptions,
} from './errors/secret-redactor'

// Models and their schemas (`XSchema.parse(wire)` → model, `toWire(XSchema, model)` → wire)
export { toWire } from './models/wire'
export { type Usage, UsageSchema, UsageWireSchema } from './models/usage'
export {
  isTerminal,
  JOB_STATUSES,
  type Job,
  JobSchema,
  type JobStatus,
  JobWireSchema,
} from './models/job'
export {
  decodeStreamEvent,
  type StreamEvent,
  StreamEventSchema,
} from './models/stream-event'
export { type Workload, WorkloadSchema, WorkloadWireSchema } from './models/workload'
export { type Account, AccountSchema, AccountWireSchema } from './models/account'
export {
  type ApiKey,
  ApiKeySchema,
  ApiKeyWireSchema,
  type CreatedApiKey,
  CreatedApiKeySchema,
} from './models/api-key'
export {
  type Batch,
  type BatchJob,
  BatchJobSchema,
  type BatchParams,
  type BatchProgress,
  BatchProgressSchema,
  BatchSchema,
  type BatchState,
  type BatchStatus,
  BatchStatusSchema,
} from './models/batch'
export {
  type ChatCompletion,
  type ChatCompletionChunk,
  ChatCompletionChunkSchema,
  type ChatCompletionParams,
  ChatCompletionSchema,
  type ChatCompletionUsage,
  type ChatMessage,
} from './models/chat-completion'
export { type Host, HostSchema } from './models/host'
export { type MarketRate, MarketRateSchema } from './models/market-rate'
export { type Model, ModelSchema } from './models/model'
export {
  type ChatResult,
  ChatResultSchema,
  ChatResultWireSchema,
  type ImageResult,
  ImageResultSchema,
  ImageResultWireSchema,
} from './models/results'
export {
  foldOutcome,
  type JobOutcome,
  outcomeError,
  statusOutcome,
} from './models/job-outcome'
export { type ImageOutput, parseImageOutput } from './models/image-output'

// Job specs and validation (usable before any I/O)
export {
  type ChatInput,
  chatJob,
  type ImageInput,
  imageJob,
  type JobSpec,
  jobSpec,
} from './models/job-spec'
export { validateJobInput, LlmChatInputSchema, SdxlInputSchema } from './validation/job-input'
