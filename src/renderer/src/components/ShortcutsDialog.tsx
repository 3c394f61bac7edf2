import { useEffect, useRef } from 'react'
import { shortcuts } from '../shortcuts'
import { useFrontlineStore } from '../store'

/** The list of keyboard shortcuts (`?`), from the same table the keys are handled by. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null)
  const team = useFrontlineStore((s) => s.me?.team === true)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    return () => before?.focus()
  }, [])
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-heading"
        className="dialog"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            onClose()
          }
        }}
      >
        <h2 id="shortcuts-heading" className="dialog__title">
          Keyboard shortcuts
        </h2>
        <dl className="shortcut-list">
          {shortcuts
            .filter((shortcut) => team || !shortcut.team)
            .map((shortcut) => (
              <div key={shortcut.key} className="shortcut-list__row">
                <dt>
                  <kbd>{shortcut.label}</kbd>
                </dt>
                <dd>{shortcut.description}</dd>
              </div>
            ))}
        </dl>
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  )
}
