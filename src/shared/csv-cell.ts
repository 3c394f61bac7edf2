/** One CSV cell as spreadsheets read it: quoted when it holds a comma, a quote or a line break. */
export const csvCell = (value: string | number): string => {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvLine = (cells: readonly (string | number)[]): string => cells.map(csvCell).join(',')
