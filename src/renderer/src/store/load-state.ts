import type { AppError, Result } from '../../../shared/result'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** A value fetched from the core. `data` survives a reload so a refresh never blanks the screen. */
export interface Loadable<T> {
  status: LoadStatus
  data: T | null
  error: AppError | null
}

export const idle = <T>(): Loadable<T> => ({ status: 'idle', data: null, error: null })

export const loading = <T>(previous: Loadable<T>): Loadable<T> => ({
  ...previous,
  status: 'loading',
  error: null
})

export const settled = <T>(previous: Loadable<T>, result: Result<T>): Loadable<T> =>
  result.ok
    ? { status: 'ready', data: result.value, error: null }
    : { status: 'error', data: previous.data, error: result.error }
