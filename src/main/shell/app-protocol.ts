import { readFile } from 'node:fs/promises'
import { contentTypeOf, resolveStaticPath } from '../web/static-files'
import { APP_HOST, APP_SCHEME } from './renderer-entry'

/**
 * The renderer is served over app://frontline/ instead of file://: one origin of its own (file://
 * pages share theirs with every file on the disk), and only files under the built renderer folder.
 * Registered before the app is ready, as Electron requires for privileged schemes.
 */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true }
} as const

/** The file under `rendererDir` an app:// URL names, or null for anything outside it or malformed. */
export function appFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  return resolveStaticPath(rendererDir, parsed.pathname === '/' ? '/index.html' : parsed.pathname)
}

/**
 * Answers one app:// request: the file with its type, the console's Content-Security-Policy and
 * nosniff; 404 for anything else. Electron's protocol.handle calls it with the Fetch API's Request.
 */
export async function serveAppRequest(
  rendererDir: string,
  request: Pick<Request, 'url' | 'method'>,
  contentSecurityPolicy: string
): Promise<Response> {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' }
  const file =
    request.method === 'GET' || request.method === 'HEAD' ? appFileFor(rendererDir, request.url) : null
  if (file) {
    try {
      const body = await readFile(file)
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...headers, 'Content-Type': contentTypeOf(file) }
      })
    } catch {
      // missing or unreadable: the 404 below
    }
  }
  return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } })
}
