import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(__dirname, '..', '..')
export const builtMain = (file: string): string => join(repoRoot, 'out', 'main', file)

/**
 * Why the built app cannot stand for the sources under test (missing, or older than any file in
 * src/: the bundles embed the core and the migrations), or null when it can. `npm test` builds
 * before the unit tests, so these tests run there; in a quick edit-test loop they skip and say why.
 */
export function builtAppProblem(files: readonly string[] = ['cli.js']): string | null {
  const built = files.map(builtMain)
  const missing = built.find((f) => !existsSync(f))
  if (missing) return `${missing} is not built; run \`npm run build\``
  const sources = join(repoRoot, 'src')
  const newest = Math.max(
    ...readdirSync(sources, { recursive: true, encoding: 'utf8' }).map(
      (f) => statSync(join(sources, f)).mtimeMs
    )
  )
  return Math.min(...built.map((f) => statSync(f).mtimeMs)) < newest
    ? 'out/main is older than src/; run `npm run build`'
    : null
}
