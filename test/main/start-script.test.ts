import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/built-app'

const BUILT = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/core-worker.js',
  'out/preload/index.js',
  'out/renderer/index.html'
]

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const write = (root: string, file: string, text: string, at?: Date): void => {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), text)
  if (at) utimesSync(join(root, file), at, at)
}

/**
 * A Frontline folder with `npm start`'s script, where "building" (electron-vite's place) only says
 * so and the CLI only says it was started: there is no Electron runtime, as on a server.
 */
function folder(builtAt: Date, sourcesAt: Date): string {
  const root = mkdtempSync(join(tmpdir(), 'frontline-start-'))
  dirs.push(root)
  mkdirSync(join(root, 'scripts'))
  copyFileSync(join(repoRoot, 'scripts', 'start.mjs'), join(root, 'scripts', 'start.mjs'))
  write(root, 'node_modules/electron-vite/bin/electron-vite.js', "console.log('BUILT')\n")
  for (const file of BUILT)
    write(root, file, "console.log('STARTED', process.argv.slice(2).join(' '))\n", builtAt)
  write(root, 'src/main/core/handlers.ts', 'export {}\n', sourcesAt)
  write(root, 'package.json', '{}\n', new Date(Math.min(builtAt.getTime(), sourcesAt.getTime())))
  return root
}

const start = (root: string) =>
  spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--port', '4321'], {
    cwd: root,
    encoding: 'utf8'
  })

describe('npm start', () => {
  it('builds again when the sources changed since the last build, not only when out/ is missing', () => {
    const root = folder(new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T11:00:00Z'))
    const run = start(root)
    expect(run.stdout).toContain('Building Frontline first: the sources changed since the last build.')
    expect(run.stdout).toContain('BUILT')
    expect(run.stdout).toContain('STARTED web --port 4321')
  })

  it('starts at once when the build is newer than every source', () => {
    const root = folder(new Date('2026-01-01T12:00:00Z'), new Date('2026-01-01T11:00:00Z'))
    const run = start(root)
    expect(run.stdout).not.toContain('BUILT')
    expect(run.stdout).toContain('STARTED web --port 4321')
  })

  it('builds when a built file is missing', () => {
    const root = folder(new Date('2026-01-01T12:00:00Z'), new Date('2026-01-01T11:00:00Z'))
    rmSync(join(root, 'out/renderer/index.html'))
    expect(start(root).stdout).toContain(
      'Building Frontline first: out/renderer/index.html is not built yet.'
    )
  })
})
