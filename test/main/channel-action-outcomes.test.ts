import { afterEach, describe, expect, it } from 'vitest'
import { outcomeMessage } from '../../src/main/agent/autopilot'
import type { Script } from '../../src/main/bench/mock-openai-server'
import type { Action, ActionOf } from '../../src/shared/domain/action'
import { aRefundAction, aReturnAction, anExternalToolAction } from '../support/actions'
import { TINY_SERVER } from './mcp-client-support'
import {
  ADA,
  ADA_DELIVERED,
  ADA_SHIPPED,
  postJson,
  startHarness,
  supportScript,
  type ChannelHarness,
  type WireJson
} from './channel-support'

let h: ChannelHarness | undefined

afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

/** Asked to ship, the model calls the tiny warehouse's label tool (which changes things); else as usual. */
const shippingScript: Script = (request, n) => {
  const messages = request.body.messages ?? []
  const asked = [...messages].reverse().find((m) => m.role === 'user')?.content
  if (typeof asked !== 'string' || !/\bship\b/i.test(asked)) return supportScript(request, n)
  const kind = request.body.stream ? 'stream' : 'json'
  if (messages.at(-1)?.role === 'tool') return { kind, content: 'I have asked the warehouse for a label.' }
  return {
    kind,
    toolCalls: [
      {
        id: 'call_label',
        name: 'tiny__create_label',
        arguments: JSON.stringify({ order_id: ADA_SHIPPED, carrier: 'ups' })
      }
    ]
  }
}

/** A chat harness whose core also uses the tiny MCP server (stdio), connected. */
async function harnessWithWarehouse(): Promise<ChannelHarness> {
  const harness = await startHarness({
    script: shippingScript,
    core: { mcpClient: { callTimeoutMs: 2_000, connectTimeoutMs: 15_000 }, confirmStdio: async () => true }
  })
  const added = await harness.core.invoke('mcpServers.add', {
    id: 'tiny',
    name: 'Tiny warehouse',
    transport: 'stdio',
    command: process.execPath,
    args: [TINY_SERVER]
  })
  if (!added.ok) throw new Error(added.error.message)
  const server = await harness.core.context.mcpClients.settled('tiny')
  if (server.state !== 'connected') throw new Error(`tiny did not connect: ${server.lastError}`)
  return harness
}

/** Asks to ship over POST /mcp/chat; the answer waits for a person with one external_tool action. */
async function askToShip(harness: ChannelHarness): Promise<{ sessionId: string; actionId: string }> {
  const { status, body } = await postJson(harness, '/mcp/chat', {
    customer_id: ADA,
    messages: [{ role: 'user', content: `Please ship ${ADA_SHIPPED} with UPS` }]
  })
  expect(status).toBe(200)
  expect(body).toMatchObject({ delivery: 'held', state: 'awaiting_approval' })
  expect(body.pending_actions).toEqual([expect.objectContaining({ kind: 'external_tool' })])
  return { sessionId: body.session_id, actionId: body.pending_actions[0].action_id }
}

async function lastMessage(
  harness: ChannelHarness,
  sessionId: string
): Promise<{ state: string; text: string }> {
  const view = await fetch(`${harness.url}/mcp/chat/sessions/${sessionId}?customer_id=${ADA}`, {
    headers: harness.auth
  })
  const conversation = (await view.json()) as WireJson
  return { state: conversation.state, text: conversation.messages.at(-1).text }
}

describe('what the customer is told when a person decides', () => {
  const order = { orderId: ADA_DELIVERED, amount: { amount: 102.48, currency: 'USD' } }
  const decided = (over: Partial<ActionOf<'return'>> = {}) => aReturnAction({ ...order, ...over })

  it('a return or refund: approved with the refund amount, or not approved, never the internal reason', () => {
    const approved = outcomeMessage(decided({}), 'Ada Lovelace')
    expect(approved).toMatch(
      /^Hi Ada, good news: your return for order ORD-20261110-CD34 has been approved\./
    )
    expect(approved).toContain('A refund of $102.48 has been issued.')
    const refund = outcomeMessage(aRefundAction(order), 'Ada Lovelace')
    expect(refund).toContain('your refund for order ORD-20261110-CD34 has been approved')
    const rejected = outcomeMessage(decided({ status: 'rejected' }), 'Ada Lovelace')
    expect(rejected).toContain('could not approve it')
    expect(rejected).not.toContain('approved.')
    for (const text of [approved, refund, rejected]) expect(text).not.toMatch(/Grace|Photos/)
  })

  it('a call to another system: a neutral completed or declined step, never a return or refund', () => {
    const external = (status: Action['status']) =>
      outcomeMessage(anExternalToolAction({ status }), 'Ada Lovelace')
    expect(external('applied')).toBe(
      'Hi Ada, a teammate has completed the step needed for your request.\n\nThe Frontline support team'
    )
    expect(external('rejected')).toContain('a teammate has declined the step needed for your request.')
    expect(external('failed')).toContain('could not be completed just now')
    for (const status of ['applied', 'rejected', 'failed'] as const) {
      expect(external(status)).not.toMatch(/return|refund|create_label|tiny/i)
    }
  })
})

describe('an external tool call proposed in the chat', () => {
  it('approved: the customer hears the step was completed, not that a return was approved', async () => {
    h = await harnessWithWarehouse()
    const { sessionId, actionId } = await askToShip(h)

    const approved = await h.core.invoke('actions.approve', { actionId, by: 'Grace' })
    expect(approved.ok && approved.value.status).toBe('applied')

    const last = await lastMessage(h, sessionId)
    expect(last.state).toBe('open')
    expect(last.text).toContain('a teammate has completed the step needed for your request')
    expect(last.text).not.toMatch(/return|refund|approved/i)
  }, 30_000)

  it('rejected: the customer hears the step was declined, without the internal reason', async () => {
    h = await harnessWithWarehouse()
    const { sessionId, actionId } = await askToShip(h)

    const rejected = await h.core.invoke('actions.reject', {
      actionId,
      reason: 'Warehouse is closed for stocktaking',
      by: 'Grace'
    })
    expect(rejected.ok && rejected.value.status).toBe('rejected')

    const last = await lastMessage(h, sessionId)
    expect(last.text).toContain('a teammate has declined the step needed for your request')
    expect(last.text).not.toMatch(/return|refund|stocktaking/i)
  }, 30_000)
})
