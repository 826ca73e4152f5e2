import type { ChatModelCatalog } from './chat-models'
import { errorResponse } from './error-response'
import type { BodyResult } from './read-body'
import { type CompiledRoute, compileRoute, matchesRoute } from './routes'

/** The chat model a completion runs when its body names none (the API's default too). */
export const DEFAULT_CHAT_MODEL = 'llm-chat'

/** Routes whose JSON body names what will run: a Cargo (`workload`) or a chat `model`. */
const WORKLOAD_ROUTES: readonly { route: CompiledRoute; field: 'workload' | 'model' }[] = [
  { route: compileRoute('POST /jobs'), field: 'workload' },
  { route: compileRoute('POST /jobs/batch'), field: 'workload' },
  { route: compileRoute('POST /chat/completions'), field: 'model' },
]

/** What {@link checkWorkload} needs: the allow-list and where chat models are looked up. */
export interface WorkloadPolicy {
  allowed: ReadonlySet<string>
  chatModels: ChatModelCatalog
}

/** The body field naming what a request runs, if it runs anything. */
export function workloadField(method: string, segments: readonly string[]) {
  return WORKLOAD_ROUTES.find((w) => matchesRoute(w.route, method, segments))?.field
}

/**
 * Checks that what the body asks to run is allowed, and returns the body to forward: the
 * parsed JSON written out again, so that the upstream reads exactly what was checked (no
 * duplicate `"workload"` key read one way here and another way there).
 *
 * - `workload` (jobs, batches) must be in the allow-list.
 * - `model` (chat completions, {@link DEFAULT_CHAT_MODEL} when absent, and then written
 *   into the body) must be a chat model the upstream lists under `GET /models`, and the
 *   Cargo that model runs must be in the allow-list. So `{"model": "sdxl"}` is refused
 *   even with `sdxl` allowed: the API would not run `sdxl` there, and an older server
 *   silently ran `llm-chat` instead, a Cargo the proxy had not allowed.
 *
 * @example
 * const checked = await checkWorkload(bytes, 'model', policy)
 * if ('refusal' in checked) return checked.refusal
 */
export async function checkWorkload(
  bytes: Uint8Array,
  field: 'workload' | 'model',
  policy: WorkloadPolicy,
): Promise<BodyResult> {
  const body = parseObject(bytes)
  if (!body)
    return { refusal: errorResponse(400, 'invalid_json', 'Request body must be a JSON object') }
  const named = body[field] ?? (field === 'model' ? DEFAULT_CHAT_MODEL : undefined)
  if (typeof named !== 'string') return { refusal: notAllowed(named) }
  let runs: string | undefined = named
  if (field === 'model') {
    if (policy.allowed.size === 0) return { refusal: notAllowed(named) }
    try {
      runs = await policy.chatModels(named)
    } catch {
      const message = 'Could not check the model against the API’s list of chat models'
      return { refusal: errorResponse(502, 'bad_gateway', message) }
    }
    if (runs === undefined) {
      const message = `Model "${clip(named)}" is not a chat model of this API`
      return { refusal: errorResponse(403, 'forbidden', message) }
    }
    body.model = named
  }
  if (!policy.allowed.has(runs)) return { refusal: notAllowed(runs) }
  return { bytes: new TextEncoder().encode(JSON.stringify(body)) }
}

function parseObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function notAllowed(workload: unknown): Response {
  const message = `Workload "${clip(String(workload))}" is not allowed by this proxy`
  return errorResponse(403, 'forbidden', message)
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
