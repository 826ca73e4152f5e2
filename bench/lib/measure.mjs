import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// What every client benchmark shares: runs of interleaved contenders, ratios against a baseline
// measured in the same run, and a table of medians with the min and max of the runs.

/**
 * The numeric `--name value` options of a benchmark, with their defaults.
 * @template {string} K
 * @param {Record<K, number>} defaults
 * @returns {Record<K, number>}
 */
export function numberOptions(defaults) {
  const options = {}
  for (const [name, value] of Object.entries(defaults)) {
    options[name] = { type: 'string', default: String(value) }
  }
  const { values } = parseArgs({ options })
  const out = {}
  for (const [name, raw] of Object.entries(values)) {
    out[name] = Number(raw)
    if (!Number.isFinite(out[name])) throw new Error(`--${name} expects a number, got '${raw}'`)
  }
  return out
}

/** @param {number[]} xs */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** `0.84× [0.80–0.88]`: the median of the runs, then their min and max. */
export function spread(xs, digits = 2) {
  const f = (x) => x.toFixed(digits)
  return `${f(median(xs))}× [${f(Math.min(...xs))}–${f(Math.max(...xs))}]`
}

/**
 * The contenders in a rotated order (run `i` starts with contender `i`), so that none always runs
 * right after another and load from other processes falls on all of them alike.
 * @template T
 * @param {T[]} items
 * @param {number} i
 */
export function rotate(items, i) {
  const k = i % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

/**
 * Prints rows as aligned columns (the first row is the header).
 * @param {string[][]} rows
 */
export function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  for (const row of rows) {
    console.log(
      row
        .map((cell, c) => String(cell).padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
  }
}

/** `ok` when the median ratio meets the target, `below` otherwise. */
export function verdict(ratios, target) {
  return median(ratios) >= target ? 'ok' : 'below'
}

/** The machine while measuring: the figures mean little without it. */
export function machineLine() {
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
  return `Node ${process.version}, ${cpus().length} CPUs, load average ${load}`
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')

/**
 * Collects the garbage the previous contender left (a stream's 200 000 events, say), so that its
 * collection does not land in the next contender's time.
 */
export function collectGarbage() {
  gc()
}
