import { type BatchStatus, sleep } from '@archipelag/core'
import { deadline, resolveWait } from './follow-job'
import type { ClientContext } from './internal/context'
import { waitTimeoutError } from './internal/errors'
import type { WaitForBatchOptions } from './options'

const BATCH_TERMINAL = new Set(['succeeded', 'failed', 'cancelled'])

/** Polls a server-side batch until it ends; `onProgress` sees every status read. */
export async function waitForBatch(
  ctx: ClientContext,
  id: string,
  options: WaitForBatchOptions,
): Promise<BatchStatus> {
  const wait = resolveWait(ctx, options)
  const timer = deadline(wait.timeout, ...wait.signals)
  const signal = timer.signal
  try {
    for (;;) {
      const status = await ctx.transport.batches.status(id, { signal })
      options.onProgress?.(status)
      if (BATCH_TERMINAL.has(status.parentState)) return status
      await sleep(wait.pollInterval, signal)
    }
  } catch (error) {
    if (timer.expired.aborted) throw waitTimeoutError(id, wait.timeout)
    throw error
  } finally {
    timer.clear()
  }
}
