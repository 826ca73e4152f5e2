import type { JobRow } from '../db/job-table.js'
import type { ResolvedOptions } from '../options.js'
import type { WorkloadRecord } from '../workloads.js'
import type { JobEvent } from './event-log.js'
import { runImage, runLlm } from './runners.js'
import type { RunContext, RunOutcome } from './runtime.js'

/**
 * One job running on an Island: the abort signal its runner watches, the text and token counts
 * produced so far (a cancelled job keeps its partial output) and its timeout.
 */
export class JobRun {
  readonly controller = new AbortController()
  output = ''
  promptTokens = 0
  completionTokens = 0
  hasTokens = false
  /** The runner is still executing (so ending the job must abort it). */
  active = true
  private timer: NodeJS.Timeout | undefined

  constructor(
    readonly job: JobRow,
    readonly workload: WorkloadRecord,
  ) {}

  /** The text produced so far, once the runner produced any. */
  get partialOutput(): string | undefined {
    return this.hasTokens ? this.output : undefined
  }

  /** Calls `onTimeout` if the job still runs after `ms`. */
  startTimeout(ms: number, onTimeout: () => void): void {
    this.timer = setTimeout(onTimeout, ms)
  }

  /**
   * Runs the workload's runner to its outcome (undefined when it was stopped); every event it emits
   * goes to `emit`.
   */
  async execute(
    options: Pick<ResolvedOptions, 'tokenIntervalMs' | 'stepIntervalMs'>,
    emit: (event: JobEvent) => void,
  ): Promise<RunOutcome | undefined> {
    const ctx: RunContext = {
      job: this.job,
      workload: this.workload,
      signal: this.controller.signal,
      tokenIntervalMs: options.tokenIntervalMs,
      stepIntervalMs: options.stepIntervalMs,
      emit,
      appendOutput: (text) => {
        this.output += text
        this.hasTokens = true
      },
      setTokens: (prompt, completion) => {
        this.promptTokens = prompt
        this.completionTokens = completion
      },
    }
    try {
      return this.workload.kind === 'image' ? await runImage(ctx) : await runLlm(ctx)
    } finally {
      this.active = false
      clearTimeout(this.timer)
    }
  }

  /** The job ended: no timeout any more, and a runner still executing is aborted. */
  stop(): void {
    clearTimeout(this.timer)
    if (this.active) this.controller.abort()
  }
}
