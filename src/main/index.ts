import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, ipcMain, safeStorage, session, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { startCoreWorker } from './core/core-worker-host'
import { connectionHandlers, readConnection, runningWith } from './team-client/connection-settings'
import { routeContract } from './team-client/contract-router'
import { connectRemoteBackend } from './team-client/remote-backend'
import type { CoreBackend } from './web/core-backend'
import { ensureShopOnFirstRun } from './first-run'
import { defaultDataDir, defaultDbPath } from './paths'
import { forwardCoreEvents, registerContractIpc } from './shell/contract-ipc'
import { desktopContentSecurityPolicy } from '../shared/content-security-policy'
import { hardenSession, hardenWebContents } from './shell/harden-web-contents'
import { createMainWindow } from './shell/main-window'
import { createSafeStorageKeyStore } from './shell/safe-storage-key-store'
import { createSafeStorageSessionStore } from './shell/safe-storage-session-store'
import { isAppUrl, resolveRendererEntry } from './shell/renderer-entry'

/**
 * The Electron shell: window, security, and routing. The core runs in a worker thread (started
 * here) so that drafting never stalls the event loop that answers the window.
 */
// Electron's own state (caches, the single-instance lock) lives beside the database, so a data
// folder is one self-contained profile and tests with their own FRONTLINE_DATA_DIR never collide.
app.setPath('userData', join(defaultDataDir(), 'electron'))

const entry = resolveRendererEntry(__dirname, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL)
let mainWindow: BrowserWindow | null = null
let core: CoreBackend | null = null

const isTrustedSender = (event: IpcMainInvokeEvent): boolean =>
  mainWindow !== null &&
  event.sender === mainWindow.webContents &&
  event.senderFrame !== null &&
  event.senderFrame.parent === null &&
  isAppUrl(event.senderFrame.url, entry)

async function start(): Promise<void> {
  hardenSession(
    session.defaultSession,
    desktopContentSecurityPolicy(entry.kind === 'dev-server' ? entry.url : undefined)
  )
  // This computer's database, or a team server (Settings and the first run choose; see team-client/).
  const saved = await readConnection(defaultDataDir())
  const running = runningWith(saved)
  // A desktop that already has its database keeps working as it did: only a first run is asked.
  const hadDatabase = existsSync(defaultDbPath())
  if (running.mode === 'team') {
    const sessions = createSafeStorageSessionStore({
      file: join(defaultDataDir(), 'team-session.enc'),
      encryptor: safeStorage
    })
    core = await connectRemoteBackend({ url: running.url, sessions })
  } else {
    const dbPath = defaultDbPath()
    ensureShopOnFirstRun(dbPath)
    // API keys stay in this process, encrypted by the OS keychain; the core asks for them when it calls a provider.
    const keys = createSafeStorageKeyStore({ dir: join(defaultDataDir(), 'keys'), encryptor: safeStorage })
    core = await startCoreWorker({ dbPath, host: 'electron', version: app.getVersion() }, undefined, keys)
  }
  const own = connectionHandlers({
    dataDir: defaultDataDir(),
    saved,
    hadDatabase,
    // The other backend starts with the app: restart into it.
    switchTo: () => {
      app.relaunch()
      app.quit()
    }
  })
  registerContractIpc(ipcMain, routeContract(core, own), isTrustedSender)
  forwardCoreEvents(core, () => mainWindow?.webContents ?? null)
  openWindow()
}

function openWindow(): void {
  mainWindow = createMainWindow(entry, __dirname)
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

// One instance per data folder: a second one would race the first for the same SQLite file.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  // Every web contents, not only the main window's: nothing may navigate away or open a window.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, entry))
  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => {
    if (!mainWindow && core) openWindow()
  })
  let closing = false
  app.on('before-quit', (event) => {
    if (!core || closing) return
    // Let the core finish its writes and close the database before the process exits.
    closing = true
    event.preventDefault()
    void core.close().finally(() => app.quit())
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[shell] Frontline could not start:', error)
      app.exit(1)
    })
}
