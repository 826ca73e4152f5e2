import type { Usage } from './usage'

/** The result of a finished chat job. */
export interface ChatResult {
  content: string
  jobId: string
  usage: Usage
  finishReason?: string
}

/** The result of a finished image job. */
export interface ImageResult {
  /** Base64 image bytes. */
  imageData: string
  imageFormat: string
  width: number
  height: number
  seed?: number
  jobId: string
  usage?: Usage
}
