import { contextBridge, ipcRenderer } from 'electron'
import type { FrontlineApi } from '../shared/contract'
import { createPreloadBridge } from './bridge'

const frontline = createPreloadBridge(ipcRenderer) satisfies FrontlineApi

contextBridge.exposeInMainWorld('frontline', frontline)
