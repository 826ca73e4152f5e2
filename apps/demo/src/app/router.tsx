import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

/** The pages of the demo, by path. */
export type Route =
  | { page: 'chat' }
  | { page: 'images' }
  | { page: 'jobs'; jobId?: string }
  | { page: 'batch' }
  | { page: 'account' }
  | { page: 'not-found'; path: string }

/** Reads a path: `/` and `/chat` are the chat, `/jobs/job_1` a job's details. */
export function parseRoute(path: string): Route {
  const [first = '', second, ...rest] = path.split('/').filter(Boolean)
  if (rest.length === 0 && first === 'jobs') {
    return second ? { page: 'jobs', jobId: decodeSegment(second) } : { page: 'jobs' }
  }
  if (second === undefined) {
    if (first === '' || first === 'chat') return { page: 'chat' }
    if (first === 'images' || first === 'batch' || first === 'account') return { page: first }
  }
  return { page: 'not-found', path }
}

/** A path segment as text; a malformed escape (`%E0%A4%A`) stays as typed. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

/** Goes to `path` in the app (a history entry, no page load). */
export function navigate(path: string): void {
  if (path === location.pathname) return
  history.pushState(null, '', path)
  for (const listener of listeners) listener()
  window.scrollTo(0, 0)
}

/** The current path, followed through links and the back button. */
export function usePath(): string {
  return useSyncExternalStore(
    subscribe,
    () => location.pathname,
    () => '/',
  )
}

/** An `<a>` that changes page without reloading (modified clicks open a tab as usual). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
    if (event.defaultPrevented || modified || event.button !== 0 || !href) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={click} {...rest} />
}
