import { join } from 'node:path'

export const repoRoot = join(__dirname, '..')
export const builtCli = join(repoRoot, 'out', 'main', 'cli.js')
export const builtShell = join(repoRoot, 'out', 'main', 'index.js')
export const builtRenderer = join(repoRoot, 'out', 'renderer', 'index.html')
