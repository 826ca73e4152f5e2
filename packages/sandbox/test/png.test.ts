import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, encodePng } from '../src/engine/png.js'
import { renderImage } from '../src/engine/runners.js'

interface Chunk {
  type: string
  data: Buffer
  crcOk: boolean
}

function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = []
  let offset = 8
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    const crc = png.readUInt32BE(offset + 8 + length)
    chunks.push({ type, data, crcOk: crc === crc32(png, offset + 4, offset + 8 + length) })
    offset += 12 + length
  }
  return chunks
}

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })

  it('produces a PNG that decodes to the requested size', () => {
    const png = Buffer.from(renderImage('a harbour at dusk', 42, 96, 64), 'base64')
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const chunks = readChunks(png)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect(chunks.every((c) => c.crcOk)).toBe(true)
    const ihdr = chunks[0]?.data as Buffer
    expect(ihdr.readUInt32BE(0)).toBe(96)
    expect(ihdr.readUInt32BE(4)).toBe(64)
    expect([ihdr[8], ihdr[9]]).toEqual([8, 2])
    const raw = inflateSync(chunks[1]?.data as Buffer)
    expect(raw.length).toBe((96 * 3 + 1) * 64)
    // each scanline starts with filter type 0 and the picture is not a flat colour
    for (let y = 0; y < 64; y++) expect(raw[y * (96 * 3 + 1)]).toBe(0)
    expect(new Set(raw).size).toBeGreaterThan(20)
  })

  it('is deterministic for prompt + seed and differs otherwise', () => {
    const a = renderImage('a lighthouse', 1, 32, 32)
    expect(renderImage('a lighthouse', 1, 32, 32)).toBe(a)
    expect(renderImage('a lighthouse', 2, 32, 32)).not.toBe(a)
    expect(renderImage('a windmill', 1, 32, 32)).not.toBe(a)
  })

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(RangeError)
  })
})
