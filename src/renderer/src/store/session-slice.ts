import type { StateCreator } from 'zustand'
import type { ConnectionChoice, ConnectionView, InviteInfo, Me, SignedIn } from '../../../shared/domain/team'
import type { AppError, Result } from '../../../shared/result'
import { getApi, isTeamPage, reconnectAs, setApi, unreachableHostApi } from '../api'
import type { FrontlineState } from './index'

/**
 * Who the console works as. A single desktop or `frontline web` has its owner and goes straight to
 * the console; a team server's page signs a person in first (or accepts their invite link).
 */
export type SessionPhase = 'checking' | 'console' | 'sign-in' | 'invite' | 'choose-connection'

export interface PendingInvite {
  token: string
  info: InviteInfo | null
  error: AppError | null
}

export interface SessionSlice {
  phase: SessionPhase
  me: Me | null
  /** Why the person is asked to sign in (their session ended, they signed out). */
  signInNotice: string | null
  signInOp: { busy: boolean; error: AppError | null }
  invite: PendingInvite | null
  /** Bumped at each sign-in, so the console starts afresh for the new person. */
  sessionGeneration: number
  /** Where this console works; the desktop app can switch between this computer and a team server. */
  connectionChoice: ConnectionView | null
  connectionOp: { busy: boolean; error: AppError | null; restarting: boolean }
  chooseConnection(choice: ConnectionChoice): Promise<void>
  bootSession(): Promise<void>
  signIn(email: string, password: string): Promise<void>
  acceptInvite(password: string): Promise<void>
  signOut(everywhere?: boolean): Promise<void>
  sessionEnded(reason: string): void
  /** Asks again who the console works as (a role changed). */
  refreshMe(): Promise<void>
}

const inviteFromHash = (): string | null => {
  if (typeof window === 'undefined') return null
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('invite')
  return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null
}

/** The invite link's secret leaves the address bar once read (and so the history). */
const forgetHash = (): void => {
  if (typeof window !== 'undefined' && window.location.hash)
    window.history.replaceState(null, '', window.location.pathname + window.location.search)
}

const client = (): string => {
  if (typeof navigator === 'undefined') return ''
  return window.frontline ? 'Frontline desktop' : navigator.userAgent.slice(0, 200)
}

export const createSessionSlice: StateCreator<FrontlineState, [], [], SessionSlice> = (set, get) => {
  const enter = async (result: Result<SignedIn>): Promise<boolean> => {
    if (!result.ok) {
      set({ signInOp: { busy: false, error: result.error } })
      return false
    }
    reconnectAs(result.value.session.token)
    const me = await getApi().invoke('auth.me', {})
    set({
      me: me.ok ? me.value : null,
      phase: 'console',
      invite: null,
      signInNotice: null,
      signInOp: { busy: false, error: null },
      sessionGeneration: get().sessionGeneration + 1
    })
    return true
  }

  return {
    phase: 'checking',
    me: null,
    signInNotice: null,
    signInOp: { busy: false, error: null },
    invite: null,
    sessionGeneration: 0,
    connectionChoice: null,
    connectionOp: { busy: false, error: null, restarting: false },

    async chooseConnection(choice) {
      set({ connectionOp: { busy: true, error: null, restarting: false } })
      const result = await getApi().invoke('connection.set', choice)
      if (!result.ok) {
        set({ connectionOp: { busy: false, error: result.error, restarting: false } })
        return
      }
      const current = get().connectionChoice
      const restarting =
        current !== null && (current.mode !== result.value.mode || current.url !== result.value.url)
      set({ connectionChoice: result.value, connectionOp: { busy: false, error: null, restarting } })
      // The same place as now (the first run's "this computer"): on to the console.
      if (!restarting && get().phase === 'choose-connection') await get().bootSession()
    },

    async bootSession() {
      // The desktop's and `frontline web`'s consoles open at once; who is calling is learned on the way.
      if (!isTeamPage()) set({ phase: 'console' })
      const inviteToken = inviteFromHash()
      if (inviteToken) {
        forgetHash()
        set({ phase: 'invite', invite: { token: inviteToken, info: null, error: null } })
        const info = await getApi().invoke('auth.inviteInfo', { token: inviteToken })
        set({
          invite: {
            token: inviteToken,
            info: info.ok ? info.value : null,
            error: info.ok ? null : info.error
          }
        })
        return
      }
      const [me, connection] = await Promise.all([
        getApi().invoke('auth.me', {}),
        getApi().invoke('connection.get', {})
      ])
      if (connection.ok) set({ connectionChoice: connection.value })
      // The desktop's first run: this computer, or a team server?
      if (connection.ok && connection.value.switchable && !connection.value.chosen) {
        set({ phase: 'choose-connection' })
        return
      }
      if (me.ok) {
        set({ me: me.value, phase: 'console' })
        return
      }
      if (me.error.code === 'unauthenticated') {
        reconnectAs(null)
        set({ me: null, phase: 'sign-in' })
        return
      }
      // No host answers this page (a web console without its token, a team server that is down):
      // the console shows why wherever it loads something.
      if (isTeamPage()) setApi(unreachableHostApi)
      set({ phase: 'console' })
    },

    async signIn(email, password) {
      set({ signInOp: { busy: true, error: null } })
      await enter(await getApi().invoke('auth.signIn', { email, password, client: client() }))
    },

    async acceptInvite(password) {
      const invite = get().invite
      if (!invite) return
      set({ signInOp: { busy: true, error: null } })
      await enter(
        await getApi().invoke('auth.acceptInvite', { token: invite.token, password, client: client() })
      )
    },

    async signOut(everywhere = false) {
      await getApi().invoke(everywhere ? 'auth.signOutEverywhere' : 'auth.signOut', {})
      get().sessionEnded(everywhere ? 'You signed out everywhere.' : 'You signed out.')
    },

    async refreshMe() {
      const me = await getApi().invoke('auth.me', {})
      if (me.ok) set({ me: me.value })
    },

    sessionEnded(reason) {
      if (get().phase === 'sign-in') return
      reconnectAs(null)
      set({ phase: 'sign-in', me: null, signInNotice: reason, signInOp: { busy: false, error: null } })
    }
  }
}
