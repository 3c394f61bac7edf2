import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8'
}

/** The Content-Type of a built renderer file, by its extension. */
export const contentTypeOf = (file: string): string =>
  contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'

/** Resolves a request path inside `root`, or null when it would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const base = resolve(root)
  const target = resolve(join(base, decoded))
  return target === base || target.startsWith(base + sep) ? target : null
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * Serves the built renderer. Paths without an extension fall back to index.html so that a reload
 * of a client-side route still finds the app.
 */
export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>
): Promise<void> {
  const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void => {
    response.writeHead(status, {
      ...headers,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body)
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD')
    return send(405, 'Method not allowed')
  }
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
  let file = resolveStaticPath(root, pathname === '/' ? '/index.html' : pathname)
  if (!file) return send(400, 'Bad path')
  if (!(await isFile(file)) && extname(file) === '') file = join(root, 'index.html')
  if (!(await isFile(file))) {
    if (!(await isFile(join(root, 'index.html')))) {
      return send(503, 'The console has not been built yet: run `npm run build`.')
    }
    return send(404, 'Not found')
  }
  const body = await readFile(file)
  const type = contentTypes[extname(file)] ?? 'application/octet-stream'
  // The HTML changes with every build; hashed assets may be cached.
  if (type.startsWith('text/html')) response.setHeader('Cache-Control', 'no-store')
  send(200, body, type)
}
