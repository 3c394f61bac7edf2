import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import type { RendererEntry } from './renderer-entry'

/** The console's window; index.ts hardens every web contents as it is created, this one included. */
export function createMainWindow(entry: RendererEntry, mainDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Frontline',
    // Windows and Linux take the window icon from here; macOS from the app bundle.
    icon: join(mainDir, '../../resources/icon.png'),
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(mainDir, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true
    }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(entry.url)
  return window
}
