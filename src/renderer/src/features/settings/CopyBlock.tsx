import { useEffect, useId, useRef, useState } from 'react'

type CopyState = 'idle' | 'copied' | 'failed'

/** Text to paste somewhere else, with a Copy button; if the clipboard refuses, the text is selected instead. */
export function CopyBlock({ label, text }: { label: string; text: string }) {
  const [state, setState] = useState<CopyState>('idle')
  const codeRef = useRef<HTMLPreElement>(null)
  const labelId = useId()
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    []
  )

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      const code = codeRef.current
      if (code) window.getSelection()?.selectAllChildren(code)
      setState('failed')
    }
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setState('idle'), 4000)
  }

  return (
    <div className="copy-block">
      <div className="copy-block__header">
        <span id={labelId} className="field__label">
          {label}
        </span>
        <span className="copy-block__status" role="status">
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Selected: press Ctrl+C to copy' : ''}
        </span>
        <button
          type="button"
          className="button button--quiet button--compact"
          aria-label={`Copy ${label}`}
          onClick={() => void copy()}
        >
          Copy
        </button>
      </div>
      <pre ref={codeRef} className="copy-block__code" aria-labelledby={labelId} tabIndex={0}>
        {text}
      </pre>
    </div>
  )
}
