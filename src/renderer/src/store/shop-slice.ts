import type { StateCreator } from 'zustand'
import type { ImportPlatform, ImportProgress, ShopStatus } from '../../../shared/domain/shop'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** The file being sent to the core, chunk by chunk, before the import starts. */
export interface UploadProgress {
  file: string
  fileIndex: number
  files: number
  sentBytes: number
  totalBytes: number
}

export interface ShopImportState {
  phase: 'idle' | 'uploading' | 'importing' | 'finished'
  upload: UploadProgress | null
  progress: ImportProgress | null
  error: AppError | null
}

/** The shop's data (Settings → Shop data) and the first-run choice between the demo shop and an import. */
export interface ShopSlice {
  shop: Loadable<ShopStatus>
  /** The console opened on an empty shop: the first-run screen stays until the person moves on. */
  firstRun: boolean
  shopImport: ShopImportState
  demoStart: { busy: boolean; error: AppError | null }
  loadShop(): Promise<void>
  startDemoShop(): Promise<void>
  finishFirstRun(): void
  importShop(platform: ImportPlatform, files: readonly File[], currency?: string): Promise<void>
  cancelShopImport(): Promise<void>
  applyImportProgress(progress: ImportProgress): void
}

const idleImport: ShopImportState = { phase: 'idle', upload: null, progress: null, error: null }

/** A slice of a picked file, read with FileReader (every host has it; Blob.arrayBuffer is newer). */
function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsArrayBuffer(blob)
  })
}

/** base64 of a chunk, built in slices so no argument list grows with the chunk. */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

export const createShopSlice: StateCreator<FrontlineState, [], [], ShopSlice> = (set, get) => {
  let uploadCancelled = false
  const setImport = (patch: Partial<ShopImportState>): void =>
    set({ shopImport: { ...get().shopImport, ...patch } })

  /** Sends one file in the chunk size the core asks for, one chunk in flight: memory stays one chunk. */
  async function uploadFile(file: File, fileIndex: number, files: number): Promise<string | null> {
    const api = getApi()
    const begun = await api.invoke('shop.upload.begin', { name: file.name, size: file.size })
    if (!begun.ok) {
      setImport({ phase: 'idle', upload: null, error: begun.error })
      return null
    }
    const { uploadId, chunkBytes } = begun.value
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (uploadCancelled) return null
      setImport({ upload: { file: file.name, fileIndex, files, sentBytes: offset, totalBytes: file.size } })
      const bytes = await readBytes(file.slice(offset, offset + chunkBytes))
      const sent = await api.invoke('shop.upload.chunk', { uploadId, offset, data: toBase64(bytes) })
      if (!sent.ok) {
        setImport({ phase: 'idle', upload: null, error: sent.error })
        return null
      }
    }
    return uploadId
  }

  return {
    shop: idle(),
    firstRun: false,
    shopImport: idleImport,
    demoStart: { busy: false, error: null },

    async loadShop() {
      set({ shop: loading(get().shop) })
      const result = await getApi().invoke('shop.status', {})
      set({ shop: settled(get().shop, result) })
      if (result.ok && result.value.empty) set({ firstRun: true })
      const running = result.ok ? result.value.import : null
      // An import started before this page opened (another window, a reload) shows here too.
      if (running?.state === 'running' && get().shopImport.phase === 'idle') {
        setImport({ phase: 'importing', progress: running })
      }
    },

    async startDemoShop() {
      set({ demoStart: { busy: true, error: null } })
      const result = await getApi().invoke('shop.startDemo', {})
      set({ demoStart: { busy: false, error: result.ok ? null : result.error } })
      if (!result.ok) return
      set({ shop: settled(get().shop, result), firstRun: false })
      void get().loadInbox()
      void get().loadStatus()
    },

    finishFirstRun() {
      set({ firstRun: false })
    },

    async importShop(platform, files, currency) {
      uploadCancelled = false
      set({ shopImport: { ...idleImport, phase: 'uploading' } })
      const uploadIds: string[] = []
      for (const [i, file] of files.entries()) {
        const id = await uploadFile(file, i, files.length)
        if (id === null) {
          if (uploadCancelled) set({ shopImport: idleImport })
          return
        }
        uploadIds.push(id)
      }
      setImport({ upload: null })
      const started = await getApi().invoke('shop.import.start', {
        platform,
        uploadIds,
        ...(currency ? { currency } : {})
      })
      if (!started.ok) {
        setImport({ phase: 'idle', error: started.error })
        return
      }
      // Progress events may have overtaken the answer; they are newer than it.
      if (get().shopImport.progress?.jobId !== started.value.jobId)
        setImport({ phase: 'importing', progress: started.value })
    },

    async cancelShopImport() {
      const { phase, progress } = get().shopImport
      if (phase === 'uploading') {
        uploadCancelled = true
        return
      }
      if (phase !== 'importing' || !progress) return
      const result = await getApi().invoke('shop.import.cancel', { jobId: progress.jobId })
      if (!result.ok) setImport({ error: result.error })
    },

    applyImportProgress(progress) {
      const current = get().shopImport.progress
      // Events and answers race: a job only moves forward, and a finished one stays finished.
      if (current && current.jobId === progress.jobId && current.state !== 'running') return
      const finished = progress.state !== 'running'
      setImport({ phase: finished ? 'finished' : 'importing', progress, upload: null })
      if (finished) {
        void get().loadShop()
        void get().loadInbox()
      }
    }
  }
}
