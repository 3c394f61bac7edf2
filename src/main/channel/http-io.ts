import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { issuesFromZod, type ErrorCode, type FieldIssue } from '../../shared/result'
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json'

/**
 * A request the API refuses, with the status, a code a program can branch on, and the field at
 * fault; every refusal is answered as `{ error: { code, message, issues? } }`.
 */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'HttpRefusal'
  }
}

export const refusalBody = (code: string, message: string, issues?: FieldIssue[]) => ({
  error: issues && issues.length > 0 ? { code, message, issues } : { code, message }
})

/** How the core's failure codes read over HTTP. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  invalid_input: 422,
  unknown_channel: 404,
  unauthenticated: 401,
  not_found: 404,
  conflict: 409,
  not_allowed: 403,
  unavailable: 503,
  internal: 500
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  res.end(text)
}

const isJsonType = (contentType: string | undefined): boolean =>
  /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType ?? '')

/**
 * The request's JSON body, refused with 415 (not JSON), 413 (over `limitBytes`, told by
 * Content-Length before a byte is read, or counted while reading) or 400 (empty, not parseable,
 * nested too deep).
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!isJsonType(req.headers['content-type'])) {
    return Promise.reject(
      new HttpRefusal(
        415,
        'unsupported_media_type',
        'Send the body as JSON with Content-Type: application/json.',
        [
          {
            field: 'content-type',
            message: `expected application/json, got ${req.headers['content-type'] ?? 'none'}`
          }
        ]
      )
    )
  }
  const tooLarge = () =>
    new HttpRefusal(413, 'body_too_large', `The body is larger than ${limitBytes} bytes.`, [
      { field: 'body', message: `at most ${limitBytes} bytes` }
    ])
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge())

  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    let done = false
    const finish = (outcome: () => void): void => {
      if (done) return
      done = true
      outcome()
    }
    req.on('data', (part: Buffer) => {
      if (done) return
      size += part.length
      if (size > limitBytes) {
        // Stop buffering; the rest is drained and dropped while the 413 goes out.
        parts.length = 0
        finish(() => reject(tooLarge()))
        return
      }
      parts.push(part)
    })
    req.on('error', (error) => finish(() => reject(error)))
    req.on('end', () =>
      finish(() => {
        const text = Buffer.concat(parts).toString('utf8')
        if (text.trim() === '') {
          reject(
            new HttpRefusal(400, 'invalid_json', 'The body is empty; send a JSON object.', [
              { field: 'body', message: 'empty' }
            ])
          )
          return
        }
        try {
          resolve(parseBoundedJson(text))
        } catch (error) {
          if (error instanceof JsonTooDeepError) {
            reject(
              new HttpRefusal(
                400,
                'invalid_json',
                `The body is nested deeper than ${error.limit} levels (at ${error.field}).`,
                [{ field: error.field, message: `nested deeper than ${error.limit} levels` }]
              )
            )
            return
          }
          reject(
            new HttpRefusal(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`, [
              { field: 'body', message: 'not valid JSON' }
            ])
          )
        }
      })
    )
  })
}

/** Validates a parsed body; the refusal names every field at fault. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = issuesFromZod(parsed.error)
  throw new HttpRefusal(
    422,
    'invalid_request',
    `Invalid ${what}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    issues
  )
}

/** The client's address as the socket sees it (a proxy in front is the operator's to account for). */
export const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown'

/** The request's URL; a target no URL parser accepts is the client's mistake (400), not ours. */
export function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://channel')
  } catch {
    throw new HttpRefusal(400, 'invalid_request', 'The request target is not a valid URL path.', [
      { field: 'url', message: 'not a valid URL path' }
    ])
  }
}

/** One percent-encoded path segment, decoded; malformed encoding (%E0%A4%A) names `field`. */
export function decodePathSegment(segment: string, field: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpRefusal(400, 'invalid_request', `The ${field} in the path is not valid percent-encoding.`, [
      { field, message: 'malformed percent-encoding (each % must start a UTF-8 byte such as %41)' }
    ])
  }
}
