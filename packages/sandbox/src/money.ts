/** Credits are stored as integer micro-credits so sums never drift. */
export const MICRO = 1_000_000

/** Credits (e.g. 0.01) to micro-credits (10000). */
export function toMicro(credits: number): number {
  return Math.round(credits * MICRO)
}

/** Micro-credits to credits, rounded to 6 decimals. */
export function fromMicro(micro: number): number {
  return Math.round(micro) / MICRO
}
