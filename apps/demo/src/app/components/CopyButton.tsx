import { useState } from 'react'

/** Copies `text` to the clipboard and says so; selects it when the clipboard is closed. */
export function CopyButton({ text, target }: { text: string; target?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      // No clipboard (an insecure origin, a denied permission): select it for Ctrl-C.
      const node = target ? document.getElementById(target) : null
      if (node) getSelection()?.selectAllChildren(node)
      setState('failed')
    }
  }
  return (
    <button type="button" onClick={copy} aria-live="polite">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Selected: press Ctrl-C' : 'Copy'}
    </button>
  )
}
