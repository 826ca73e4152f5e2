export { Client, Client as Archipelag } from './client'
export type {
  BatchOptions,
  ChatOptions,
  ImageOptions,
  IterJobsOptions,
  StreamJobOptions,
  WaitAllOptions,
  WaitForBatchOptions,
  WaitOptions,
} from './options'
export type { ClientOptions } from './client-options'
export { ChatStream } from './chat-stream'
export type { ChatStreamCallbacks, ChatStreamFormat, ChatStreamState } from './chat-stream'
export { GeneratedImage } from './generated-image'
export type { ApiKeyPair } from './api-key-pair'
export type { CreateOutcome, JobOutcome } from './outcomes'
export {
  Account,
  ApiKey,
  ChatResult,
  ImageResult,
  Job,
  JobStatus,
  Usage,
  Workload,
} from './models'
export type { ModelHelpers } from './models'
export {
  APIError,
  ArchipelagError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  InvalidResponseError,
  JobCancelledError,
  JobFailedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  isArchipelagError,
  isTerminal,
  AccountSchema,
  ApiKeySchema,
  BatchStatusSchema,
  JobSchema,
  UsageSchema,
  WorkloadSchema,
  toWire,
} from '@archipelag/core'
export type {
  ChatInput,
  ImageInput,
  JobSpec,
  Batch,
  BatchJob,
  BatchParams,
  BatchProgress,
  BatchStatus,
  RequestOptions,
  StreamEvent,
} from '@archipelag/core'
