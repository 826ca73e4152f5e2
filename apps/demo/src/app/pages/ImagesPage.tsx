import type { FormEvent } from 'react'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { credits } from '../format'
import { Link } from '../router'
import { useStoredState } from '../stored-state'
import { useWork } from '../work'
import { Gallery } from './Gallery'

const SIZES = [256, 512, 768, 1024]

interface Form {
  prompt: string
  size: number
  steps: number
  /** Empty: a random seed. */
  seed: string
}

const DEFAULT_FORM: Form = { prompt: 'a lighthouse at dusk', size: 512, steps: 30, seed: '' }

export function ImagesPage() {
  const { image: painter } = useWork()
  const [form, setForm] = useStoredState('images:form', DEFAULT_FORM)
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch })
  const busy = painter.status === 'pending'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const seed = form.seed.trim() === '' ? undefined : Number(form.seed)
    void painter.generate(form.prompt.trim(), {
      width: form.size,
      height: form.size,
      steps: form.steps,
      seed,
    })
  }
  const { image, url } = painter

  return (
    <section className="page images" aria-labelledby="images-title">
      <header className="page-header">
        <h1 id="images-title">Images</h1>
        <p className="lede">An Island paints step by step; the bar follows its progress events.</p>
      </header>
      <form className="card form-grid" onSubmit={submit}>
        <label className="span-all">
          Prompt
          <input
            id="image-prompt"
            value={form.prompt}
            required
            onChange={(e) => set({ prompt: e.target.value })}
          />
        </label>
        <label>
          Size
          <select
            id="image-size"
            value={form.size}
            onChange={(e) => set({ size: Number(e.target.value) })}
          >
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s} × {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Steps <output htmlFor="image-steps">{form.steps}</output>
          </span>
          <input
            id="image-steps"
            type="range"
            min={5}
            max={60}
            value={form.steps}
            onChange={(e) => set({ steps: Number(e.target.value) })}
          />
        </label>
        <label>
          Seed
          <span className="input-with-button">
            <input
              id="image-seed"
              inputMode="numeric"
              pattern="[0-9]*"
              placeholder="random"
              value={form.seed}
              onChange={(e) => set({ seed: e.target.value.replace(/\D/g, '') })}
            />
            <button
              type="button"
              title="Pick a random seed"
              onClick={() => set({ seed: String(Math.floor(Math.random() * 1_000_000)) })}
            >
              Random
            </button>
          </span>
        </label>
        <div className="actions span-all">
          {/* Keys: a new element, so the click on Stop never lands on the submit button. */}
          {busy ? (
            <button key="stop" type="button" className="danger" onClick={painter.stop}>
              Stop
            </button>
          ) : (
            <button key="submit" type="submit" className="primary" disabled={!form.prompt.trim()}>
              Generate
            </button>
          )}
        </div>
      </form>
      {(busy || painter.status === 'success') && (
        <ProgressBar id="image-progress" value={painter.progress} label="Painting" />
      )}
      {painter.status === 'cancelled' && <p className="muted">Stopped: the job was cancelled.</p>}
      {painter.error && <ErrorNotice error={painter.error} />}
      {image && url && (
        <figure className="card result">
          <img
            id="image-result"
            src={url}
            alt={image.prompt}
            width={image.width}
            height={image.height}
          />
          <figcaption>
            <span>
              {image.width} × {image.height} · seed {image.seed ?? '—'} ·{' '}
              {credits(image.usage?.creditsUsed)} credits ·{' '}
              <Link href={`/jobs/${encodeURIComponent(image.jobId)}`}>job</Link>
            </span>
            <a
              className="button"
              href={url}
              download={`archipelag-${image.seed ?? image.jobId}.${image.imageFormat}`}
            >
              Download {image.imageFormat.toUpperCase()}
            </a>
          </figcaption>
        </figure>
      )}
      <Gallery />
    </section>
  )
}
