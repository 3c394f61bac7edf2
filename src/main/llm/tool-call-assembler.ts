import { randomUUID } from 'node:crypto'

/** A streamed tool-call fragment as providers actually send it: every field may be missing. */
export interface ToolCallDelta {
  index?: number | null
  id?: string | null
  function?: { name?: string | null; arguments?: unknown } | null
}

export interface AssembledToolCall {
  id: string
  name: string
  arguments: string
}

interface Slot {
  id?: string
  name: string
  arguments: string
}

export interface ToolCallAssembler {
  add(delta: ToolCallDelta): void
  finish(): AssembledToolCall[]
}

const text = (value: unknown): string => {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  // A few providers send the arguments as an object instead of a JSON string.
  return JSON.stringify(value)
}

/**
 * Puts streamed tool calls back together. OpenAI sends `index` on every fragment and `id` on the
 * first; some compatible providers omit `index`, repeat index 0 for every call, or drop `id` on the
 * continuation fragments. A fragment is matched by its id first, then by its index, and with
 * neither it continues the last call seen. A call that never got an id is given one.
 */
export function createToolCallAssembler(idPrefix = `call_${randomUUID().slice(0, 8)}`): ToolCallAssembler {
  const slots: Slot[] = []
  const byId = new Map<string, Slot>()
  const byIndex = new Map<number, Slot>()
  let last: Slot | undefined

  return {
    add(delta) {
      const id = typeof delta.id === 'string' && delta.id.length > 0 ? delta.id : undefined
      const index =
        typeof delta.index === 'number' && Number.isInteger(delta.index) && delta.index >= 0
          ? delta.index
          : undefined
      let slot: Slot | undefined
      if (id) {
        slot = byId.get(id)
        // The id may come after a first id-less fragment at the same index; a different id at a
        // taken index is a new call from a provider that garbles the index.
        const atIndex = index !== undefined ? byIndex.get(index) : undefined
        if (!slot && atIndex && !atIndex.id) slot = atIndex
      } else if (index !== undefined) {
        slot = byIndex.get(index)
      } else {
        slot = last
      }
      if (!slot) {
        slot = { name: '', arguments: '' }
        slots.push(slot)
      }
      if (id && !slot.id) slot.id = id
      if (id) byId.set(id, slot)
      if (index !== undefined) byIndex.set(index, slot)
      last = slot

      const name = text(delta.function?.name)
      // Some providers repeat the whole name on every fragment; others split it.
      if (name && slot.name !== name) slot.name += name
      slot.arguments += text(delta.function?.arguments)
    },

    finish() {
      return slots
        .filter((slot) => slot.name.length > 0 || slot.arguments.trim().length > 0)
        .map((slot, i) => ({
          id: slot.id ?? `${idPrefix}_${i}`,
          name: slot.name,
          arguments: slot.arguments.trim().length > 0 ? slot.arguments : '{}'
        }))
    }
  }
}
