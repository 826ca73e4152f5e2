import { useEffect, useState } from 'react'

/** `system` follows `prefers-color-scheme`; the others override it (remembered). */
export type Theme = 'system' | 'light' | 'dark'

const KEY = 'archipelag-demo:theme'
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' }

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system'
  }
}

/**
 * The theme and a function cycling it (system → light → dark). It is applied as
 * `data-theme` on `<html>` (index.html applies the saved one before the first paint).
 */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState(stored)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
    try {
      if (theme === 'system') localStorage.removeItem(KEY)
      else localStorage.setItem(KEY, theme)
    } catch {
      // Storage disabled: the choice lasts for this visit only.
    }
  }, [theme])
  return [theme, () => setTheme((t) => NEXT[t])]
}
