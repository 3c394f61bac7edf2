import { existsSync } from 'node:fs'
import { electronExecutable } from './electron/electron-runtime'
import { builtCli, builtRenderer } from './paths'

/** The specs drive the built app; say so plainly instead of failing every test with a timeout. */
export default function globalSetup(): void {
  const missing = [builtCli, builtRenderer].filter((file) => !existsSync(file))
  if (missing.length > 0) {
    throw new Error(`The app is not built (missing ${missing.join(', ')}). Run \`npm run build\` first.`)
  }
  if (!electronExecutable()) {
    console.log(
      "Electron's runtime is not installed here: the desktop-window specs (e2e/electron) will be skipped."
    )
  }
}
