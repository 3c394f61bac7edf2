import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          environment: 'node',
          // better-sqlite3 is a native addon: forks isolate it better than worker threads.
          pool: 'forks',
          include: ['test/main/**/*.test.ts', 'src/main/**/*.test.ts', 'src/shared/**/*.test.ts'],
          testTimeout: 30_000
        }
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          globalSetup: ['test/renderer/drafting-hosts.global.ts'],
          // A ceiling, not a measure: the console tests drive a real core (and, for email, real
          // mail servers), and on a loaded two-core machine 5 s cut healthy runs short.
          testTimeout: 20_000,
          include: ['test/renderer/**/*.test.{ts,tsx}', 'src/renderer/**/*.test.{ts,tsx}']
        }
      }
    ]
  }
})
