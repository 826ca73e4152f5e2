import * as z from 'zod/mini'
import { modelCodec, nil, numeric } from './wire'

/** Market prices of a workload at one moment. */
export interface MarketRate {
  workloadSlug: string
  avgPrice: number
  minPrice?: number
  maxPrice?: number
  numHosts?: number
  timestamp?: string
  [key: string]: unknown
}

/** Wire shape of {@link MarketRate}. */
export const MarketRateWireSchema = z.looseObject({
  workload_slug: z.string(),
  avg_price: numeric,
  min_price: nil(numeric),
  max_price: nil(numeric),
  num_hosts: nil(z.number()),
  timestamp: nil(z.string()),
})

/** MarketRate schema: wire → {@link MarketRate}. */
export const MarketRateSchema = modelCodec<MarketRate>(MarketRateWireSchema)
