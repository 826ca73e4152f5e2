/** What a workload does in the simulated Islands. */
export type WorkloadKind = 'llm' | 'image' | 'audio'

/** A workload row as the sandbox keeps it. */
export interface WorkloadRecord {
  id: number
  slug: string
  name: string
  description: string
  kind: WorkloadKind
  runtime_type: 'container' | 'wasm'
  required_vram_mb: number | null
  required_ram_mb: number | null
  price_micro: number
  is_enabled: boolean
}

/** The seeded catalogue ("Cargos"). */
export const SEED_WORKLOADS: ReadonlyArray<WorkloadRecord> = [
  {
    id: 1,
    slug: 'llm-chat',
    name: 'LLM Chat',
    description: 'Chat completion with a compact instruction-tuned language model',
    kind: 'llm',
    runtime_type: 'container',
    required_vram_mb: 8192,
    required_ram_mb: 16384,
    price_micro: 10_000,
    is_enabled: true,
  },
  {
    id: 2,
    slug: 'sdxl',
    name: 'Stable Diffusion XL',
    description: 'Text-to-image generation (PNG)',
    kind: 'image',
    runtime_type: 'container',
    required_vram_mb: 12288,
    required_ram_mb: 16384,
    price_micro: 50_000,
    is_enabled: true,
  },
  {
    id: 3,
    slug: 'llm-chat-large',
    name: 'LLM Chat (large)',
    description: 'Chat completion with a larger language model',
    kind: 'llm',
    runtime_type: 'container',
    required_vram_mb: 24576,
    required_ram_mb: 32768,
    price_micro: 30_000,
    is_enabled: true,
  },
  {
    id: 4,
    slug: 'whisper',
    name: 'Whisper',
    description: 'Speech to text (not available in the sandbox)',
    kind: 'audio',
    runtime_type: 'container',
    required_vram_mb: 4096,
    required_ram_mb: 8192,
    price_micro: 20_000,
    is_enabled: false,
  },
]

/** The model `POST /chat/completions` runs when the request names none. */
export const DEFAULT_CHAT_MODEL = 'llm-chat'

/** Whether a workload serves chat: an enabled language Cargo (what `GET /models` lists). */
export function isChatModel(workload: WorkloadRecord): boolean {
  return workload.kind === 'llm' && workload.is_enabled
}
