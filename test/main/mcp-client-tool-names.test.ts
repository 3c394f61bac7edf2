import { describe, expect, it } from 'vitest'
import { MAX_FUNCTION_NAME, qualifyToolNames } from '../../src/main/mcp-client/tool-names'

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/

describe('external tool names', () => {
  it('prefixes each tool with its server id', () => {
    const names = qualifyToolNames('crm', ['lookup', 'create_ticket'])
    expect([...names.values()]).toEqual(['crm__lookup', 'crm__create_ticket'])
  })

  it('rewrites characters function names do not allow, keeping every name distinct and valid', () => {
    const names = qualifyToolNames('crm', ['orders.get', 'orders_get', 'orders/get', 'ünïcode'])
    // The name that needed no rewriting keeps it, whatever the order.
    expect(names.get('orders_get')).toBe('crm__orders_get')
    const all = [...names.values()]
    expect(new Set(all).size).toBe(4)
    for (const name of all) expect(name).toMatch(FUNCTION_NAME)
  })

  it('cuts long names to 64 characters, with a hash that keeps two similar ones apart', () => {
    const long = 'x'.repeat(80)
    const names = qualifyToolNames('a-very-long-server-id-24', [`${long}_one`, `${long}_two`])
    const [one, two] = [...names.values()]
    expect(one).toHaveLength(MAX_FUNCTION_NAME)
    expect(one).toMatch(FUNCTION_NAME)
    expect(one).not.toBe(two)
    expect(qualifyToolNames('a-very-long-server-id-24', [`${long}_one`]).get(`${long}_one`)).toBe(one)
  })
})
