/**
 * A `Uint8Array` over a plain `ArrayBuffer`, spelled so that every supported TypeScript
 * reads it: `Uint8Array<ArrayBuffer>` on TypeScript ≥ 5.7 (what `new Blob([bytes])` and
 * `crypto.subtle.digest` ask for there), plain `Uint8Array` before 5.7, where typed arrays
 * are not generic and the literal spelling fails with "Type 'Uint8Array' is not generic".
 */
export type Bytes = ReturnType<Uint8Array['slice']>
