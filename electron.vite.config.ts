import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          // Electron shell, the core worker thread, the CLI (which also starts the web host), the benchmark.
          index: resolve(__dirname, 'src/main/index.ts'),
          'core-worker': resolve(__dirname, 'src/main/core/worker.ts'),
          // The core's streamed model calls (SDK, HTTP, SSE decoding) run in this thread of their own.
          'stream-worker': resolve(__dirname, 'src/main/llm/stream-worker.ts'),
          // WAL checkpoints of the shop database, off the core's thread.
          'checkpoint-worker': resolve(__dirname, 'src/main/db/checkpoint-worker.ts'),
          // An import's file reader: CSV parsing beside the thread that writes SQLite.
          'import-read-worker': resolve(__dirname, 'src/main/shop/import/read-worker.ts'),
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
          bench: resolve(__dirname, 'src/main/bench/main.ts')
        },
        // Shared chunks sit beside the entries: code resolves core-worker.js and ../renderer from
        // its own __dirname, which must be out/main whichever chunk that code lands in.
        output: { chunkFileNames: '[name]-[hash].js' }
      }
    }
  },
  preload: {
    // A sandboxed preload cannot require() packages, so zod and the contract are bundled in.
    build: { externalizeDeps: false }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [react()]
  }
})
