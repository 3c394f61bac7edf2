import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startMockOpenAi } from '../../src/main/bench/mock-openai-server'
import { createCore } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A web host over the demo shop and the demo model, streaming a chunk every few ms. */
    demoConsoleUrl: string
    /** A web host whose default provider is a mock that answers every call with HTTP 500. */
    failingConsoleUrl: string
  }
}

/**
 * Consoles that draft. Their cores run here, in vitest's own Node process: in a jsdom test file the
 * openai SDK sees a browser and refuses to start, while the real app runs the core in Node too.
 */
async function startHost(env: NodeJS.ProcessEnv): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-renderer-drafting-'))
  const dbPath = join(dataDir, 'frontline.db')
  ensureShopOnFirstRun(dbPath)
  // As in console-host.ts: triage would call the provider for the newest tickets on its own, and the
  // drafting under test must be the first to reach it (the failing console's status bar is asserted).
  const core = createCore({ dbPath, host: 'web', env, helpDeskWorkers: false })
  const host: WebHost = await serveConsole(
    {
      invoke: (channel, input) => core.invokeRaw(channel, input),
      subscribe: (listener) => core.subscribe(listener),
      close: () => core.close()
    },
    { rendererDir: dataDir }
  )
  return {
    url: host.url,
    async close() {
      await host.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provider = await startMockOpenAi({ script: () => ({ kind: 'status', status: 500 }) })
  const demo = await startHost({ FRONTLINE_DEMO_CHUNK_DELAY_MS: '2' })
  const failing = await startHost({
    FRONTLINE_BASE_URL: provider.baseURL,
    FRONTLINE_MODEL: 'gpt-4.1-mini',
    FRONTLINE_API_KEY: 'sk-test-0123456789'
  })
  project.provide('demoConsoleUrl', demo.url)
  project.provide('failingConsoleUrl', failing.url)
  return async () => {
    await demo.close()
    await failing.close()
    await provider.close()
  }
}
