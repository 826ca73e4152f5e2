import { useEffect, useState } from 'react'
import { useDemoInfo } from '../demo-info'
import { explain } from '../explain'

/** Seconds left until `seconds` after this error appeared (0 once passed). */
function useCountdown(seconds: number | undefined, key: unknown): number {
  const [left, setLeft] = useState(seconds ?? 0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new error (key) restarts the wait
  useEffect(() => {
    if (!seconds) return setLeft(0)
    const end = Date.now() + seconds * 1000
    setLeft(seconds)
    const timer = setInterval(() => {
      const rest = Math.max(0, Math.ceil((end - Date.now()) / 1000))
      setLeft(rest)
      if (rest === 0) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [seconds, key])
  return left
}

/** Inline code in a sentence: `npm run demo` in backquotes becomes `<code>`. */
function Sentence({ text }: { text: string }) {
  const parts = text.split('`')
  return (
    <>
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
        i % 2 ? <code key={i}>{part}</code> : part,
      )}
    </>
  )
}

/**
 * An error as a person wants it: what happened, what to do next, and a retry button (held
 * back while a rate limit's wait runs).
 */
export function ErrorNotice({
  error,
  onRetry,
  retryLabel = 'Try again',
}: {
  error: unknown
  onRetry?: () => void
  retryLabel?: string
}) {
  const mode = useDemoInfo()?.mode
  const { title, detail, next, retryAfter } = explain(error, mode)
  const left = useCountdown(retryAfter, error)
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <p>{detail}</p>
      <p className="notice-next">
        <Sentence text={next} />
      </p>
      {left > 0 && (
        <p className="notice-wait" aria-live="polite">
          Wait {left} s…
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={left > 0}>
          {left > 0 ? `${retryLabel} in ${left} s` : retryLabel}
        </button>
      )}
    </div>
  )
}

/** A query's error (if it has one), with a retry that reads it again. */
export function QueryError({ query }: { query: { error: unknown; refetch: () => unknown } }) {
  if (!query.error) return null
  return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
}
