/**
 * The open streams of each API key, so that deleting a key ends them at once (a client that
 * reconnects then gets 401), just as the key stops working for new requests.
 */
export class KeyStreams {
  private readonly byKey = new Map<string, Set<() => void>>()

  /** Registers a stream's clean close; returns the function that forgets it. */
  add(keyId: string, close: () => void): () => void {
    let set = this.byKey.get(keyId)
    if (!set) {
      set = new Set()
      this.byKey.set(keyId, set)
    }
    set.add(close)
    return () => {
      const current = this.byKey.get(keyId)
      if (!current) return
      current.delete(close)
      if (current.size === 0) this.byKey.delete(keyId)
    }
  }

  /** Ends every open stream of a key (the key was deleted). */
  closeAll(keyId: string): void {
    const set = this.byKey.get(keyId)
    if (!set) return
    this.byKey.delete(keyId)
    for (const close of set) close()
  }
}
