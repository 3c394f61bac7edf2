/**
 * How deep JSON from outside may nest. Every message Frontline takes is a few levels deep (a chat
 * request, a contract call, a tool's arguments); 64 leaves room for any honest one. JSON.parse
 * itself copes with 50 000 levels, but the recursive steps after it (structured clone into the
 * core's worker, JSON.stringify for the trace) fail with "Maximum call stack size exceeded".
 */
export const MAX_JSON_DEPTH = 64

/** Text that is valid JSON but nested deeper than the limit; `field` is where the limit was passed. */
export class JsonTooDeepError extends Error {
  constructor(
    readonly field: string,
    readonly limit: number
  ) {
    super(`nested deeper than ${limit} levels (at ${field})`)
    this.name = 'JsonTooDeepError'
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COLON = 0x3a
const COMMA = 0x2c

interface Frame {
  array: boolean
  /** The index in an array; in an object, where the last key's text starts and ends. */
  index: number
  keyStart: number
  keyEnd: number
}

function keyOf(text: string, frame: Frame): string {
  if (frame.array) return String(frame.index)
  try {
    return JSON.parse(text.slice(frame.keyStart, frame.keyEnd)) as string
  } catch {
    return text.slice(frame.keyStart + 1, frame.keyEnd - 1)
  }
}

/**
 * Where `text` first nests deeper than `limit` ("messages.0.content", in the dotted form field
 * issues use; "(root)" for the top), or null. One pass over the characters, outside strings only;
 * malformed text is left for JSON.parse to describe.
 */
export function jsonDepthExceededAt(text: string, limit = MAX_JSON_DEPTH): string | null {
  const frames: Frame[] = []
  let lastStringStart = -1
  let lastStringEnd = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const start = i
      for (i += 1; i < text.length; i++) {
        const s = text.charCodeAt(i)
        if (s === BACKSLASH) i += 1
        else if (s === QUOTE) break
      }
      lastStringStart = start
      lastStringEnd = i + 1
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (frames.length >= limit) {
        const path = frames.map((frame) => keyOf(text, frame))
        return path.length > 0 ? path.join('.') : '(root)'
      }
      frames.push({ array: c === OPEN_ARRAY, index: 0, keyStart: -1, keyEnd: -1 })
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop()
    } else if (c === COLON) {
      const top = frames.at(-1)
      if (top && !top.array) {
        top.keyStart = lastStringStart
        top.keyEnd = lastStringEnd
      }
    } else if (c === COMMA) {
      const top = frames.at(-1)
      if (top?.array) top.index += 1
    }
  }
  return null
}

/** JSON.parse for text from outside: refuses nesting past `limit` before parsing (JsonTooDeepError). */
export function parseBoundedJson(text: string, limit = MAX_JSON_DEPTH): unknown {
  const at = jsonDepthExceededAt(text, limit)
  if (at !== null) throw new JsonTooDeepError(at, limit)
  return JSON.parse(text) as unknown
}
