import * as z from 'zod/mini'
import { isObject, list, modelCodec, nil, snakeize } from './wire'

/** Batch states (note `succeeded`, where single jobs say `completed`). */
export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** One child job of a batch. */
export interface BatchJob {
  id: string
  /** Position of the child's input in `inputs`. */
  batchIndex: number
  state: BatchState
  error?: string
  hostId?: string
  [key: string]: unknown
}

/** Counts of children per state (`{ succeeded: 3, failed: 1 }`). */
export interface BatchProgress {
  pending?: number
  running?: number
  succeeded?: number
  failed?: number
  cancelled?: number
  [state: string]: number | undefined
}

/** A submitted batch: the parent (also a job) and its children. */
export interface Batch {
  /** The parent id (a job id: `GET /jobs/{id}` works on it). */
  id: string
  state: BatchState
  workload: string
  batch: {
    chunkCount: number
    mergeStrategy: string
    failMode: string
    completed: number
    failed: number
    [key: string]: unknown
  }
  children: BatchJob[]
  createdAt?: string
  [key: string]: unknown
}

/** The progress of a batch. */
export interface BatchStatus {
  parentId: string
  parentState: BatchState
  chunkCount: number
  mergeStrategy: string
  failMode: string
  childStates: BatchProgress
  children: BatchJob[]
  [key: string]: unknown
}

/** Arguments of `batches.submit`. */
export interface BatchParams {
  workload: string
  /** 1–100 inputs, one child job each. */
  inputs: Record<string, unknown>[]
  /** Default `concat`. */
  mergeStrategy?: 'concat' | 'flatten'
  /** Default `best_effort`. */
  failMode?: 'best_effort' | 'fail_fast'
  maxParallelism?: number
  region?: string
  /** A decimal string, e.g. `'0.02'`. */
  bidPrice?: string
}

/** Wire shape of {@link BatchJob}. */
export const BatchJobWireSchema = z.looseObject({
  id: z.string(),
  batch_index: z.number(),
  state: z.string(),
  error: nil(z.string()),
  host_id: nil(z.string()),
})

/** BatchJob schema: wire → {@link BatchJob}. */
export const BatchJobSchema = modelCodec<BatchJob>(BatchJobWireSchema)

/** Wire shape of {@link BatchProgress}. */
export const BatchProgressSchema = z.custom<Record<string, number>>(
  (v) => isObject(v) && Object.values(v).every((n) => typeof n === 'number'),
  'expected an object of counts per state',
)

/** Wire shape of {@link Batch}. */
export const BatchWireSchema = z.looseObject({
  id: z.string(),
  state: z.string(),
  workload: z.string(),
  batch: z.looseObject({
    chunk_count: z.number(),
    merge_strategy: z.string(),
    fail_mode: z.string(),
    completed: z.number(),
    failed: z.number(),
  }),
  children: list(BatchJobWireSchema),
  created_at: nil(z.string()),
})

/** Batch schema: wire → {@link Batch}. */
export const BatchSchema = modelCodec<Batch>(BatchWireSchema)

/** Wire shape of {@link BatchStatus}. */
export const BatchStatusWireSchema = z.looseObject({
  parent_id: z.string(),
  parent_state: z.string(),
  chunk_count: z.number(),
  merge_strategy: z.string(),
  fail_mode: z.string(),
  child_states: BatchProgressSchema,
  children: list(BatchJobWireSchema),
})

/** BatchStatus schema: wire → {@link BatchStatus}. */
export const BatchStatusSchema = modelCodec<BatchStatus>(BatchStatusWireSchema)

/** BatchParams → the `POST /jobs/batch` body. */
export function encodeBatchParams(params: BatchParams): Record<string, unknown> {
  return snakeize({ mergeStrategy: 'concat', failMode: 'best_effort', ...params }) as Record<
    string,
    unknown
  >
}
