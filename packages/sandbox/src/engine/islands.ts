import { stableId } from '../ids.js'

/** A simulated Island (host): one worker of the job engine. */
export interface Island {
  index: number
  id: string
  name: string
  region: string
  gpu: string
  vramMb: number
  karmaScore: number
  /** The job it is running, if any. */
  busyJobId: string | null
}

const NAMES = [
  'Aruba',
  'Bali',
  'Crete',
  'Delos',
  'Elba',
  'Fiji',
  'Gozo',
  'Hvar',
  'Ibiza',
  'Jersey',
  'Kauai',
  'Lanai',
  'Malta',
  'Naxos',
  'Oahu',
  'Paros',
  'Rhodes',
  'Samoa',
  'Tonga',
  'Vis',
]
const REGIONS = ['eu-west', 'us-east', 'ap-southeast', 'eu-central', 'us-west']
const GPUS: Array<[string, number]> = [
  ['NVIDIA RTX 4090', 24_576],
  ['NVIDIA A100', 40_960],
  ['NVIDIA RTX 3090', 24_576],
  ['NVIDIA L4', 24_576],
]

/** The Islands of a sandbox: stable ids and names, so they survive restarts. */
export function createIslands(count: number): Island[] {
  return Array.from({ length: count }, (_, index) => {
    const [gpu, vramMb] = GPUS[index % GPUS.length] ?? ['NVIDIA L4', 24_576]
    const round = Math.floor(index / NAMES.length)
    return {
      index,
      id: stableId('isl', `island-${index}`),
      name: `${NAMES[index % NAMES.length]}${round > 0 ? `-${round + 1}` : ''}`,
      region: REGIONS[index % REGIONS.length] ?? 'eu-west',
      gpu,
      vramMb,
      karmaScore: Math.round((0.9 + ((index * 7) % 10) / 100) * 100) / 100,
      busyJobId: null,
    }
  })
}
