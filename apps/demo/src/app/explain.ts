import {
  AuthenticationError,
  ConnectionError,
  InsufficientCreditsError,
  JobFailedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  isArchipelagError,
} from '@archipelag/client'
import { credits } from './format'

/** An error as a person wants it: what happened, and what to do next. */
export interface Explained {
  title: string
  detail: string
  next: string
  /** Seconds to wait before trying again (rate limits). */
  retryAfter?: number
}

type Mode = 'sandbox' | 'api' | undefined

const BY_CLASS: [new (...args: never[]) => Error, (e: never, mode: Mode) => Explained][] = [
  [InsufficientCreditsError, outOfCredits],
  [RateLimitError, rateLimited],
  [
    JobFailedError,
    (e: JobFailedError) => ({
      title: 'The job failed',
      detail: e.message,
      next: 'Islands sometimes fail: run it again. The job’s details are on the Jobs page.',
    }),
  ],
  [
    ConnectionError,
    () => ({
      title: 'Can’t reach the demo server',
      detail: 'The page got no answer from the server it was loaded from.',
      next: 'Check that `npm run demo` is still running in your terminal, then try again.',
    }),
  ],
  [ServerError, serverError],
  [
    AuthenticationError,
    () => ({
      title: 'The API refused the server’s key',
      detail: 'The demo server’s API key is missing, wrong or deleted.',
      next: 'Check ARCHIPELAG_API_KEY where the demo server runs, then restart it.',
    }),
  ],
  [
    PermissionDeniedError,
    (e: PermissionDeniedError) => ({
      title: 'Not allowed',
      detail: e.message,
      next: 'This action is not open to the page.',
    }),
  ],
  [
    ValidationError,
    (e: ValidationError) => ({
      title: 'Please check the form',
      detail: e.message,
      next: 'Correct the value named above and try again.',
    }),
  ],
  [
    TimeoutError,
    () => ({
      title: 'This is taking too long',
      detail: 'No answer came in time.',
      next: 'Try again. A job may still finish: the Jobs page shows it.',
    }),
  ],
  [
    NotFoundError,
    () => ({
      title: 'Not found',
      detail: 'The API knows nothing by that id (or it belongs to another account).',
      next: 'Check the link, or pick it from the Jobs page.',
    }),
  ],
]

/**
 * Explains any error the hooks report (the SDK's typed errors), with a next step that fits
 * where the demo runs (the local sandbox or a real API).
 *
 * @example
 * explain(new RateLimitError('…', { status: 429, retryAfter: 2 })).retryAfter // 2
 */
export function explain(error: unknown, mode: Mode): Explained {
  for (const [type, describe] of BY_CLASS) {
    if (error instanceof type) return describe(error as never, mode)
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    title: 'Something went wrong',
    detail: isArchipelagError(error) && error.status ? `${error.status}: ${message}` : message,
    next: 'Try again; if it keeps happening, the terminal running the demo may say more.',
  }
}

function outOfCredits(e: InsufficientCreditsError, mode: Mode): Explained {
  const known = e.required !== undefined && e.available !== undefined
  return {
    title: 'Out of credits',
    detail: known
      ? `This job costs ${credits(e.required)} credits and the account has ${credits(e.available)}.`
      : 'The account does not have enough credits for this job.',
    next:
      mode === 'sandbox'
        ? 'This is the local sandbox: start the demo on a fresh database (`npm run demo -- --db .archipelag/fresh.db`) for 100 new credits.'
        : 'Add credits to the account on archipelag.io, then try again.',
  }
}

function rateLimited(e: RateLimitError): Explained {
  const wait = e.retryAfter ?? 1
  return {
    title: 'Too many requests',
    detail: `The API asks us to wait ${wait} s before the next request.`,
    next: 'Try again when the countdown ends.',
    retryAfter: wait,
  }
}

function serverError(e: ServerError, mode: Mode): Explained {
  if (e.status === 502) {
    return {
      title: 'The demo server can’t reach the API',
      detail: e.message,
      next:
        mode === 'sandbox'
          ? 'The local sandbox stopped answering: restart `npm run demo`.'
          : 'Check the network and ARCHIPELAG_BASE_URL where the demo server runs, then try again.',
    }
  }
  return {
    title: 'The API had a problem',
    detail: `${e.status}: ${e.message}`,
    next: 'Try again in a moment.',
  }
}
