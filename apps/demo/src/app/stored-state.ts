import { type Dispatch, type SetStateAction, useEffect, useState } from 'react'

/**
 * `useState` kept in `sessionStorage` under `key`, so a form survives a reload and a change
 * of page (not another tab). Unreadable or missing values give `initial`.
 *
 * @example
 * const [prompt, setPrompt] = useStoredState('images:prompt', 'a lighthouse at dusk')
 */
export function useStoredState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const storageKey = `archipelag-demo:${key}`
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey)
      return saved === null ? initial : (JSON.parse(saved) as T)
    } catch {
      return initial
    }
  })
  useEffect(() => {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(value))
    } catch {
      // Storage full or disabled: the value lasts as long as the page.
    }
  }, [storageKey, value])
  return [value, setValue]
}
