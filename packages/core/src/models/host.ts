import * as z from 'zod/mini'
import { idString, modelCodec, nil } from './wire'

/** An Island: a machine that runs jobs. */
export interface Host {
  /** `isl_…` */
  id: string
  name?: string
  status?: string
  region?: string
  capabilities?: unknown
  karmaScore?: number
  lastHeartbeatAt?: string
  [key: string]: unknown
}

/** Wire shape of {@link Host}. */
export const HostWireSchema = z.looseObject({
  id: idString,
  name: nil(z.string()),
  status: nil(z.string()),
  region: nil(z.string()),
  capabilities: nil(z.unknown()),
  karma_score: nil(z.number()),
  last_heartbeat_at: nil(z.string()),
})

/** Host schema: wire → {@link Host}. */
export const HostSchema = modelCodec<Host>(HostWireSchema)
