export { createSandbox, type Sandbox } from './sandbox.js'
export { startSandbox, type ListenOptions } from './server.js'
export type { FaultSettings, RateLimitSettings, SandboxOptions } from './options.js'
