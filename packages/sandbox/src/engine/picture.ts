import { createRandom } from './prng.js'

type Rgb = [number, number, number]

/** One ridge of hills: its height along the picture and its shade. */
interface Hill {
  shade: number
  /** The ridge's y for every x. */
  ridge: Float64Array
}

/** Everything drawn in a landscape, drawn from its seed. */
interface Scene {
  width: number
  height: number
  top: Rgb
  bottom: Rgb
  sunX: number
  sunY: number
  sunR: number
  hills: Hill[]
  water: number
}

function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t
}

/** Draws the scene of a seed: sky colours, sun, three hill ridges, the waterline. */
function planScene(width: number, height: number, seed: number): Scene {
  const random = createRandom(seed)
  const hue = random()
  const top: Rgb = [40 + 120 * hue, 60 + 80 * random(), 140 + 100 * random()]
  const bottom: Rgb = [250, 170 + 60 * random(), 120 + 80 * hue]
  const sunX = width * (0.2 + 0.6 * random())
  const sunY = height * (0.2 + 0.25 * random())
  const sunR = Math.min(width, height) * (0.06 + 0.06 * random())
  const layers = Array.from({ length: 3 }, (_, i) => ({
    base: height * (0.5 + 0.1 * i),
    amp: height * (0.05 + 0.05 * random()),
    f1: (2 + 4 * random()) / width,
    f2: (7 + 9 * random()) / width,
    p1: random() * 6.283,
    p2: random() * 6.283,
    shade: 0.55 - 0.15 * i,
  }))
  const hills = layers.map((l) => ({
    shade: l.shade,
    ridge: Float64Array.from(
      { length: width },
      (_, x) =>
        l.base +
        l.amp * Math.sin(x * l.f1 * 6.283 + l.p1) +
        l.amp * 0.4 * Math.sin(x * l.f2 * 6.283 + l.p2),
    ),
  }))
  return { width, height, top, bottom, sunX, sunY, sunR, hills, water: height * 0.82 }
}

/** Paints row `y` of the scene into `out` (RGB bytes): sky, sun and glow, hills, water. */
function paintRow(scene: Scene, y: number, out: Uint8ClampedArray): void {
  const { width, height, top, bottom, sunX, sunY, sunR, hills, water } = scene
  const t = y / Math.max(1, height - 1)
  const skyR = mix(top[0], bottom[0], t)
  const skyG = mix(top[1], bottom[1], t)
  const skyB = mix(top[2], bottom[2], t)
  for (let x = 0; x < width; x++) {
    let r = skyR
    let g = skyG
    let b = skyB
    const dx = x - sunX
    const dy = y - sunY
    const d = Math.sqrt(dx * dx + dy * dy)
    if (d < sunR) {
      r = 255
      g = 236
      b = 180
    } else if (d < sunR * 3) {
      const glow = (1 - (d - sunR) / (sunR * 2)) * 0.5
      r = mix(r, 255, glow)
      g = mix(g, 220, glow)
      b = mix(b, 170, glow)
    }
    for (let i = 0; i < hills.length; i++) {
      const hill = hills[i] as Hill
      if (y >= (hill.ridge[x] ?? height)) {
        r = skyR * hill.shade * 0.6
        g = skyG * hill.shade * 0.8 + 20 * (i + 1)
        b = skyB * hill.shade * 0.7
      }
    }
    if (y >= water) {
      const ripple = 0.85 + 0.15 * Math.sin(y * 0.9 + Math.sin(x * 0.05) * 2)
      r = mix(r, 30, 0.5) * ripple
      g = mix(g, 80, 0.5) * ripple
      b = mix(b, 140, 0.5) * ripple
    }
    const o = (y * width + x) * 3
    out[o] = r
    out[o + 1] = g
    out[o + 2] = b
  }
}

/**
 * Paints a deterministic landscape (sky gradient, sun, layered hills, water) for a seed, as RGB bytes.
 */
export function paintLandscape(width: number, height: number, seed: number): Uint8Array {
  const scene = planScene(width, height, seed)
  const out = new Uint8ClampedArray(width * height * 3)
  for (let y = 0; y < height; y++) paintRow(scene, y, out)
  return new Uint8Array(out.buffer)
}
