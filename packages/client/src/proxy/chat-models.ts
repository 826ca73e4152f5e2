/** How long the upstream's list of chat models is trusted before it is fetched again. */
export const CHAT_MODELS_TTL_MS = 60_000

/**
 * The Cargo (workload slug) each chat model runs, as the upstream lists them under
 * `GET /models`: `id` is the value of `model`, `workload_slug` the Cargo (the id itself
 * when absent). A model the upstream does not list is not a chat model.
 */
export type ChatModelCatalog = (model: string) => Promise<string | undefined>

/**
 * Looks chat models up in the upstream's `GET /models`, fetched on first use and again
 * once the list is older than `ttl`; concurrent callers share one request, and a failed
 * request is not remembered (the next call tries again). `load` throws when the upstream
 * cannot answer, so callers fail closed.
 *
 * @example
 * const workloadOf = chatModelCatalog(() => fetch(`${api}/models`, { headers }))
 * await workloadOf('llm-chat') // 'llm-chat'; undefined for 'sdxl'
 */
export function chatModelCatalog(
  load: () => Promise<Response>,
  ttl = CHAT_MODELS_TTL_MS,
  now: () => number = Date.now,
): ChatModelCatalog {
  let cached: { at: number; models: Promise<Map<string, string>> } | undefined
  return async (model) => {
    if (!cached || now() - cached.at > ttl) {
      const entry = { at: now(), models: load().then(parseModels) }
      cached = entry
      entry.models.catch(() => {
        if (cached === entry) cached = undefined
      })
    }
    return (await cached.models).get(model)
  }
}

async function parseModels(response: Response): Promise<Map<string, string>> {
  if (!response.ok) {
    await response.body?.cancel()
    throw new Error(`GET /models answered ${response.status}`)
  }
  const body = (await response.json()) as unknown
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data
  if (!Array.isArray(list)) throw new Error('GET /models did not return a list')
  const models = new Map<string, string>()
  for (const entry of list as { id?: unknown; workload_slug?: unknown }[]) {
    if (typeof entry?.id !== 'string') continue
    const slug = typeof entry.workload_slug === 'string' ? entry.workload_slug : entry.id
    models.set(entry.id, slug)
  }
  return models
}
