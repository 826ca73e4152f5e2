import * as z from 'zod/mini'
import { idString, modelCodec, nil, numeric } from './wire'

/** The account that owns the API key. */
export interface Account {
  /** Always a string (servers sending an integer id are accepted). */
  id: string
  email: string
  /** Balance in credits. */
  credits: number
  createdAt?: string
  [key: string]: unknown
}

/** Wire shape of {@link Account}. */
export const AccountWireSchema = z.looseObject({
  id: idString,
  email: z.string(),
  credits: numeric,
  created_at: nil(z.string()),
})

/** Account schema: wire → {@link Account}. */
export const AccountSchema = modelCodec<Account>(AccountWireSchema)
