/** A labelled progress bar (0–1), announced to screen readers. */
export function ProgressBar({ value, label, id }: { value: number; label: string; id?: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        id={id}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-value={percent}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-text">
        {label}: {percent}%
      </span>
    </div>
  )
}
