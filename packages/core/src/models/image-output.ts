import * as z from 'zod/mini'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { describeIssue, issuePath } from '../validation/check'
import type { Job } from './job'
import type { ImageResult } from './results'
import { isObject, nil } from './wire'

/** The decoded `output` of an image job: an {@link ImageResult} without job and usage. */
export type ImageOutput = Omit<ImageResult, 'jobId' | 'usage'>

const isBase64 = (s: string) => {
  const text = /\s/.test(s) ? s.replace(/\s+/g, '') : s
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
}
const size = z
  .number('expected a number')
  .check(z.refine((n: number) => Number.isInteger(n) && n > 0, 'expected a positive integer'))

/** Wire shape of an image job's output (a JSON string on the wire, parsed). */
const ImageOutputWire = z.looseObject({
  image_data: z.string('expected a string').check(z.refine(isBase64, 'expected base64')),
  format: nil(z.string('expected a string')),
  width: size,
  height: size,
  seed: nil(z.number('expected a number')),
})

/**
 * Decodes an image job's `output` (a JSON string on the wire). A malformed one — not JSON,
 * no base64 `image_data`, a missing or non-positive `width`/`height` — is an
 * `InvalidResponseError` naming the field, never a half-built image.
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
    // Not JSON: `wire` stays undefined, reported as not a JSON object.
  }
  const result = ImageOutputWire.safeParse(wire)
  if (!result.success) {
    const issue = result.error.issues[0]
    const detail =
      isObject(wire) && issue
        ? `${issuePath('output', issue)}: ${describeIssue(issue)}`
        : 'output: expected a JSON object'
    throw new InvalidResponseError(`Job ${job.id} has a malformed image output: ${detail}`, {
      snippet: snippetOf(raw),
    })
  }
  const o = result.data
  const out: ImageOutput = {
    imageData: o.image_data,
    imageFormat: o.format ?? 'png',
    width: o.width,
    height: o.height,
  }
  if (typeof o.seed === 'number') out.seed = o.seed
  return out
}
