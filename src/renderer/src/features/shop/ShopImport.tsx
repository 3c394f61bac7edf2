import { useId, useState, type FormEvent } from 'react'
import type { ImportPlatform, ImportProgress } from '../../../../shared/domain/shop'
import { formatCount, formatEta } from '../../format'
import { useFrontlineStore } from '../../store'
import type { UploadProgress } from '../../store/shop-slice'

const platforms: { value: ImportPlatform; label: string; hint: string }[] = [
  {
    value: 'shopify',
    label: 'Shopify (CSV exports)',
    hint: 'Choose the orders export, and the products and customers exports if you have them (Shopify admin → Orders, Products or Customers → Export).'
  },
  {
    value: 'woocommerce',
    label: 'WooCommerce (CSV exports)',
    hint: 'Choose the orders export (one row per item) and the products export (Products → Export).'
  },
  {
    value: 'jsonl',
    label: 'Another shop (JSON Lines)',
    hint: 'One customer, product or order a line, in Frontline’s documented JSON Lines format.'
  }
]

const percent = (done: number, total: number): number =>
  total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0

function ProgressBar({ label, value, text }: { label: string; value: number; text: string }) {
  return (
    <div
      className="shop-import__bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={text}
    >
      <span className="shop-import__fill" style={{ width: `${value}%` }} />
    </div>
  )
}

function Uploading({ upload }: { upload: UploadProgress | null }) {
  if (!upload) return <p className="shop-import__headline">Starting the import…</p>
  const value = percent(upload.sentBytes, upload.totalBytes)
  return (
    <>
      <p className="shop-import__headline" aria-live="polite">
        Sending {upload.file}
        {upload.files > 1 ? ` (${upload.fileIndex + 1} of ${upload.files})` : ''}: {value}%
      </p>
      <ProgressBar label="Sending the files" value={value} text={`${value}% of ${upload.file} sent`} />
    </>
  )
}

function counted(p: ImportProgress): string {
  const kinds = [
    ['orders', p.orders],
    ['customers', p.customers],
    ['products', p.products]
  ] as const
  return kinds.map(([name, k]) => `${formatCount(k.created + k.updated + k.unchanged)} ${name}`).join(' · ')
}

function Importing({ progress }: { progress: ImportProgress }) {
  const value = percent(progress.bytesDone, progress.bytesTotal)
  const details = [
    `${formatCount(progress.rows)} rows`,
    `${formatCount(progress.rowsPerSecond)} rows/s`,
    progress.etaMs === null ? 'estimating time left…' : `${formatEta(progress.etaMs)} left`,
    progress.refused > 0 ? `${formatCount(progress.refused)} refused` : null
  ].filter(Boolean)
  return (
    <>
      <p className="shop-import__headline" aria-live="polite">
        Importing{progress.file ? ` ${progress.file}` : ''}: {value}%
      </p>
      <ProgressBar label="Importing the shop" value={value} text={`${value}% imported`} />
      <p className="shop-import__details">{details.join(' · ')}</p>
      <p className="shop-import__details">{counted(progress)}</p>
    </>
  )
}

const headlines: Record<Exclude<ImportProgress['state'], 'running'>, (p: ImportProgress) => string> = {
  done: (p) => `Imported ${formatCount(p.rows)} rows`,
  cancelled: (p) =>
    `Cancelled. ${formatCount(p.batches)} ${p.batches === 1 ? 'batch was' : 'batches were'} written whole; nothing after them was.`,
  failed: (p) => p.error ?? 'The import stopped.'
}

function Finished({ progress }: { progress: ImportProgress }) {
  const state = progress.state === 'running' ? 'done' : progress.state
  const rows = [
    ['Orders', progress.orders],
    ['Customers', progress.customers],
    ['Products', progress.products]
  ] as const
  return (
    <>
      <p className="shop-import__headline" role="status">
        {headlines[state](progress)}
      </p>
      <table className="shop-import__summary" aria-label="What the import changed">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, k]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{formatCount(k.created)}</td>
              <td>{formatCount(k.updated)}</td>
              <td>{formatCount(k.unchanged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress.orderIdFormat ? (
        <p className="shop-import__details">
          Order ids look like <code>{progress.orderIdFormat.pattern}</code>
          {progress.orderIdFormat.examples.length > 0
            ? ` (e.g. ${progress.orderIdFormat.examples.slice(0, 2).join(', ')})`
            : ''}
          ; the agent and the chat channel read them in this format.
        </p>
      ) : null}
    </>
  )
}

function RefusedRows({ progress }: { progress: ImportProgress }) {
  if (progress.refused === 0) return null
  const more = progress.refused - progress.refusedSample.length
  return (
    <table className="shop-import__refused">
      <caption>
        {formatCount(progress.refused)} {progress.refused === 1 ? 'row was' : 'rows were'} refused
        {more > 0 ? ` (the first ${formatCount(progress.refusedSample.length)} are listed)` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Line</th>
          <th scope="col">Column</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {progress.refusedSample.map((row, i) => (
          <tr key={`${row.file}:${row.line}:${i}`}>
            <td>{row.file}</td>
            <td>{row.line}</td>
            <td>{row.column || '—'}</td>
            <td>{row.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * Choosing export files and importing them: a file picker (the operating system's own dialog, in the
 * desktop app too), then the upload and the import with their progress, a way to stop, and what
 * was refused and why.
 */
export function ShopImport() {
  const state = useFrontlineStore((s) => s.shopImport)
  const importShop = useFrontlineStore((s) => s.importShop)
  const cancel = useFrontlineStore((s) => s.cancelShopImport)
  const [platform, setPlatform] = useState<ImportPlatform>('shopify')
  const [files, setFiles] = useState<File[]>([])
  const [currency, setCurrency] = useState('')
  const platformId = useId()
  const filesId = useId()
  const filesHintId = useId()
  const currencyId = useId()
  const busy = state.phase === 'uploading' || state.phase === 'importing'
  const chosen = platforms.find((p) => p.value === platform) ?? platforms[0]!

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (files.length > 0) void importShop(platform, files, currency.trim() || undefined)
  }

  return (
    <div className="shop-import">
      <form className="settings-form" onSubmit={submit} aria-label="Import my shop">
        <fieldset className="settings-fieldset" disabled={busy}>
          <div className="field">
            <label htmlFor={platformId} className="field__label">
              Exported from
            </label>
            <select
              id={platformId}
              className="field__input"
              value={platform}
              onChange={(event) => setPlatform(event.target.value as ImportPlatform)}
            >
              {platforms.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={filesId} className="field__label">
              Export files
            </label>
            <input
              id={filesId}
              className="field__input"
              type="file"
              multiple
              accept=".csv,.jsonl,.ndjson,.json,.txt,text/csv"
              aria-describedby={filesHintId}
              onChange={(event) => setFiles([...(event.target.files ?? [])])}
            />
            <p id={filesHintId} className="field__hint">
              {chosen.hint} Importing the same or a newer export again updates what changed and never
              duplicates.
            </p>
          </div>
          <div className="field">
            <label htmlFor={currencyId} className="field__label">
              Currency, if the files do not say
            </label>
            <input
              id={currencyId}
              className="field__input shop-import__currency"
              type="text"
              maxLength={3}
              placeholder="From the orders"
              value={currency}
              onChange={(event) => setCurrency(event.target.value.toUpperCase())}
            />
          </div>
          <div className="settings-form__actions">
            <button type="submit" className="button" disabled={files.length === 0}>
              Import
            </button>
          </div>
        </fieldset>
      </form>
      {state.error ? (
        <p className="field__error" role="alert">
          {state.error.message}
        </p>
      ) : null}
      {state.phase !== 'idle' ? (
        <section
          className={`shop-import__progress shop-import__progress--${state.progress?.state ?? 'running'}`}
          aria-label="Import progress"
        >
          {state.phase === 'uploading' ? <Uploading upload={state.upload} /> : null}
          {state.phase === 'importing' && state.progress ? <Importing progress={state.progress} /> : null}
          {state.phase === 'finished' && state.progress ? <Finished progress={state.progress} /> : null}
          {busy ? (
            <button type="button" className="button button--quiet" onClick={() => void cancel()}>
              Cancel
            </button>
          ) : null}
          {state.progress ? <RefusedRows progress={state.progress} /> : null}
        </section>
      ) : null}
    </div>
  )
}
