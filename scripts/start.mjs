// `npm start`: the desktop app where Electron's runtime is installed, otherwise the same console
// served to a browser by the web host. Builds first when there is nothing built yet.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/core-worker.js',
  'out/preload/index.js',
  'out/renderer/index.html'
]

function electronExecutable() {
  try {
    // The `electron` package exports its binary's path, and throws when the binary was never downloaded.
    const path = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (built.some((file) => !existsSync(join(root, file)))) {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit'
    }
  )
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const electron = electronExecutable()
if (electron) {
  run(electron, ['.', ...process.argv.slice(2)])
} else {
  console.log(
    "Electron's runtime isn't available here, so Frontline serves the same console to your browser instead."
  )
  run(process.execPath, [join(root, 'out/main/cli.js'), 'web', ...process.argv.slice(2)])
}
