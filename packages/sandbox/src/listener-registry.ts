const NONE: readonly never[] = []

/**
 * Listeners grouped by a key, a group forgotten when its last listener leaves. The event hub keeps
 * the streams of each job in one; the sandbox keeps the streams of each API key in another (so
 * deleting a key ends them).
 *
 * @example
 * ```ts
 * const streams = new ListenerRegistry<() => void>()
 * const forget = streams.add('key_1', () => stream.close())
 * for (const close of streams.take('key_1')) close() // the key was deleted
 * ```
 */
export class ListenerRegistry<L> {
  private readonly groups = new Map<string, Set<L>>()

  /** Adds a listener under a key; returns the function that removes it. */
  add(key: string, listener: L): () => void {
    let group = this.groups.get(key)
    if (!group) {
      group = new Set()
      this.groups.set(key, group)
    }
    group.add(listener)
    return () => {
      const current = this.groups.get(key)
      if (!current) return
      current.delete(listener)
      if (current.size === 0) this.groups.delete(key)
    }
  }

  /** The listeners of a key, as a copy (a listener may remove itself while the caller iterates). */
  of(key: string): readonly L[] {
    const group = this.groups.get(key)
    return group && group.size > 0 ? [...group] : NONE
  }

  /** Removes every listener of a key and returns them. */
  take(key: string): readonly L[] {
    const group = this.groups.get(key)
    if (!group) return NONE
    this.groups.delete(key)
    return [...group]
  }

  /** The keys that have listeners. */
  keys(): string[] {
    return [...this.groups.keys()]
  }

  /** Number of listeners under every key. */
  get size(): number {
    let n = 0
    for (const group of this.groups.values()) n += group.size
    return n
  }
}
