import type { ImageResult, Usage } from '@archipelag/core'
import type { Bytes } from './internal/bytes'

/**
 * The result of `generateImage`: the seed's `ImageResult` (base64 `imageData`,
 * `imageFormat`, `width`, `height`, `seed`, `jobId`, `usage`) plus `bytes()`.
 *
 * @example
 * const image = await client.generateImage('a lighthouse at dusk')
 * await writeFile(`out.${image.imageFormat}`, image.bytes())
 */
export class GeneratedImage implements ImageResult {
  declare imageData: string
  declare imageFormat: string
  declare width: number
  declare height: number
  declare seed?: number
  declare jobId: string
  declare usage?: Usage

  /** @internal */
  constructor(result: ImageResult) {
    Object.assign(this, result)
  }

  /** The decoded image bytes, a `Uint8Array` (e.g. a PNG file's content). */
  bytes(): Bytes {
    return Uint8Array.from(atob(this.imageData), (c) => c.charCodeAt(0))
  }
}
