import { describe, expect, it } from 'vitest'
import { createTokenBatcher } from '../../src/main/llm/token-batcher'
import { createToolCallAssembler } from '../../src/main/llm/tool-call-assembler'
import { createManualTimers } from './llm-manual-timers'

describe('tool-call assembler', () => {
  it('follows OpenAI’s own shape: index on every fragment, id and name on the first', () => {
    const a = createToolCallAssembler('gen')
    a.add({ index: 0, id: 'call_1', function: { name: 'get_order_status', arguments: '' } })
    a.add({ index: 1, id: 'call_2', function: { name: 'search_products', arguments: '{"qu' } })
    a.add({ index: 0, function: { arguments: '{"order_id":"ORD-2026' } })
    a.add({ index: 1, function: { arguments: 'ery":"scarf"}' } })
    a.add({ index: 0, function: { arguments: '1103-AB12"}' } })
    expect(a.finish()).toEqual([
      { id: 'call_1', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' },
      { id: 'call_2', name: 'search_products', arguments: '{"query":"scarf"}' }
    ])
  })

  it('continues the last call when a fragment has neither index nor id', () => {
    const a = createToolCallAssembler('gen')
    a.add({ id: 'call_1', function: { name: 'get_order_status' } })
    a.add({ function: { arguments: '{"order_id":' } })
    a.add({ function: { arguments: '"ORD-20261103-AB12"}' } })
    a.add({ id: 'call_2', function: { name: 'get_customer_history', arguments: '{}' } })
    expect(a.finish()).toEqual([
      { id: 'call_1', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' },
      { id: 'call_2', name: 'get_customer_history', arguments: '{}' }
    ])
  })

  it('takes an id that arrives after the first fragment, and a repeated name only once', () => {
    const a = createToolCallAssembler('gen')
    a.add({ index: 0, function: { name: 'get_order_status', arguments: '{"order_id"' } })
    a.add({
      index: 0,
      id: 'late_id',
      function: { name: 'get_order_status', arguments: ':"ORD-20261103-AB12"}' }
    })
    expect(a.finish()).toEqual([
      { id: 'late_id', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' }
    ])
  })

  it('gives id-less calls generated ids, empty arguments become {}, object arguments become JSON', () => {
    const a = createToolCallAssembler('gen')
    a.add({ index: 0, function: { name: 'list_things' } })
    a.add({ index: 1, function: { name: 'get_order_status', arguments: { order_id: 'ORD-20261103-AB12' } } })
    a.add({ index: 2, function: null })
    expect(a.finish()).toEqual([
      { id: 'gen_0', name: 'list_things', arguments: '{}' },
      { id: 'gen_1', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' }
    ])
  })

  it('generates ids that differ between calls of the gateway', () => {
    const one = createToolCallAssembler()
    const two = createToolCallAssembler()
    one.add({ function: { name: 'x' } })
    two.add({ function: { name: 'x' } })
    expect(one.finish()[0]?.id).not.toBe(two.finish()[0]?.id)
  })
})

describe('token batcher', () => {
  it('sends after the interval, or as soon as enough text gathered, and flushes the rest at the end', async () => {
    const timers = createManualTimers()
    const sent: string[] = []
    const batcher = createTokenBatcher((t) => sent.push(t), { intervalMs: 50, maxChars: 10, timers })
    batcher.push('ab')
    batcher.push('cd')
    expect(sent).toEqual([])
    await timers.advance(50)
    expect(sent).toEqual(['abcd'])
    batcher.push('0123456789xyz')
    expect(sent).toEqual(['abcd', '0123456789xyz'])
    batcher.push('tail')
    batcher.flush()
    expect(sent).toEqual(['abcd', '0123456789xyz', 'tail'])
    await timers.advance(100)
    expect(sent).toHaveLength(3)
    expect(timers.pending()).toBe(0)
  })

  it('survives a listener that throws', () => {
    const errors: unknown[] = []
    const batcher = createTokenBatcher(
      () => {
        throw new Error('renderer went away')
      },
      { maxChars: 1, onError: (e) => errors.push(e), timers: createManualTimers() }
    )
    batcher.push('x')
    expect(errors).toHaveLength(1)
  })
})
