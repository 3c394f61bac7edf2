import type { Handlers } from '../../shared/contract'
import { AppFailure } from '../../shared/result'
import { countPendingActions } from '../db/repositories/actions'
import { assignTickets, markAutoAssignStart } from '../team/assignment'
import { readTeamSettings, writeTeamSettings } from '../team/team-settings'
import type { CoreContext } from './create-core'

type TeamHandlers = Pick<
  Handlers,
  | 'auth.signIn'
  | 'auth.inviteInfo'
  | 'auth.acceptInvite'
  | 'auth.session'
  | 'auth.me'
  | 'auth.signOut'
  | 'auth.signOutEverywhere'
  | 'people.list'
  | 'people.invite'
  | 'people.newInviteLink'
  | 'people.update'
  | 'people.signOut'
  | 'team.settings.get'
  | 'team.settings.update'
  | 'tickets.assign'
  | 'presence.set'
  | 'presence.list'
  | 'connection.get'
  | 'connection.set'
>

/** Team mode: signing in, the team's people and settings, assignment and presence. */
export function createTeamHandlers(ctx: CoreContext): TeamHandlers {
  const { db, team } = ctx
  const { accounts, presence } = team

  return {
    'auth.signIn': (input) => accounts.signIn(input),
    'auth.inviteInfo': ({ token }) => accounts.inviteInfo(token),
    'auth.acceptInvite': (input) => accounts.acceptInvite(input),
    'auth.session': ({ token }) => accounts.resolveSession(token),
    'auth.me': (_input, caller) => accounts.me(caller),
    'auth.signOut': (_input, caller) => ({ sessionsEnded: accounts.signOut(caller) }),
    'auth.signOutEverywhere': (_input, caller) => ({ sessionsEnded: accounts.signOutEverywhere(caller) }),

    'people.list': () => accounts.list(),
    'people.invite': (input, caller) => accounts.invite(input, caller),
    'people.newInviteLink': ({ personId }, caller) => accounts.newInviteLink(personId, caller),
    'people.update': (input, caller) => accounts.update(input, caller),
    'people.signOut': ({ personId }, caller) => ({ sessionsEnded: accounts.signOutPerson(personId, caller) }),

    'team.settings.get': () => readTeamSettings(db),
    'team.settings.update': (patch) => {
      const turningOn = patch.autoAssign === true && !readTeamSettings(db).autoAssign
      if (turningOn) markAutoAssignStart(db, ctx.clock.now().toISOString())
      const settings = writeTeamSettings(db, patch)
      if (turningOn) team.autoAssigner.schedule()
      // Who may approve what changed: every console asks its queue again.
      if (patch.caps) ctx.events.emit('actions.changed', { actionIds: [], pending: countPendingActions(db) })
      return settings
    },

    'tickets.assign': (input, caller) => ({ ticketIds: assignTickets(ctx, input, caller) }),

    'presence.set': ({ viewId, ticketId, editing }, caller) => {
      if (caller.kind !== 'person')
        throw new AppFailure('not_allowed', 'Only people have a place in the console.')
      const wasOnline = presence.isOnline(caller.personId)
      const entries = presence.set(caller, viewId, ticketId, editing)
      // Someone who just came online can take the tickets that waited for anyone to be there.
      if (!wasOnline) team.autoAssigner.schedule()
      return { entries }
    },
    'presence.list': () => ({ entries: presence.list() }),

    // A core does not choose where its console works; the desktop app's main process answers these.
    'connection.get': () => ({
      mode: ctx.options.host === 'team' ? 'team' : 'local',
      url: null,
      switchable: false,
      chosen: true
    }),
    'connection.set': () => {
      throw new AppFailure(
        'not_allowed',
        'Only the desktop app switches between this computer and a team server: open the team server’s address in a browser instead.'
      )
    }
  }
}
