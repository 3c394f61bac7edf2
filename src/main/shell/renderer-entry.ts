import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the window's page comes from: the built file, or electron-vite's dev server. */
export type RendererEntry = { kind: 'file'; path: string } | { kind: 'dev-server'; url: string }

export function resolveRendererEntry(mainDir: string, devServerUrl: string | undefined): RendererEntry {
  if (devServerUrl) return { kind: 'dev-server', url: devServerUrl }
  return { kind: 'file', path: join(mainDir, '../renderer/index.html') }
}

/**
 * Whether a frame URL is the app's own page. IPC from anything else (a frame that navigated away,
 * an injected iframe) is refused, as VS Code does.
 */
export function isAppUrl(url: string, entry: RendererEntry): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (entry.kind === 'dev-server') return parsed.origin === new URL(entry.url).origin
  const expected = pathToFileURL(entry.path)
  return parsed.protocol === 'file:' && parsed.pathname === expected.pathname
}
