import type { Job } from '@archipelag/client'
import { jobsQueryOptions, useArchipelagClient } from '@archipelag/react'
import { useQuery } from '@tanstack/react-query'
import { QueryError } from '../components/ErrorNotice'
import { time } from '../format'
import { Link } from '../router'

interface Painted {
  job: Job
  src: string
  width?: number
  height?: number
  format: string
}

/** An image job's picture, from its output (`{"image_data": base64, "format", …}`). */
function painted(job: Job): Painted | undefined {
  if (job.workloadSlug !== 'sdxl' || job.status !== 'completed' || !job.output) return undefined
  try {
    const out = JSON.parse(job.output) as Record<string, unknown>
    if (typeof out.image_data !== 'string') return undefined
    const format = typeof out.format === 'string' ? out.format : 'png'
    const size = (v: unknown) => (typeof v === 'number' ? v : undefined)
    return {
      job,
      src: `data:image/${format};base64,${out.image_data}`,
      width: size(out.width),
      height: size(out.height),
      format,
    }
  } catch {
    return undefined
  }
}

/** The account's past images (the newest 50 jobs' completed `sdxl` ones). */
export function Gallery() {
  const client = useArchipelagClient()
  const jobs = useQuery(jobsQueryOptions(client, { limit: 50 }))
  const images = (jobs.data ?? []).map(painted).filter((p) => p !== undefined)
  return (
    <section className="gallery" aria-labelledby="gallery-title">
      <h2 id="gallery-title">Gallery</h2>
      <QueryError query={jobs} />
      {jobs.isSuccess && images.length === 0 && (
        <p className="muted">No images yet: generate one above.</p>
      )}
      <ul className="gallery-grid">
        {images.map(({ job, src, width, height, format }) => (
          <li key={job.id} className="gallery-item">
            <img
              src={src}
              alt={String(job.input.prompt ?? '')}
              width={width}
              height={height}
              loading="lazy"
            />
            <div className="gallery-caption">
              <span title={String(job.input.prompt ?? '')}>{String(job.input.prompt ?? '')}</span>
              <span className="muted">{time(job.createdAt)}</span>
              <span className="gallery-links">
                <Link href={`/jobs/${encodeURIComponent(job.id)}`}>details</Link>
                <a href={src} download={`archipelag-${job.id}.${format}`}>
                  download
                </a>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
