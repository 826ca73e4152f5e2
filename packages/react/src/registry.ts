const registries = new WeakMap<object, Map<string, unknown>>()

/**
 * The one store for `key` under `owner` (a client or a query client), created on first use
 * and kept for the page's life, so that every hook given the same `id` shares it and a
 * remounted component finds it still running.
 *
 * @example
 * const store = shared(client, `chat:${id}`, () => new ConversationStore(client, id))
 */
export function shared<T>(owner: object, key: string, create: () => T): T {
  const map = registries.get(owner) ?? new Map<string, unknown>()
  registries.set(owner, map)
  if (!map.has(key)) map.set(key, create())
  return map.get(key) as T
}
