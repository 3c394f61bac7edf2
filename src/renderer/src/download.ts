/** Writes text to a file the browser downloads; no server round trip beyond asking the core for it. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = filename
  anchor.style.display = 'none'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // The download has started from the URL by now; keep it a moment for slower browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const downloadCsv = (filename: string, csv: string): void =>
  downloadText(filename, csv, 'text/csv;charset=utf-8')
