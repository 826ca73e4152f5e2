import type {
  ArchipelagError,
  Client,
  GeneratedImage,
  ImageOptions,
  Usage,
} from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'
import { toError } from './errors'
import { jobsChanged } from './jobs-changed'
import { type LifeOptions, Store } from './store'

/** The generated image, with the prompt that made it (as in the official 0.1 package). */
export type Image = GeneratedImage & { prompt: string }

/** The state of image generation, as `useGenerateImage` returns it. */
export interface ImageState {
  status: 'idle' | 'pending' | 'success' | 'error' | 'cancelled'
  /** 0–1, from the job's step events. */
  progress: number
  image: Image | undefined
  /** An object URL of the image for `<img src>`, revoked when replaced, reset or let go. */
  url: string | undefined
  error: ArchipelagError | undefined
}

/** Options of image generation: `generateImage`'s, plus callbacks and where it lives. */
export interface ImageStoreOptions extends Omit<ImageOptions, 'signal'>, LifeOptions {
  /** The image is ready (the official 0.1 signature). */
  onFinish?: (image: Image, usage: Usage | undefined) => void
  onError?: (error: ArchipelagError) => void
}

// The other fields start undefined.
const IDLE = { status: 'idle', progress: 0 } as Partial<ImageState> as ImageState

/**
 * Image generation as a framework-free state machine: progress from the step events, the
 * image as an object URL, `stop()` cancelling the job on the server. A real unmount of a
 * store not kept by id cancels the job (or, `cancelOnUnmount: false`, lets it run on
 * unwatched) and revokes the URL. The cache hears of the job when its first step arrives
 * (`generateImage` tells nothing sooner) and when it ends.
 */
export class ImageStore extends Store<ImageState, ImageStoreOptions> {
  override options: ImageStoreOptions = {}
  #abort: AbortController | undefined

  constructor(client: Client, cache: QueryClient, life: LifeOptions) {
    super(client, cache, life, IDLE)
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
    let made: GeneratedImage | undefined
    let error: unknown
    try {
      made = await this.client.generateImage(prompt, {
        ...o,
        signal: abort.signal,
        onProgress: (step, total) => {
          if (!this.state.progress) jobsChanged(this.cache, []) // the job exists: credits, lists
          this.set({ progress: step / total })
          o.onProgress?.(step, total)
        },
      })
    } catch (thrown) {
      error = thrown
    }
    jobsChanged(this.cache, [made?.jobId])
    if (this.#abort !== abort) return undefined
    this.#abort = undefined
    if (!made) {
      const typed = toError(error)
      this.set({ status: 'error', error: typed })
      this.options.onError?.(typed)
      return undefined
    }
    const image = Object.assign(made, { prompt })
    this.#revoke()
    this.set({ status: 'success', progress: 1, image, url: objectUrl(image) })
    this.options.onFinish?.(image, image.usage)
    return image
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

  override leave(cancel: boolean | undefined): void {
    // Not cancelled, the job runs on; its wait ends with it, unheard (no detach in generateImage).
    if (cancel === false) this.#abort = undefined
    else this.stop()
    if (!this.keep) this.#revoke()
  }

  #revoke(): void {
    if (this.state.url) URL.revokeObjectURL(this.state.url)
  }
}

function objectUrl(image: GeneratedImage): string | undefined {
  if (typeof URL.createObjectURL !== 'function') return undefined
  return URL.createObjectURL(new Blob([image.bytes()], { type: `image/${image.imageFormat}` }))
}
