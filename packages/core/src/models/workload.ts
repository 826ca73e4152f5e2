import * as z from 'zod/mini'
import { bool, modelCodec, nil, numeric } from './wire'

/** A kind of work Islands run (a "Cargo"), with its price. */
export interface Workload {
  id: number
  name: string
  /** `llm-chat`, `sdxl`, … */
  slug: string
  description?: string
  /** `container` or `wasm`. */
  runtimeType: string
  requiredVramMb?: number
  requiredRamMb?: number
  /** Credits charged per job. */
  pricePerJob: number
  isEnabled: boolean
  [key: string]: unknown
}

/** Wire shape of {@link Workload}. */
export const WorkloadWireSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  description: nil(z.string()),
  runtime_type: z.string(),
  required_vram_mb: nil(z.number()),
  required_ram_mb: nil(z.number()),
  price_per_job: numeric,
  is_enabled: nil(bool()),
})

/** Workload schema: wire → {@link Workload}. */
export const WorkloadSchema = modelCodec<Workload>(WorkloadWireSchema, (workload) => {
  workload.isEnabled ??= true
  return workload
})
