import type {
  ArchipelagError,
  Client,
  GeneratedImage,
  ImageOptions,
  Usage,
} from '@archipelag/client'
import { toError } from './errors'
import { Store } from './store'

/** The generated image, with the prompt that made it (as in the official 0.1 package). */
export type Image = GeneratedImage & { prompt: string }

/** The state of image generation, as `useGenerateImage` returns it. */
export interface ImageState {
  status: 'idle' | 'pending' | 'success' | 'error' | 'cancelled'
  /** 0–1, from the job's step events. */
  progress: number
  image: Image | undefined
  /** An object URL of the image for `<img src>`, revoked when replaced or unmounted. */
  url: string | undefined
  error: ArchipelagError | undefined
}

/** Options of image generation: `generateImage`'s, plus callbacks. */
export interface ImageStoreOptions extends Omit<ImageOptions, 'signal'> {
  /** The image is ready (the official 0.1 signature). */
  onFinish?: (image: Image, usage: Usage | undefined) => void
  onError?: (error: ArchipelagError) => void
}

// The other fields start undefined.
const IDLE = { status: 'idle', progress: 0 } as Partial<ImageState> as ImageState

/**
 * Image generation as a framework-free state machine: progress from the step events, the
 * image as an object URL, `stop()` (and a real unmount) cancelling the job on the server
 * and revoking the URL.
 */
export class ImageStore extends Store<ImageState> {
  options: ImageStoreOptions = {}
  #abort: AbortController | undefined

  constructor(readonly client: Client) {
    super(IDLE)
  }

  /** Generates one image (ignored while one is being made). Resolves with it, or undefined. */
  readonly generate = async (
    prompt: string,
    request: Omit<ImageOptions, 'signal'> = {},
  ): Promise<Image | undefined> => {
    if (this.#abort) return undefined
    const abort = new AbortController()
    this.#abort = abort
    this.set({ status: 'pending', progress: 0, error: undefined })
    const o = { ...this.options, ...request }
    try {
      const made = await this.client.generateImage(prompt, {
        ...o,
        signal: abort.signal,
        onProgress: (step, total) => {
          this.set({ progress: step / total })
          o.onProgress?.(step, total)
        },
      })
      if (this.#abort !== abort) return undefined
      this.#abort = undefined
      const image = Object.assign(made, { prompt })
      this.#revoke()
      this.set({ status: 'success', progress: 1, image, url: objectUrl(image) })
      this.options.onFinish?.(image, image.usage)
      return image
    } catch (error) {
      if (this.#abort !== abort) return undefined
      this.#abort = undefined
      const typed = toError(error)
      this.set({ status: 'error', error: typed })
      this.options.onError?.(typed)
      return undefined
    }
  }

  /** Stops waiting and cancels the job on the server. */
  readonly stop = (): void => {
    if (!this.#abort) return
    this.#abort.abort()
    this.#abort = undefined
    this.set({ status: 'cancelled' })
  }

  /** Stops, forgets the image and revokes its URL. */
  readonly reset = (): void => {
    this.stop()
    this.#revoke()
    this.set(IDLE, true)
  }

  #revoke(): void {
    if (this.state.url) URL.revokeObjectURL(this.state.url)
  }

  protected override onIdle(): void {
    this.stop()
    this.#revoke()
  }
}

function objectUrl(image: GeneratedImage): string | undefined {
  if (typeof URL.createObjectURL !== 'function') return undefined
  return URL.createObjectURL(new Blob([image.bytes()], { type: `image/${image.imageFormat}` }))
}
