import { InvalidResponseError } from '../errors/invalid-response-error'
import { snippetOf } from '../errors/error-from-response'
import type { Job } from './job'

/** The decoded `output` of an image job. */
export interface ImageOutput {
  /** Base64 image bytes. */
  imageData: string
  format: string
  width: number
  height: number
  seed?: number
}

/**
 * Decodes an image job's `output` (a JSON string on the wire).
 *
 * @example
 * ```ts
 * const { imageData, width } = parseImageOutput(await transport.jobs.get(id))
 * const png = Uint8Array.from(atob(imageData), (c) => c.charCodeAt(0))
 * ```
 */
export function parseImageOutput(job: Pick<Job, 'id' | 'output'>): ImageOutput {
  const raw = job.output ?? ''
  let wire: unknown
  try {
    wire = JSON.parse(raw)
  } catch {
    wire = undefined
  }
  const o = wire as Record<string, unknown> | undefined
  if (typeof o !== 'object' || o === null || typeof o.image_data !== 'string') {
    throw new InvalidResponseError(`Job ${job.id} has no image output`, { snippet: snippetOf(raw) })
  }
  const out: ImageOutput = {
    imageData: o.image_data,
    format: typeof o.format === 'string' ? o.format : 'png',
    width: Number(o.width),
    height: Number(o.height),
  }
  if (typeof o.seed === 'number') out.seed = o.seed
  return out
}
