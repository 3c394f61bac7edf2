// `npm start`: the desktop app where Electron's runtime is installed, otherwise the same console
// served to a browser by the web host. Builds first when there is nothing built yet, or when the
// sources changed since the last build.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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

/** What the build reads: a change to any of these since the last build calls for another. */
const inputs = ['src', 'resources', 'electron.vite.config.ts', 'package.json', 'package-lock.json']

function newestInput() {
  let newest = 0
  for (const input of inputs) {
    const path = join(root, input)
    if (!existsSync(path)) continue
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, encoding: 'utf8' }).map((file) => join(path, file))
      : [path]
    for (const file of files) {
      const stat = statSync(file)
      if (stat.isFile()) newest = Math.max(newest, stat.mtimeMs)
    }
  }
  return newest
}

function whyBuild() {
  const missing = built.find((file) => !existsSync(join(root, file)))
  if (missing) return `${missing} is not built yet`
  const oldestBuilt = Math.min(...built.map((file) => statSync(join(root, file)).mtimeMs))
  return newestInput() > oldestBuilt ? 'the sources changed since the last build' : null
}

const reason = whyBuild()
if (reason) {
  console.log(`Building Frontline first: ${reason}.`)
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
