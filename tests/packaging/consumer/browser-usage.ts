// Compiled by test/consumer-types.test.ts as a browser application would: lib ES2022 + DOM,
// no @types/node (`types: []`), strict, skipLibCheck off. Type-checked only, never run.
import { Client } from '@archipelag/client'

export async function browserUsage(img: HTMLImageElement): Promise<void> {
  const client = new Client({ baseUrl: '/api/archipelag' })
  const image = await client.generateImage('a lighthouse at dusk')
  // On TypeScript ≥ 5.7 a Blob takes only ArrayBuffer-backed arrays: bytes() must say so.
  img.src = URL.createObjectURL(new Blob([image.bytes()], { type: `image/${image.imageFormat}` }))
  await crypto.subtle.digest('SHA-256', image.bytes())
  await client.close()
}
