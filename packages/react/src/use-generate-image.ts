import type { ArchipelagError } from '@archipelag/client'
import { type Image, type ImageState, ImageStore, type ImageStoreOptions } from './image-store'
import { useStore } from './use-store'

/** Options of {@link useGenerateImage}: `generateImage`'s, callbacks, `id`, `cancelOnUnmount`. */
export type UseGenerateImageOptions = ImageStoreOptions

/** What {@link useGenerateImage} returns. */
export interface UseGenerateImageResult extends ImageState {
  /** Generates one image (ignored while one is being made); resolves with it, or undefined. */
  generate: ImageStore['generate']
  /** Stops and cancels the job on the server. */
  stop: () => void
  /** Stops, forgets the image and revokes its URL. */
  reset: () => void
  isLoading: boolean
}

/**
 * Image generation with progress. `url` is an object URL for `<img src>`, revoked when a new
 * image replaces it, on `reset()` and on unmount. Unmounting mid-generation cancels the job,
 * unless the hook has an `id`: then the generation runs on and a component mounting again
 * with that id shows it (progress, then the image); `cancelOnUnmount` overrides either way.
 *
 * @example
 * const { generate, progress, url, isLoading } = useGenerateImage({ width: 512, height: 512 })
 * <button onClick={() => generate('a lighthouse at dusk')}>Paint</button>
 * {isLoading && <progress value={progress} />}
 * {url && <img src={url} alt="" />}
 */
export function useGenerateImage(options: UseGenerateImageOptions = {}): UseGenerateImageResult {
  const [store, state] = useStore('image:', ImageStore, options)
  return {
    ...state,
    generate: store.generate,
    stop: store.stop,
    reset: store.reset,
    isLoading: state.status === 'pending',
  }
}

/** What {@link useImage} returns: the official 0.1 package's fields. */
export interface UseImageResult {
  generate: ImageStore['generate']
  isLoading: boolean
  /** 0–100. */
  progress: number
  image: Image | null
  error: ArchipelagError | null
  clear: () => void
}

/**
 * The official `@archipelag/react` 0.1 `useImage`, on {@link useGenerateImage}: `progress`
 * is 0–100 and `image` is `null` when there is none.
 *
 * @example
 * const { generate, progress, image } = useImage()
 * {image && <img src={`data:image/${image.imageFormat};base64,${image.imageData}`} alt={image.prompt} />}
 */
export function useImage(options: UseGenerateImageOptions = {}): UseImageResult {
  const r = useGenerateImage(options)
  return {
    generate: r.generate,
    isLoading: r.isLoading,
    progress: r.progress * 100,
    image: r.image ?? null,
    error: r.error ?? null,
    clear: r.reset,
  }
}
