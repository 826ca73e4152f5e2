import { encodePng } from './png.js'
import { planAnswer, type LlmInput } from './llm.js'
import { paintLandscape } from './picture.js'
import { hashString } from './prng.js'
import { pause, type RunContext, type RunOutcome } from './runtime.js'

/** The magic prompt that makes a job fail after 3 tokens. */
export const FAIL_MARKER = '[sandbox:fail]'
/** The magic prompt that makes a job hang after `running` until cancelled or timed out. */
export const HANG_MARKER = '[sandbox:hang]'
/** The error of a job failed by {@link FAIL_MARKER}. */
export const SIMULATED_FAILURE = 'Simulated Island failure'

function hangs(prompt: string): boolean {
  return prompt.includes(HANG_MARKER)
}

/** Streams the deterministic answer token by token. */
export async function runLlm(ctx: RunContext): Promise<RunOutcome | undefined> {
  const input = JSON.parse(ctx.job.input) as LlmInput
  if (hangs(input.prompt)) {
    await pause(Number.POSITIVE_INFINITY, ctx.signal)
    return undefined
  }
  const plan = planAnswer(input)
  const fails = input.prompt.includes(FAIL_MARKER)
  let text = ''
  for (let i = 0; i < plan.tokens.length; i++) {
    if (ctx.signal.aborted) return undefined
    if (fails && i === 3) return { status: 'failed', error: SIMULATED_FAILURE }
    const token = plan.tokens[i] ?? ''
    text += token
    ctx.appendOutput(token)
    ctx.setTokens(plan.promptTokens, i + 1)
    ctx.emit({ type: 'token', content: token })
    if (ctx.tokenIntervalMs > 0) await pause(ctx.tokenIntervalMs, ctx.signal)
    else if (i % 256 === 255) await pause(0, ctx.signal)
  }
  if (ctx.signal.aborted) return undefined
  if (fails) return { status: 'failed', error: SIMULATED_FAILURE }
  return { status: 'completed', output: text, finishReason: plan.finishReason }
}

/** The `sdxl` input after defaults. */
interface ImageInput {
  prompt: string
  width?: number
  height?: number
  steps?: number
  seed?: number
}

/** Emits one `progress` event per step, then paints and encodes the PNG. */
export async function runImage(ctx: RunContext): Promise<RunOutcome | undefined> {
  const input = JSON.parse(ctx.job.input) as ImageInput
  if (hangs(input.prompt)) {
    await pause(Number.POSITIVE_INFINITY, ctx.signal)
    return undefined
  }
  const width = input.width ?? 1024
  const height = input.height ?? 1024
  const steps = input.steps ?? 30
  const seed = input.seed ?? hashString(input.prompt) % 2_147_483_647
  for (let step = 1; step <= steps; step++) {
    if (ctx.signal.aborted) return undefined
    if (input.prompt.includes(FAIL_MARKER) && step === Math.min(3, steps)) {
      return { status: 'failed', error: SIMULATED_FAILURE }
    }
    ctx.emit({ type: 'progress', step, total: steps })
    if (ctx.stepIntervalMs > 0) await pause(ctx.stepIntervalMs, ctx.signal)
    else if (step % 64 === 0) await pause(0, ctx.signal)
  }
  if (ctx.signal.aborted) return undefined
  const imageData = renderImage(input.prompt, seed, width, height)
  ctx.emit({ type: 'image', image_data: imageData, format: 'png' })
  return {
    status: 'completed',
    output: JSON.stringify({ image_data: imageData, format: 'png', width, height, seed }),
  }
}

/** The base64 PNG for a prompt and seed (deterministic). */
export function renderImage(prompt: string, seed: number, width: number, height: number): string {
  const pixels = paintLandscape(width, height, hashString(`${prompt}\u0000${seed}`))
  return encodePng(width, height, pixels).toString('base64')
}
