// pnpm --filter @archipelag/client example:image [out.png]
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { connect } from './connect'

// Relative to where you ran pnpm (INIT_CWD), not to this package.
const file = resolve(process.env.INIT_CWD ?? '.', process.argv[2] ?? 'sunset.png')
const { client, close } = await connect()
try {
  const image = await client.generateImage('a sunset over mountains', {
    negativePrompt: 'blurry, low quality',
    width: 512,
    height: 512,
    steps: 20,
    seed: 42,
    onProgress: (step, total) => process.stderr.write(`\rstep ${step}/${total}`),
  })
  process.stderr.write('\n')
  await writeFile(file, image.bytes())
  console.log(
    `wrote ${file}: ${image.width}x${image.height} ${image.imageFormat}, seed ${image.seed}`,
  )
} finally {
  await close()
}
