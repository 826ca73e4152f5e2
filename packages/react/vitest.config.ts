import { dirname } from 'node:path'
import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)
const dir = (name: string) => dirname(require.resolve(`${name}/package.json`))

const hooks = {
  include: ['test/**/*.test.{ts,tsx}'],
  exclude: ['test/browser/**'],
  environment: 'jsdom',
  setupFiles: ['test/setup.ts'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
}

/**
 * The hook suite runs twice: on React 19 (the workspace's `react`) and on React 18 (the
 * `react-18`/`react-dom-18` aliases; the libraries that import React are inlined so the
 * aliases reach them too). The Chromium suite bundles the built package into a page, once
 * per React major (esbuild aliases), and runs it in headless Chromium.
 */
export default defineConfig({
  test: {
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    projects: [
      { extends: true, test: { ...hooks, name: 'react-19', env: { REACT_MAJOR: '19' } } },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          ...hooks,
          name: 'react-18',
          env: { REACT_MAJOR: '18' },
          server: { deps: { inline: ['@testing-library/react', '@tanstack/react-query'] } },
        },
        resolve: {
          alias: [
            // Its ESM build, so that its own `react`/`react-dom` imports meet the aliases below.
            {
              find: /^@testing-library\/react$/,
              replacement: `${dir('@testing-library/react')}/dist/@testing-library/react.esm.js`,
            },
            { find: /^react$/, replacement: dir('react-18') },
            { find: /^react\/(.*)$/, replacement: `${dir('react-18')}/$1` },
            { find: /^react-dom$/, replacement: dir('react-dom-18') },
            { find: /^react-dom\/(.*)$/, replacement: `${dir('react-dom-18')}/$1` },
          ],
        },
      },
    ],
  },
})
