import { redactSecrets } from './redact'

const MARKER: unique symbol = Symbol.for('archipelag.error') as never

/** Fields every {@link ArchipelagError} may carry. */
export interface ArchipelagErrorInit {
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number
  /** The server's `x-request-id`, to quote when reporting a problem. */
  requestId?: string
  /** The parsed error body (or the raw text when it was not JSON). */
  body?: unknown
  /** The machine-readable error code from the body (`insufficient_credits`, …). */
  code?: string
  /** The underlying error, when this one wraps another. */
  cause?: unknown
}

type Kinded = { readonly kind?: string }

function kindsOf(ctor: Function): readonly string[] {
  const kinds: string[] = []
  let c: Function | null = ctor
  while (c && c !== Error && c !== Function.prototype) {
    if (Object.hasOwn(c, 'kind')) kinds.push((c as Kinded).kind as string)
    c = Object.getPrototypeOf(c) as Function | null
  }
  return kinds
}

/**
 * Base class of every error thrown by the Archipelag SDK.
 *
 * `instanceof` works even when two copies of the package are loaded (ESM and CJS
 * builds, or two versions): classes are matched by a `Symbol.for` marker, not identity.
 *
 * @example
 * ```ts
 * try {
 *   await transport.jobs.get('job_missing')
 * } catch (error) {
 *   if (error instanceof NotFoundError) console.log('gone', error.requestId)
 *   else if (isArchipelagError(error)) console.log(error.status, error.message)
 * }
 * ```
 */
export class ArchipelagError extends Error {
  static readonly kind: string = 'ArchipelagError'
  /** HTTP status, when the error comes from an HTTP answer. */
  declare readonly status?: number
  /** The server's request id (`x-request-id`). */
  declare readonly requestId?: string
  /** The parsed error body. */
  declare readonly body?: unknown
  /** The machine-readable error code (`not_found`, `rate_limited`, …). */
  declare readonly code?: string

  /**
   * Every field of `init` but `cause` (which goes to `Error`) becomes a property of the
   * error, unless undefined: subclasses with fields of their own need no code for them.
   */
  constructor(message: string, init: ArchipelagErrorInit = {}) {
    const { cause, ...fields } = init
    super(redactSecrets(message), cause === undefined ? undefined : { cause })
    Object.defineProperty(this, MARKER, { value: kindsOf(new.target) })
    Object.defineProperty(this, 'name', {
      value: (new.target as Kinded).kind ?? 'ArchipelagError',
      configurable: true,
      writable: true,
    })
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (this as Record<string, unknown>)[key] = value
    }
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is deliberate: it is the class on the right of `instanceof` (a subclass too).
    // biome-ignore lint/complexity/noThisInStatic: dispatch on the checked subclass
    return matchesClass(this, value)
  }

  /** A plain, key-free object for logs: `JSON.stringify(error)` uses it. */
  toJSON(): Record<string, unknown> {
    // Own enumerable fields: `name` and the marker are defined non-enumerable, `message` by `Error`.
    return { name: this.name, message: this.message, ...(this as object) }
  }
}

function matchesClass(ctor: Function & Kinded, value: unknown): boolean {
  // A user subclass without its own `kind` falls back to the prototype check (false for a
  // primitive).
  return Object.hasOwn(ctor, 'kind')
    ? hasKind(value, ctor.kind as string)
    : Object.prototype.isPrototypeOf.call(ctor.prototype, value as object)
}

/** Whether `value` carries the marker of an SDK class of this kind (from any copy). */
function hasKind(value: unknown, kind: string): boolean {
  const kinds = (value as { [MARKER]?: unknown } | null | undefined)?.[MARKER]
  return Array.isArray(kinds) && kinds.includes(kind)
}

/**
 * True for any error thrown by any copy of the Archipelag SDK.
 *
 * @example
 * ```ts
 * if (isArchipelagError(error)) console.error(error.status, error.requestId)
 * ```
 */
export function isArchipelagError(value: unknown): value is ArchipelagError {
  return hasKind(value, 'ArchipelagError')
}
