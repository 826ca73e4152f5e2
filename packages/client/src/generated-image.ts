import type { ImageResult, Usage } from '@archipelag/core'

/**
 * The result of `generateImage`: the seed's `ImageResult` (base64 `imageData`,
 * `imageFormat`, `width`, `height`, `seed`, `jobId`, `usage`) plus `bytes()`.
 *
 * @example
 * const image = await client.generateImage('a lighthouse at dusk')
 * await writeFile(`out.${image.imageFormat}`, image.bytes())
 */
export class GeneratedImage implements ImageResult {
  imageData: string
  imageFormat: string
  width: number
  height: number
  seed?: number
  jobId: string
  usage?: Usage

  /** @internal */
  constructor(result: ImageResult) {
    this.imageData = result.imageData
    this.imageFormat = result.imageFormat
    this.width = result.width
    this.height = result.height
    this.jobId = result.jobId
    this.seed = result.seed
    this.usage = result.usage
  }

  /** The decoded image bytes (e.g. a PNG file's content). */
  bytes(): Uint8Array<ArrayBuffer> {
    const binary = atob(this.imageData)
    const out = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
    return out
  }
}
