import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  type BrowserWindow,
  type IpcMainInvokeEvent
} from 'electron'
import { startCoreWorker } from './core/core-worker-host'
import { connectionHandlers, readConnection, runningWith } from './team-client/connection-settings'
import { routeContract } from './team-client/contract-router'
import { connectRemoteBackend } from './team-client/remote-backend'
import type { CoreBackend } from './web/core-backend'
import { prepareShopDatabase } from './first-run'
import { createFileKeyStore } from './llm/keys'
import type { StdioConfirm } from './mcp-client/manager'
import { defaultDataDir, defaultDbPath } from './paths'
import { appSchemePrivileges, serveAppRequest } from './shell/app-protocol'
import { forwardCoreEvents, registerContractIpc } from './shell/contract-ipc'
import { desktopContentSecurityPolicy } from '../shared/content-security-policy'
import { hardenSession, hardenWebContents } from './shell/harden-web-contents'
import { chooseKeyStorage } from './shell/key-storage'
import { createMainWindow } from './shell/main-window'
import { showCoreNotices } from './shell/desktop-notifications'
import { createSafeStorageKeyStore } from './shell/safe-storage-key-store'
import { createSafeStorageSessionStore } from './shell/safe-storage-session-store'
import { stdioConfirmDialogOptions, stdioDialogAllowed } from './shell/stdio-confirm-dialog'
import { APP_SCHEME, isAppUrl, resolveRendererEntry } from './shell/renderer-entry'

/**
 * The Electron shell: window, security, and routing. The core runs in a worker thread (started
 * here) so that drafting never stalls the event loop that answers the window.
 */
// Electron's own state (caches, the single-instance lock) lives beside the database, so a data
// folder is one self-contained profile and tests with their own FRONTLINE_DATA_DIR never collide.
app.setPath('userData', join(defaultDataDir(), 'electron'))
// Before `ready`, as Electron requires: the page's own scheme, treated like https.
protocol.registerSchemesAsPrivileged([appSchemePrivileges])

// Only `electron-vite dev` may point the window at a dev server: the production build drops this read.
const entry = resolveRendererEntry(
  __dirname,
  import.meta.env.DEV ? process.env.ELECTRON_RENDERER_URL : undefined
)
const contentSecurityPolicy = desktopContentSecurityPolicy(
  entry.kind === 'dev-server' ? entry.url : undefined
)
let mainWindow: BrowserWindow | null = null
let core: CoreBackend | null = null

const isTrustedSender = (event: IpcMainInvokeEvent): boolean =>
  mainWindow !== null &&
  event.sender === mainWindow.webContents &&
  event.senderFrame !== null &&
  event.senderFrame.parent === null &&
  isAppUrl(event.senderFrame.url, entry)

/** A native dialog, outside the page: nothing in the console can answer it. */
const confirmStdio: StdioConfirm = async (request) => {
  const options = stdioConfirmDialogOptions(request)
  const { response } = mainWindow
    ? await dialog.showMessageBox(mainWindow, options)
    : await dialog.showMessageBox(options)
  return stdioDialogAllowed(response)
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, contentSecurityPolicy)
  if (entry.kind === 'app') {
    protocol.handle(APP_SCHEME, (request) =>
      serveAppRequest(entry.rendererDir, request, contentSecurityPolicy)
    )
  }
  // This computer's database, or a team server (Settings and the first run choose; see team-client/).
  const saved = await readConnection(defaultDataDir())
  const running = runningWith(saved)
  const dbPath = defaultDbPath()
  // A desktop that already has its database keeps working as it did: only a first run is asked.
  const hadDatabase = existsSync(dbPath)
  core = running.mode === 'team' ? await teamServer(running.url) : await localCore(dbPath)
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
  showCoreNotices(core, () => mainWindow)
  openWindow()
}

/** A team server, as its client: the session token is kept here, encrypted by the OS keychain. */
function teamServer(url: string): Promise<CoreBackend> {
  const sessions = createSafeStorageSessionStore({
    file: join(defaultDataDir(), 'team-session.enc'),
    encryptor: safeStorage
  })
  return connectRemoteBackend({ url, sessions })
}

/** This computer's own core, in a worker thread, over its own database. */
async function localCore(dbPath: string): Promise<CoreBackend> {
  // An empty shop opens on the first-run choice (the demo shop, or an import of the person's own).
  prepareShopDatabase(dbPath)
  // Keys stay in this process, encrypted by the OS keychain; the core asks for them (once a session).
  // Without a real keyring they go to 0600 files the core reads itself, and Settings says so.
  const keysDir = join(defaultDataDir(), 'keys')
  const keyStorage = chooseKeyStorage(safeStorage, process.platform)
  const keys =
    keyStorage.kind === 'os-keychain'
      ? createSafeStorageKeyStore({
          dir: keysDir,
          encryptor: safeStorage,
          alsoRead: createFileKeyStore({ dir: keysDir })
        })
      : undefined
  return startCoreWorker(
    { dbPath, host: 'electron', version: app.getVersion(), keyStorage },
    undefined,
    keys,
    confirmStdio
  )
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
