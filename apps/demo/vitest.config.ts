import { defineConfig } from 'vitest/config'

/**
 * The demo's suites drive the BUILT app (dist/) in headless Chromium against the real
 * sandbox, through demo servers started as `npm run demo` starts them (see
 * test/global-setup.ts). Files run one after another: they share one sandbox and one
 * machine's two cores, and a sandbox fault (rate limit) must not reach another file.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
