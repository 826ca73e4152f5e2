import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Unmount what a test rendered (vitest has no globals here, so it is not automatic).
afterEach(() => cleanup())
