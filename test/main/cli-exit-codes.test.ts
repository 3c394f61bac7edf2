import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../../src/main/cli/commands'
import { openDb } from '../../src/main/db/connection'
import type { SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'
import { builtAppProblem } from '../support/built-app'
import { scriptedCustomer } from '../support/tau2-oracle'
import { retailData } from '../support/tau2-retail'
import { proposeReturn, seedShopFiles, type SeededShopFiles } from '../support/seeded-shop-files'
import { BIN, runFrontline, STACK_FRAME, startFrontline, type Exited } from '../support/spawn-cli'

/**
 * Every registered command, spawned as a shell runs it, ends with the exit code its help promises:
 * 0 done, 1 failed or refused, 2 a usage error. A command added without cases here fails the
 * first test, so none ships with an exit code nobody checked.
 */

const problem = builtAppProblem(['cli.js', 'checkpoint-worker.js', 'core-worker.js', 'bench.js'])

let files: SeededShopFiles
let dir: string
let shop: SeedSummary
let busy: Server
let busyPort: number
let seeded = 0
let customer: MockOpenAiServer

const freshDb = (): string => files.fresh()
let folders = 0
/** A folder of Markdown articles to import. */
function articlesDir(articles: Record<string, string>): string {
  const folder = join(files.dir, `articles-${++folders}`)
  mkdirSync(folder, { recursive: true })
  for (const [name, text] of Object.entries(articles)) writeFileSync(join(folder, name), text)
  return folder
}

/** A shop with one return the agent proposed, waiting for a person. */
async function withPendingReturn(): Promise<{ dbPath: string; actionId: string }> {
  const dbPath = freshDb()
  return { dbPath, actionId: await proposeReturn(dbPath, shop) }
}

function firstOrderId(dbPath: string): string {
  const db = openDb(dbPath)
  try {
    return db.prepare(`SELECT id FROM orders WHERE status = 'shipped' LIMIT 1`).pluck().get() as string
  } finally {
    db.close()
  }
}

const env = (): NodeJS.ProcessEnv => ({
  // Never the real per-user folder, never a real provider.
  FRONTLINE_DATA_DIR: join(dir, 'data'),
  FRONTLINE_API_KEY: '',
  FRONTLINE_CHANNEL_KEY: '',
  FRONTLINE_MCP_TOKEN: ''
})

interface Expectation {
  code: 0 | 1 | 2
  stdout?: RegExp
  stderr?: RegExp
}

/** One run to its end. */
interface RunCase {
  kind: 'run'
  args: () => Promise<string[]> | string[]
  /** A function when it names something made in beforeAll (a port). */
  expect: Expectation | (() => Expectation)
}

/** A server: it prints `ready`, and SIGTERM stops it with 0. */
interface ServeCase {
  kind: 'serve'
  args: () => string[]
  ready: RegExp
}

interface CommandCases {
  done: RunCase | ServeCase
  failed: RunCase[]
  usage: RunCase[]
}

const run = (args: RunCase['args'], expectation: RunCase['expect']): RunCase => ({
  kind: 'run',
  args,
  expect: expectation
})

/** One line on stderr naming the port and what to do. */
const portInUse = (command: string): RegExp =>
  new RegExp(
    `^frontline ${command}: Port ${busyPort} on 127\\.0\\.0\\.1 is already in use: choose another, or 0 for any free port\\.\\n$`
  )

const cases: Record<string, CommandCases> = {
  seed: {
    done: run(() => ['seed', '--demo', '--db', join(dir, 'new', `seeded-${++seeded}.db`)], {
      code: 0,
      stdout: /^Seeded the demo shop into .+ \(seed 42, now = /m
    }),
    failed: [
      run(() => ['seed', '--demo', '--db', freshDb()], {
        code: 1,
        stderr: /already holds a shop .*; nothing was changed\. Add --force/
      }),
      run(() => ['seed', '--demo', '--db', '/proc/frontline-forbidden/x.db'], {
        code: 1,
        stderr: /^frontline seed: cannot create the folder \/proc\/frontline-forbidden/m
      })
    ],
    usage: [
      run(() => ['seed', '--db', join(dir, 'never.db')], { code: 2, stderr: /--demo: required/ }),
      run(() => ['seed', '--demo', '--scale', 'lots'], { code: 2, stderr: /--scale: expected a number/ })
    ]
  },
  tool: {
    done: run(
      () => {
        const dbPath = freshDb()
        return [
          'tool',
          'get_order_status',
          JSON.stringify({ order_id: firstOrderId(dbPath) }),
          '--db',
          dbPath
        ]
      },
      { code: 0, stdout: /"status": "shipped"/ }
    ),
    failed: [
      run(() => ['tool', 'get_order_status', '{"order_id":"12345"}', '--db', freshDb()], {
        code: 1,
        stdout: /"code": "invalid_order_id"/
      }),
      run(() => ['tool', 'get_order_stat', '{}', '--db', freshDb()], {
        code: 1,
        stdout: /"code": "unknown_tool"/
      }),
      run(() => ['tool', 'get_order_status', '{}', '--db', join(dir, 'missing.db')], {
        code: 1,
        stderr: /No database at .*missing\.db/
      })
    ],
    usage: [
      run(() => ['tool', 'get_order_status', '{nope', '--db', freshDb()], {
        code: 2,
        stderr: /JSON: not valid JSON/
      }),
      run(() => ['tool'], { code: 2, stderr: /NAME: required/ }),
      run(
        () => [
          'tool',
          'get_order_status',
          `{"order_id":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
          '--db',
          freshDb()
        ],
        { code: 2, stderr: /^frontline tool: JSON: nested deeper than 64 levels \(at order_id(\.0)+\)$/m }
      )
    ]
  },
  draft: {
    done: run(() => ['draft', '--ticket', shop.exampleTickets.where_is_order, '--db', freshDb()], {
      code: 0,
      stdout: /^Draft DRF-\S+ for TKT-\d+: ready \(demo\/frontline-demo\)/m
    }),
    failed: [
      run(() => ['draft', '--ticket', 'TKT-999999', '--db', freshDb()], {
        code: 1,
        stdout: /"code": "not_found"/
      })
    ],
    usage: [
      run(() => ['draft', '--db', freshDb()], { code: 2, stderr: /give either --ticket ID or --all-new/ })
    ]
  },
  replay: {
    done: run(() => ['replay', '--latest', '2', '--db', freshDb()], {
      code: 0,
      stdout: /^Replay RPL-\S+ done: 2 of 2 tickets drafted again with demo\/frontline-demo/m
    }),
    failed: [
      run(() => ['replay', '--tickets', 'TKT-999999', '--db', freshDb()], {
        code: 1,
        stderr: /^frontline replay: Not every ticket can be replayed: no ticket TKT-999999\.$/m
      }),
      run(() => ['replay', '--latest', '1', '--db', join(dir, 'missing.db')], {
        code: 1,
        stderr: /No database at/
      })
    ],
    usage: [
      run(() => ['replay', '--db', freshDb()], {
        code: 2,
        stderr: /give one of --tickets, --latest or --sample/
      }),
      run(() => ['replay', '--sample', '5', '--from', '2026-13-01'], { code: 2, stderr: /--from: / }),
      run(() => ['replay', '--latest', '9999'], { code: 2, stderr: /--latest: / })
    ]
  },
  approve: {
    done: run(
      async () => {
        const { dbPath, actionId } = await withPendingReturn()
        return ['approve', actionId, '--db', dbPath, '--by', 'Priya']
      },
      { code: 0, stdout: /^ACT-\S+ \(return .*\): applied$/m }
    ),
    failed: [
      run(() => ['approve', 'ACT-nope', '--db', freshDb()], { code: 1, stdout: /"code": "not_found"/ }),
      run(
        async () => {
          const { dbPath, actionId } = await withPendingReturn()
          const rejected = await runFrontline(['reject', actionId, '--why', 'no', '--db', dbPath], {
            env: env()
          })
          expect(rejected.code).toBe(0)
          return ['approve', actionId, '--db', dbPath]
        },
        { code: 1, stdout: /was already rejected/ }
      )
    ],
    usage: [run(() => ['approve', '--db', freshDb()], { code: 2, stderr: /ACTION_ID: required/ })]
  },
  reject: {
    done: run(
      async () => {
        const { dbPath, actionId } = await withPendingReturn()
        return ['reject', actionId, '--why', 'outside the window', '--db', dbPath]
      },
      { code: 0, stdout: /: rejected\nReason: outside the window/ }
    ),
    failed: [
      run(() => ['reject', 'ACT-nope', '--why', 'x', '--db', freshDb()], { code: 1, stdout: /not_found/ })
    ],
    usage: [run(() => ['reject', 'ACT-1', '--db', freshDb()], { code: 2, stderr: /--why: required/ })]
  },
  web: {
    done: {
      kind: 'serve',
      args: () => ['web', '--db', freshDb(), '--port', '0'],
      ready: /^Frontline console: http:\/\/127\.0\.0\.1:\d+\/#token=/m
    },
    failed: [
      run(
        () => ['web', '--db', freshDb(), '--port', String(busyPort)],
        () => ({ code: 1, stderr: portInUse('web') })
      )
    ],
    usage: [run(() => ['web', '--port', '70000'], { code: 2, stderr: /--port: Too big/ })]
  },
  mcp: {
    done: {
      kind: 'serve',
      args: () => ['mcp', '--http', '--port', '0', '--db', freshDb()],
      ready: /Frontline MCP server on http:\/\/127\.0\.0\.1:\d+\/mcp/
    },
    failed: [
      run(
        () => ['mcp', '--http', '--port', String(busyPort), '--db', freshDb()],
        () => ({ code: 1, stderr: portInUse('mcp') })
      ),
      run(() => ['mcp', '--db', join(dir, 'missing.db')], { code: 1, stderr: /No database at/ })
    ],
    usage: [run(() => ['mcp', '--port', '7777'], { code: 2, stderr: /--port: only with --http/ })]
  },
  serve: {
    done: {
      kind: 'serve',
      args: () => ['serve', '--port', '0', '--db', freshDb()],
      ready: /^Frontline chat channel: http:\/\/127\.0\.0\.1:\d+$/m
    },
    failed: [
      run(
        () => ['serve', '--port', String(busyPort), '--db', freshDb()],
        () => ({ code: 1, stderr: portInUse('serve') })
      ),
      // Beyond loopback without TLS or a declared proxy: refused before it tries to listen.
      run(() => ['serve', '--host', '192.0.2.1', '--port', '0', '--db', freshDb()], {
        code: 1,
        stderr:
          /^frontline serve: Listening on 192\.0\.2\.1 would expose the API beyond this machine without TLS/m
      }),
      run(() => ['serve', '--db', join(dir, 'missing.db')], { code: 1, stderr: /No database at/ })
    ],
    usage: [
      run(() => ['serve', '--rate-ip', '0'], { code: 2, stderr: /--rate-ip: Too small/ }),
      run(() => ['serve', '--base-url', 'http://127.0.0.1:1/v1'], {
        code: 2,
        stderr: /--base-url needs --model/
      })
    ]
  },
  import: {
    done: run(
      () => {
        const file = join(dir, `customers-${seeded++}.jsonl`)
        writeFileSync(
          file,
          `${JSON.stringify({ type: 'customer', id: 'C-1', email: 'mia.li@example.com', name: 'Mia Li' })}\n`
        )
        return ['import', 'jsonl', file, '--db', join(dir, `imported-${seeded}.db`)]
      },
      { code: 0, stdout: /created/i }
    ),
    failed: [
      run(
        () => {
          const file = join(dir, 'one-customer.jsonl')
          writeFileSync(
            file,
            `${JSON.stringify({ type: 'customer', id: 'C-2', email: 'li@example.com', name: 'Li' })}\n`
          )
          return ['import', 'jsonl', file, '--db', join(dir, 'no-such-folder', 'shop.db')]
        },
        { code: 1, stderr: /No folder .*no-such-folder/ }
      )
    ],
    usage: [
      run(() => ['import', 'csv', 'x.csv'], { code: 2, stderr: /expected shopify, woocommerce or jsonl/ }),
      run(() => ['import', 'jsonl', join(dir, 'no-such-export.jsonl')], { code: 2, stderr: /no file/ })
    ]
  },
  shop: {
    done: run(() => ['shop', 'show', '--db', freshDb()], { code: 0, stdout: /orders/i }),
    failed: [
      run(() => ['shop', 'show', '--db', join(dir, 'missing.db')], { code: 1, stderr: /No database at/ })
    ],
    usage: [run(() => ['shop', 'reset', '--db', freshDb()], { code: 2, stderr: /--demo|--empty/ })]
  },
  kb: {
    done: run(
      () => [
        'kb',
        'import',
        articlesDir({ 'shipping.md': '# Shipping\nThree to five days.' }),
        '--db',
        freshDb()
      ],
      {
        code: 0,
        stdout: /^Imported 1 of 1 files: 1 new, 0 updated, 0 unchanged\.$/m
      }
    ),
    failed: [
      run(
        () => [
          'kb',
          'import',
          articlesDir({ 'ok.md': '# Fine\nBody.', 'bad.md': '---\nlanguage: klingon\n---\nBody' }),
          '--db',
          freshDb()
        ],
        { code: 1, stderr: /^refused bad\.md: language: /m }
      )
    ],
    usage: [
      run(() => ['kb', 'import', '--db', freshDb()], { code: 2, stderr: /the folder of Markdown files/ }),
      run(() => ['kb', 'publish', '--db', freshDb()], { code: 2, stderr: /expected import or list/ })
    ]
  },
  'mcp-server': {
    done: run(() => ['mcp-server', 'list', '--db', freshDb()], {
      code: 0,
      stdout: /^No program is allowed yet\.$/m
    }),
    failed: [
      run(() => ['mcp-server', 'list', '--db', join(dir, 'missing.db')], {
        code: 1,
        stderr: /No database at/
      })
    ],
    usage: [
      run(() => ['mcp-server', 'allow', '--db', freshDb()], {
        code: 2,
        stderr: /give the --command to allow/
      })
    ]
  },
  'channel-key': {
    done: run(() => ['channel-key', 'create', 'shop website', '--db', freshDb()], {
      code: 0,
      stdout: /^flc_[A-Za-z0-9_-]{20,}$/m,
      stderr: /^Created CHK-\S+ "shop website"\. The key is shown this once:$/m
    }),
    failed: [
      run(() => ['channel-key', 'revoke', 'CHK-nope', '--db', freshDb()], {
        code: 1,
        stderr: /^No channel key CHK-nope\. Keys: none$/m
      })
    ],
    usage: [
      run(() => ['channel-key', 'rotate', '--db', freshDb()], {
        code: 2,
        stderr: /expected create, list or revoke/
      }),
      run(() => ['channel-key', 'create', '--db', freshDb()], { code: 2, stderr: /give the key a NAME/ })
    ]
  },
  server: {
    done: {
      kind: 'serve',
      args: () => ['server', '--db', freshDb(), '--port', '0'],
      ready: /^Frontline team server: http:\/\/127\.0\.0\.1:\d+$/m
    },
    failed: [
      run(
        () => ['server', '--db', freshDb(), '--port', String(busyPort)],
        () => ({ code: 1, stderr: portInUse('server') })
      ),
      run(() => ['server', '--db', join(dir, 'missing.db')], { code: 1, stderr: /No database at/ })
    ],
    usage: [
      run(() => ['server'], { code: 2, stderr: /--db: required/ }),
      run(() => ['server', '--db', freshDb(), '--host', '0.0.0.0', '--port', '0'], {
        code: 2,
        stderr: /Listening on 0\.0\.0\.0 would expose the API beyond this machine without TLS/
      }),
      run(() => ['server', '--db', freshDb(), '--tls-cert', 'cert.pem'], {
        code: 2,
        stderr: /--tls-cert and --tls-key go together/
      })
    ]
  },
  user: {
    done: run(
      () => ['user', 'add', 'Ada', '--email', 'ada@shop.example', '--role', 'agent', '--db', freshDb()],
      {
        code: 0,
        stdout: /#invite=[A-Za-z0-9_-]{43}/,
        stderr: /^Invite for Ada <ada@shop\.example> \(agent\)/m
      }
    ),
    failed: [
      run(() => ['user', 'sign-out', 'nobody@shop.example', '--db', freshDb()], {
        code: 1,
        stderr: /^frontline user sign-out: Nobody in the team has the email nobody@shop\.example\.$/m
      })
    ],
    usage: [
      run(() => ['user', 'add', 'Ada', '--role', 'agent', '--db', freshDb()], {
        code: 2,
        stderr: /--email is required/
      }),
      run(() => ['user', 'promote', 'ada@shop.example'], {
        code: 2,
        stderr: /ACTION: expected one of add, list/
      })
    ]
  },
  bench: {
    done: run(() => ['bench', '--concurrency', '1', '--rounds', '1', '--warmup', '0', '--engine-only'], {
      code: 0,
      stdout: /^Frontline engine benchmark: mock provider/m
    }),
    failed: [
      // Nothing listens on port 9 (discard): every call fails, and the fallback drafts are errors.
      run(
        () => [
          'bench',
          '--base-url',
          'http://127.0.0.1:9/v1',
          '--model',
          'm',
          '--concurrency',
          '1',
          '--rounds',
          '1',
          '--warmup',
          '0'
        ],
        { code: 1, stdout: /"errors":[1-9]/ }
      )
    ],
    usage: [
      run(() => ['bench', '--engine-only', '--chat-only'], {
        code: 2,
        stderr: /--chat-only: cannot be combined with --engine-only/
      })
    ]
  },
  eval: {
    // The demo model drafts; the customer is the scripted one, on a mock provider in this process.
    done: run(
      () => [
        'eval',
        'tau2-retail',
        '--user-base-url',
        customer.baseURL,
        '--user-model',
        'scripted',
        '--tasks',
        '0',
        '--k',
        '1',
        '--out',
        join(dir, 'tau2-report')
      ],
      { code: 0, stdout: /^pass\^1 \d+\.\d %$/m }
    ),
    failed: [
      // Nothing listens on port 9: the simulated customer never speaks, and the trial cannot run.
      run(
        () => [
          'eval',
          'tau2-retail',
          '--user-base-url',
          'http://127.0.0.1:9/v1',
          '--user-model',
          'm',
          '--tasks',
          '0',
          '--k',
          '1',
          '--out',
          join(dir, 'tau2-broken')
        ],
        { code: 1, stderr: /task 0 trial 1: fail/ }
      )
    ],
    usage: [
      run(() => ['eval', 'tau2-retail'], { code: 2, stderr: /the simulated customer needs a model/ }),
      run(() => ['eval', 'tau3'], { code: 2, stderr: /expected the benchmark: tau2-retail/ }),
      run(
        () => ['eval', 'tau2-retail', '--user-base-url', customer.baseURL, '--user-model', 'm', '--k', '0'],
        {
          code: 2,
          stderr: /--k: /
        }
      ),
      run(
        () => [
          'eval',
          'tau2-retail',
          '--user-base-url',
          customer.baseURL,
          '--user-model',
          'm',
          '--tasks',
          '5'
        ],
        {
          code: 2,
          stderr: /--tasks: no task 5/
        }
      )
    ]
  }
}

function expectExit(exited: Exited, expected: Expectation): void {
  const output = `stdout:\n${exited.stdout}\nstderr:\n${exited.stderr}`
  expect(exited.code, output).toBe(expected.code)
  if (expected.stdout) expect(exited.stdout, output).toMatch(expected.stdout)
  if (expected.stderr) expect(exited.stderr, output).toMatch(expected.stderr)
  // Output for people: never a stack trace, and a usage error shows the usage.
  expect(exited.stderr).not.toMatch(STACK_FRAME)
  expect(exited.stdout).not.toMatch(STACK_FRAME)
  if (expected.code === 2) expect(exited.stderr).toMatch(/Usage: frontline /)
}

async function check(testCase: RunCase | ServeCase, entry?: string): Promise<void> {
  if (testCase.kind === 'run') {
    const args = await testCase.args()
    const expected = typeof testCase.expect === 'function' ? testCase.expect() : testCase.expect
    expectExit(await runFrontline(args, { env: env(), entry }), expected)
    return
  }
  const server = startFrontline(testCase.args(), { env: env(), entry })
  await server.waitFor(testCase.ready)
  expectExit(await server.stop('SIGTERM'), { code: 0 })
}

beforeAll(async () => {
  if (problem) return
  customer = await startMockOpenAi({ script: scriptedCustomer(retailData()), record: false })
  files = seedShopFiles('frontline-exit-codes-')
  ;({ dir, shop } = files)
  busy = createServer()
  return new Promise<void>((resolve) =>
    busy.listen(0, '127.0.0.1', () => {
      busyPort = (busy.address() as { port: number }).port
      resolve()
    })
  )
})
afterAll(async () => {
  if (problem) return
  await new Promise((resolve) => busy.close(resolve))
  await customer.close()
  files.cleanup()
})

describe('frontline exit codes, from a real process', () => {
  it('has cases for every registered command', () => {
    expect(Object.keys(cases).sort()).toEqual(commands.map((c) => c.name).sort())
  })

  for (const command of commands) {
    const own = cases[command.name]
    if (!own) continue
    describe.skipIf(problem !== null)(
      `frontline ${command.name}${problem ? ` (skipped: ${problem})` : ''}`,
      () => {
        const doneWhat =
          own.done.kind === 'serve' ? 'serves until SIGTERM, then exits 0' : 'exits 0 when done'
        it(doneWhat, () => check(own.done))
        own.failed.forEach((failure, i) =>
          it(`exits 1 when it fails or refuses (${i + 1})`, () => check(failure))
        )
        own.usage.forEach((usage, i) => it(`exits 2 on a usage error (${i + 1})`, () => check(usage)))
      }
    )
  }

  it.skipIf(problem !== null)(
    'answers the same through bin/frontline.js, as npx frontline runs it',
    async () => {
      await check(cases.tool!.failed[0]!, BIN)
      await check(cases.tool!.usage[0]!, BIN)
      await check(cases.serve!.done, BIN)
    }
  )
})
