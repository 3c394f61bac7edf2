/** Placeholder rows while data loads, so the layout does not jump when it arrives. */
export function LoadingRows({ rows = 6, label }: { rows?: number; label: string }) {
  return (
    <div className="loading-rows" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="loading-rows__row" aria-hidden="true" />
      ))}
    </div>
  )
}
