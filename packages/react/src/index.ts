export { ArchipelagProvider, useArchipelag, useArchipelagClient } from './provider'
export type { ArchipelagProviderProps } from './provider'
export { archipelagKeys } from './query-keys'
export type { JobsParams } from './query-keys'
export {
  accountQueryOptions,
  apiKeysQueryOptions,
  jobQueryOptions,
  jobsQueryOptions,
  workloadQueryOptions,
  workloadsQueryOptions,
} from './query-options'
export { useAccount, useApiKeys, useJobs, useWorkload, useWorkloads } from './queries'
export type { UseJobsOptions } from './queries'
export { useCancelJob, useCreateApiKey, useCreateJob, useDeleteApiKey } from './mutations'
export { useChatStream } from './use-chat-stream'
export type { UseChatStreamOptions, UseChatStreamResult } from './use-chat-stream'
export type {
  ChatStreamOptions,
  ChatStreamState,
  StreamRequest,
  StreamStatus,
} from './chat-stream-store'
export { useChat } from './use-chat'
export type { UseChatOptions, UseChatResult } from './use-chat'
export type { ConversationOptions, ConversationState } from './conversation-store'
export { buildPrompt } from './chat-message'
export type { ChatMessage, ChatMessageInput } from './chat-message'
export { useJob } from './use-job'
export type { UseJobOptions } from './use-job'
export { useGenerateImage, useImage } from './use-generate-image'
export type {
  UseGenerateImageOptions,
  UseGenerateImageResult,
  UseImageResult,
} from './use-generate-image'
export type { Image, ImageState, ImageStoreOptions } from './image-store'
export { useBatch } from './use-batch'
export type { UseBatchResult } from './use-batch'
export type { BatchOutcome, BatchState, BatchStoreOptions } from './batch-store'
export type { LifeOptions } from './store'
