export { type BundleOptions, bundle } from './bundle'
export {
  type BrowserSession,
  CHROMIUM_FLAGS,
  type ChromiumOptions,
  launchChromium,
} from './chromium'
export { ChromiumNotFoundError, findChromium } from './find-chromium'
export { type HarnessServer, type NodeHandler, type ServeOptions, serve } from './serve'
export type { Browser, BrowserContextOptions, Page } from 'playwright-core'
