import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core/create-core'
import { listAuditFor } from '../../src/main/db/repositories/audit-log'
import { checkArguments } from '../../src/main/mcp-client/external-tools'
import { readServerConfigs } from '../../src/main/mcp-client/server-store'
import type { McpServerView } from '../../src/shared/domain/mcp-server'
import { callOnce, ClientWorld, TINY_SERVER } from './mcp-client-support'

let world: ClientWorld

beforeEach(() => {
  world = new ClientWorld()
})

afterEach(async () => {
  await world.dispose()
})

async function draftTrace(core: Core) {
  const draft = await core.context.drafts.start('TKT-000001').done
  const detail = await core.invoke('drafts.get', { draftId: draft.id })
  if (!detail.ok) throw new Error(detail.error.message)
  return { draft, trace: detail.value.trace }
}

async function pendingExternalAction(core: Core) {
  const actions = await core.invoke('actions.list', { status: 'pending_approval' })
  if (!actions.ok) throw new Error(actions.error.message)
  const external = actions.value.filter((a) => a.kind === 'external_tool')
  expect(external).toHaveLength(1)
  return external[0]!
}

describe('connecting external MCP servers', () => {
  it('connects a stdio server added in Settings, lists its tools namespaced with their annotations, and keeps it', async () => {
    const core = await world.core()
    const announced: McpServerView[][] = []
    core.subscribe((event, payload) => {
      if (event === 'mcpServers.changed') announced.push((payload as { servers: McpServerView[] }).servers)
    })
    const added = await core.invoke('mcpServers.add', {
      id: 'tiny',
      name: 'Tiny warehouse',
      transport: 'stdio',
      command: process.execPath,
      args: [TINY_SERVER],
      env: { TINY_MCP_LOG: world.callLog, API_TOKEN: 'secret-token-value' }
    })
    expect(added.ok && added.value.state).toBe('connecting')

    const view = await core.context.mcpClients.settled('tiny')
    expect(view.state).toBe('connected')
    expect(view.lastError).toBeNull()
    expect(Object.fromEntries(view.tools.map((t) => [t.qualifiedName, t.readOnly]))).toEqual({
      tiny__check_stock: true,
      tiny__create_label: false,
      // No annotations: MCP's default is "may change things", so it needs a person.
      tiny__add_note: false,
      tiny__slow_report: true,
      tiny__stock_history: true,
      tiny__reservations: true,
      tiny__exit_now: true
    })
    expect(view.tools.find((t) => t.qualifiedName === 'tiny__stock_history')?.name).toBe('stock.history')
    // Env values (often secrets) stay in the core.
    expect(view.envNames).toEqual(['TINY_MCP_LOG', 'API_TOKEN'])
    expect(JSON.stringify(announced)).not.toContain('secret-token-value')
    expect(announced.at(-1)?.find((s) => s.id === 'tiny')?.state).toBe('connected')

    const listed = await core.invoke('mcpServers.list', {})
    expect(listed.ok && listed.value.map((s) => [s.id, s.state])).toEqual([['tiny', 'connected']])
    expect(readServerConfigs(core.context.db)).toMatchObject([
      { id: 'tiny', transport: 'stdio', command: process.execPath, enabled: true }
    ])

    // Another start of the app connects it again, on its own.
    await core.close()
    const again = await world.core()
    expect((await again.context.mcpClients.settled('tiny')).state).toBe('connected')
  })

  it('refuses bad server settings with the field at fault', async () => {
    const core = await world.core()
    const badId = await core.invoke('mcpServers.add', {
      id: 'Bad_Id',
      name: 'x',
      transport: 'stdio',
      command: 'node'
    })
    expect(!badId.ok && badId.error.issues?.map((i) => i.field)).toEqual(['id'])
    const badUrl = await core.invoke('mcpServers.add', {
      name: 'x',
      transport: 'http',
      url: 'ftp://example.com'
    })
    expect(!badUrl.ok && badUrl.error.issues?.map((i) => i.field)).toEqual(['url'])
    const noCommand = await core.invoke('mcpServers.add', { name: 'x', transport: 'stdio', command: ' ' })
    expect(!noCommand.ok && noCommand.error.issues?.[0]?.field).toBe('command')
    const badHeader = await core.invoke('mcpServers.add', {
      name: 'x',
      transport: 'http',
      url: 'http://127.0.0.1:1/mcp',
      headers: { 'Bad Header': 'v' }
    })
    expect(!badHeader.ok && badHeader.error.issues?.[0]?.field).toBe('headers.Bad Header')

    await world.addTiny(core)
    const twice = await core.invoke('mcpServers.add', {
      id: 'tiny',
      name: 'Again',
      transport: 'stdio',
      command: 'node'
    })
    expect(!twice.ok && twice.error.code).toBe('conflict')
    // Without an id, one is made from the name.
    const named = await core.invoke('mcpServers.add', {
      name: 'Tiny Warehouse!',
      transport: 'stdio',
      command: '/nonexistent/x'
    })
    expect(named.ok && named.value.id).toBe('tiny-warehouse')
    const unknown = await core.invoke('mcpServers.remove', { id: 'nope' })
    expect(!unknown.ok && unknown.error.code).toBe('not_found')
  })

  it('marks a server whose command does not exist as failed, and drafts go on without it', async () => {
    const core = await world.core({ script: callOnce('get_order_status', { order_id: 'ORD-20261115-AB12' }) })
    const added = await core.invoke('mcpServers.add', {
      id: 'ghost',
      name: 'Ghost',
      transport: 'stdio',
      command: '/nonexistent/frontline-no-such-mcp-server'
    })
    expect(added.ok).toBe(true)
    const view = await core.context.mcpClients.settled('ghost')
    expect(view.state).toBe('failed')
    expect(view.lastError).toMatch(/no such program \(ENOENT\)/)
    expect(view.tools).toEqual([])

    const { draft, trace } = await draftTrace(core)
    expect(draft.status).toBe('ready')
    expect(trace.map((t) => [t.tool, t.status])).toEqual([['get_order_status', 'ok']])
    const offered = world.mock!.requests[0]!.body.tools!.map((t) => t.function.name)
    expect(offered).toContain('get_order_status')
    expect(offered.some((name) => name.startsWith('ghost__'))).toBe(false)
  })

  it('notices a server that went away and reconnects on demand', async () => {
    const core = await world.core()
    await world.addTiny(core)
    const manager = core.context.mcpClients
    const bye = await manager.callTool('tiny', 'exit_now', {}, { timeoutMs: 2_000, dialIfDown: false })
    expect(bye.ok).toBe(true)
    await expect.poll(() => manager.view('tiny').state, { timeout: 5_000 }).toBe('failed')
    expect(manager.view('tiny').lastError).toMatch(/closed the connection/)
    expect(manager.tools()).toEqual([])

    const retried = await core.invoke('mcpServers.reconnect', { id: 'tiny' })
    expect(retried.ok && retried.value.state).toBe('connecting')
    expect((await manager.settled('tiny')).state).toBe('connected')
    expect(manager.tools().length).toBeGreaterThan(0)
  })

  it('disables and enables a server, and removes it', async () => {
    const core = await world.core()
    await world.addTiny(core)
    const off = await core.invoke('mcpServers.setEnabled', { id: 'tiny', enabled: false })
    expect(off.ok && [off.value.state, off.value.tools]).toEqual(['disabled', []])
    expect(core.context.mcpClients.tools()).toEqual([])
    expect(readServerConfigs(core.context.db)[0]?.enabled).toBe(false)

    const on = await core.invoke('mcpServers.setEnabled', { id: 'tiny', enabled: true })
    expect(on.ok && on.value.state).toBe('connecting')
    expect((await core.context.mcpClients.settled('tiny')).state).toBe('connected')

    const removed = await core.invoke('mcpServers.remove', { id: 'tiny' })
    expect(removed.ok && removed.value).toEqual([])
    expect(readServerConfigs(core.context.db)).toEqual([])
    expect(core.context.mcpClients.tools()).toEqual([])
  })

  it('connects over Streamable HTTP with the configured headers, and reports a refusal', async () => {
    const url = await world.startTinyHttp('tiny-http-token-123')
    const core = await world.core()
    await core.invoke('mcpServers.add', {
      id: 'tiny-http',
      name: 'Tiny over HTTP',
      transport: 'http',
      url,
      headers: { 'x-tiny-token': 'tiny-http-token-123' }
    })
    const view = await core.context.mcpClients.settled('tiny-http')
    expect(view.state).toBe('connected')
    expect(view.headerNames).toEqual(['x-tiny-token'])
    expect(view.tools.map((t) => t.qualifiedName)).toContain('tiny-http__check_stock')
    const stock = await core.context.mcpClients.callTool(
      'tiny-http',
      'check_stock',
      { sku: 'SKU-1' },
      { timeoutMs: 5_000, dialIfDown: false }
    )
    expect(stock.ok && stock.result.structuredContent).toEqual({ sku: 'SKU-1', in_stock: 7 })

    await core.invoke('mcpServers.add', {
      id: 'no-token',
      name: 'Without the token',
      transport: 'http',
      url
    })
    const refused = await core.context.mcpClients.settled('no-token')
    expect(refused.state).toBe('failed')
    expect(refused.lastError).toMatch(/wrong or missing x-tiny-token/)
  })
})

describe('external tools in a draft', () => {
  it('runs a read-only tool at once and puts its result in the trace and before the model', async () => {
    const core = await world.core({ script: callOnce('tiny__check_stock', { sku: 'SKU-1' }) })
    await world.addTiny(core)
    const { draft, trace } = await draftTrace(core)

    expect(draft.status).toBe('ready')
    expect(trace).toHaveLength(1)
    expect(trace[0]).toMatchObject({
      tool: 'tiny__check_stock',
      status: 'ok',
      arguments: { sku: 'SKU-1' },
      result: { ok: true, value: { sku: 'SKU-1', in_stock: 7 } }
    })
    expect(world.calls('check_stock')).toEqual([
      { tool: 'check_stock', arguments: { sku: 'SKU-1' }, pid: expect.any(Number) }
    ])
    expect(draft.body).toContain('"in_stock":7')

    // Offered beside Frontline's own tools, with the server's JSON schema passed through.
    const offered = world.mock!.requests[0]!.body.tools as unknown as {
      function: { name: string; description: string; parameters: Record<string, unknown> }
    }[]
    expect(offered.map((t) => t.function.name)).toEqual(
      expect.arrayContaining([
        'get_order_status',
        'process_return',
        'tiny__check_stock',
        'tiny__create_label'
      ])
    )
    const checkStock = offered.find((t) => t.function.name === 'tiny__check_stock')!
    expect(checkStock.function.parameters).toMatchObject({
      type: 'object',
      properties: { sku: { type: 'string', minLength: 1, description: 'e.g. SKU-1' } },
      required: ['sku']
    })
    expect(checkStock.function.description).toContain('Tiny warehouse')
    const createLabel = offered.find((t) => t.function.name === 'tiny__create_label')!
    expect(createLabel.function.description).toMatch(/after a person approves it/)
  })

  it('passes the server’s own refusal back to the model, and checks the arguments are an object', async () => {
    const core = await world.core({ script: callOnce('tiny__check_stock', { sku: 'SKU-404' }) })
    await world.addTiny(core)
    const { draft, trace } = await draftTrace(core)
    expect(draft.status).toBe('ready')
    expect(trace[0]).toMatchObject({
      status: 'error',
      result: { ok: false, error: { code: 'external_tool_error', message: 'Unknown SKU SKU-404.' } }
    })

    const set = core.context.mcpClients.tools().find((t) => t.name === 'check_stock')!
    expect(checkArguments(set, ['SKU-1'])).toMatchObject({ ok: false, error: { field: 'arguments' } })
    expect(checkArguments(set, {})).toMatchObject({ ok: false, error: { field: 'sku' } })
  })

  it('turns a mutating tool into a pending action, and calls it exactly once when approved', async () => {
    const core = await world.core({
      script: callOnce('tiny__create_label', { order_id: 'ORD-20261115-AB12', carrier: 'ups' })
    })
    await world.addTiny(core)
    const { draft, trace } = await draftTrace(core)

    expect(draft.status).toBe('ready')
    expect(trace[0]).toMatchObject({ tool: 'tiny__create_label', status: 'proposed' })
    expect(world.calls('create_label'), 'nothing runs on the model’s word').toEqual([])
    const toolMessage = world.mock!.requests[1]!.body.messages!.at(-1)!
    expect(String(toolMessage.content)).toMatch(/a person must approve this call/)

    const action = await pendingExternalAction(core)
    expect(action).toMatchObject({
      ticketId: 'TKT-000001',
      draftId: draft.id,
      origin: 'agent',
      payload: {
        server: 'tiny',
        tool: 'create_label',
        qualifiedName: 'tiny__create_label',
        arguments: { order_id: 'ORD-20261115-AB12', carrier: 'ups' }
      },
      eligibility: { title: 'Create a shipping label', annotations: { readOnlyHint: false } }
    })

    // Two people click Approve at once, then one clicks again.
    const [first, second] = await Promise.all([
      core.invoke('actions.approve', { actionId: action.id, by: 'Priya' }),
      core.invoke('actions.approve', { actionId: action.id, by: 'Sam' })
    ])
    const third = await core.invoke('actions.approve', { actionId: action.id, by: 'Sam' })
    for (const answer of [first, second, third]) {
      expect(answer.ok && [answer.value.status, answer.value.decidedBy]).toEqual(['applied', 'Priya'])
    }
    expect(world.calls('create_label')).toHaveLength(1)
    expect(first.ok && first.value.result).toMatchObject({
      isError: false,
      text: 'Label LBL-1 bought from ups for ORD-20261115-AB12.'
    })
    expect(listAuditFor(core.context.db, 'action', action.id).map((e) => [e.action, e.actor])).toEqual([
      ['action.approved', 'Priya'],
      ['action.applied', 'Priya']
    ])
    const rejectLate = await core.invoke('actions.reject', { actionId: action.id, reason: 'late', by: 'Sam' })
    expect(!rejectLate.ok && rejectLate.error.code).toBe('conflict')
  })

  it('marks an approved call the server refuses as failed, with its reason, and never retries it', async () => {
    const core = await world.core({
      // The server accepts only ups or dhl: its own validation decides.
      script: callOnce('tiny__create_label', { order_id: 'ORD-20261115-AB12', carrier: 'pigeon' })
    })
    await world.addTiny(core)
    await draftTrace(core)
    const action = await pendingExternalAction(core)

    const approved = await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    expect(approved.ok && approved.value.status).toBe('failed')
    expect(approved.ok && approved.value.decisionReason).toMatch(
      /Tiny warehouse refused create_label: .*carrier/s
    )
    const again = await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    expect(!again.ok && again.error.code).toBe('conflict')
    expect(world.calls('create_label')).toEqual([])
  })

  it('lets a person reject a proposed call, which then never runs', async () => {
    const core = await world.core({
      script: callOnce('tiny__add_note', { order_id: 'ORD-1', note: 'fragile' })
    })
    await world.addTiny(core)
    const { trace } = await draftTrace(core)
    expect(trace[0]?.status).toBe('proposed')
    const action = await pendingExternalAction(core)
    const rejected = await core.invoke('actions.reject', {
      actionId: action.id,
      reason: 'not needed',
      by: 'Alex'
    })
    expect(rejected.ok && rejected.value.status).toBe('rejected')
    const approve = await core.invoke('actions.approve', { actionId: action.id, by: 'Alex' })
    expect(!approve.ok && approve.error.code).toBe('conflict')
    expect(world.calls('add_note')).toEqual([])
  })

  it('fails an approved call whose server was removed, without calling anything', async () => {
    const core = await world.core({
      script: callOnce('tiny__create_label', { order_id: 'ORD-20261115-AB12', carrier: 'dhl' })
    })
    await world.addTiny(core)
    await draftTrace(core)
    const action = await pendingExternalAction(core)
    await core.invoke('mcpServers.remove', { id: 'tiny' })
    const approved = await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    expect(approved.ok && approved.value.status).toBe('failed')
    expect(approved.ok && approved.value.decisionReason).toMatch(/no longer configured/)
    expect(world.calls('create_label')).toEqual([])
  })

  it('marks a call a stopped process had claimed long ago as failed, and never makes it', async () => {
    const core = await world.core({
      script: callOnce('tiny__create_label', { order_id: 'ORD-20261115-AB12', carrier: 'dhl' })
    })
    await world.addTiny(core)
    await draftTrace(core)
    const action = await pendingExternalAction(core)
    // What a process that stopped during the call leaves behind: claimed an hour ago, still pending.
    const anHourAgo = new Date(core.context.clock.now().getTime() - 60 * 60_000).toISOString()
    core.context.db
      .prepare(`UPDATE actions SET decided_by = 'Priya', decided_at = ? WHERE id = ?`)
      .run(anHourAgo, action.id)
    const approved = await core.invoke('actions.approve', { actionId: action.id, by: 'Sam' })
    expect(approved.ok && approved.value.status).toBe('failed')
    expect(approved.ok && approved.value.decidedBy).toBe('Priya')
    expect(approved.ok && approved.value.decisionReason).toMatch(/may or may not have run/)
    expect(world.calls('create_label')).toEqual([])
  })

  it('applies an approved call after a restart, dialling the server first', async () => {
    const script = callOnce('tiny__create_label', { order_id: 'ORD-20261115-AB12', carrier: 'dhl' })
    const first = await world.core({ script })
    await world.addTiny(first)
    await draftTrace(first)
    const action = await pendingExternalAction(first)
    await first.close()

    // The new core has not finished connecting when the person approves.
    const second = await world.core({ script })
    const approved = await second.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    expect(approved.ok && approved.value.status).toBe('applied')
    expect(world.calls('create_label')).toHaveLength(1)
  })

  it('gives the model a timeout error for a tool that hangs, and the draft still finishes', async () => {
    const core = await world.core({
      script: callOnce('tiny__slow_report', {}),
      core: { mcpClient: { callTimeoutMs: 300 } }
    })
    await world.addTiny(core)
    const { draft, trace } = await draftTrace(core)
    expect(draft.status).toBe('ready')
    expect(trace[0]).toMatchObject({
      tool: 'tiny__slow_report',
      status: 'error',
      result: { ok: false, error: { code: 'external_tool_timeout' } }
    })
    expect((trace[0]!.result as { error: { message: string } }).error.message).toMatch(
      /did not answer slow_report within 0.3 s. Go on without this tool./
    )
    expect(world.calls('slow_report')).toHaveLength(1)
    // The server itself is still up for the next call.
    expect(core.context.mcpClients.view('tiny').state).toBe('connected')
  })
})

describe('servers that hang while connecting', () => {
  it('gives up on a server that never answers the handshake, and a draft meanwhile does not wait for it', async () => {
    const core = await world.core({
      script: callOnce('get_order_status', { order_id: 'ORD-20261115-AB12' }),
      core: { mcpClient: { connectTimeoutMs: 3_000 } }
    })
    const added = await core.invoke('mcpServers.add', {
      id: 'mute',
      name: 'Mute',
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', 'process.stderr.write("booting forever\\n"); setInterval(() => {}, 1000)']
    })
    expect(added.ok && added.value.state).toBe('connecting')

    const { draft, trace } = await draftTrace(core)
    expect(draft.status).toBe('ready')
    expect(trace.map((t) => t.tool)).toEqual(['get_order_status'])
    expect(core.context.mcpClients.view('mute').state, 'the draft finished first').toBe('connecting')

    const view = await core.context.mcpClients.settled('mute')
    expect(view.state).toBe('failed')
    expect(view.lastError).toMatch(/did not finish connecting within 3 s\. Its last output: booting forever/)
  })
})
