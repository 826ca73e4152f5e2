import { defineConfig } from 'vitest/config'

// Type tests (test/*.test-d.ts) are compile-time assertions: `pnpm typecheck` (tsc over src and
// test) checks them, so the runtime suite does not run tsc a second time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
