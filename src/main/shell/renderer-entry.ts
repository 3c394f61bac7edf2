import { join } from 'node:path'

/** The page's scheme and host in the desktop app: a privileged, standard, secure scheme of its own. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'frontline'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** Where the window's page comes from: the built files over app://, or electron-vite's dev server. */
export type RendererEntry =
  { kind: 'app'; url: string; rendererDir: string } | { kind: 'dev-server'; url: string }

/**
 * The dev server's URL counts only in `electron-vite dev`: index.ts passes it from
 * `import.meta.env.DEV`, which the production build replaces with false, so a built app (packaged
 * or not) never loads its page from whatever ELECTRON_RENDERER_URL says.
 */
export function resolveRendererEntry(mainDir: string, devServerUrl: string | undefined): RendererEntry {
  if (devServerUrl) return { kind: 'dev-server', url: devServerUrl }
  return { kind: 'app', url: `${APP_ORIGIN}/index.html`, rendererDir: join(mainDir, '../renderer') }
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
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    (parsed.pathname === '/index.html' || parsed.pathname === '/')
  )
}
