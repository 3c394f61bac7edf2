import { useId, useState, type FormEvent } from 'react'
import { mayCall } from '../../../../shared/channel-access'
import type { Role } from '../../../../shared/domain/caller'
import type { ApprovalCaps, Invite, PersonView, RoleCaps } from '../../../../shared/domain/team'
import type { AppError } from '../../../../shared/result'
import { getApi } from '../../api'
import { Badge } from '../../components/Badge'
import { useFrontlineStore } from '../../store'
import { TextField } from '../../components/TextField'
import { CopyBlock } from './CopyBlock'

const ROLES: Role[] = ['agent', 'lead', 'admin']
/** The kinds a cap is usually set for; `*` covers any other. */
const CAP_KINDS: { kind: string; label: string }[] = [
  { kind: 'return', label: 'Returns' },
  { kind: 'refund', label: 'Refunds' },
  { kind: 'goodwill_credit', label: 'Goodwill credits' },
  { kind: '*', label: 'Any other kind' }
]

/** Whether the person signed in here may do what a channel does; the core checks again. */
function useMay(): (channel: Parameters<typeof mayCall>[0]) => boolean {
  const me = useFrontlineStore((s) => s.me)
  return (channel) =>
    me !== null && mayCall(channel, { kind: 'person', personId: me.personId, name: me.name, role: me.role })
}

function PersonRow({ person, onInvite }: { person: PersonView; onInvite(invite: Invite): void }) {
  const may = useMay()
  const me = useFrontlineStore((s) => s.me)
  const reload = useFrontlineStore((s) => s.loadPeople)
  const [error, setError] = useState<AppError | null>(null)
  const admin = may('people.update')
  const run = async (call: () => Promise<{ ok: boolean; error?: AppError }>): Promise<void> => {
    const result = await call()
    setError(result.ok ? null : (result.error ?? null))
    await reload()
  }
  const api = getApi()
  return (
    <tr aria-label={person.name}>
      <th scope="row">
        {person.name}
        {person.id === me?.personId ? <span className="muted"> (you)</span> : null}
        {error ? (
          <span className="field__error" role="alert">
            {' '}
            {error.message}
          </span>
        ) : null}
      </th>
      <td>{person.email}</td>
      <td>
        {admin ? (
          <select
            aria-label={`Role of ${person.name}`}
            value={person.role}
            onChange={(event) =>
              void run(() =>
                api.invoke('people.update', { personId: person.id, role: event.target.value as Role })
              )
            }
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        ) : (
          person.role
        )}
      </td>
      <td>
        <Badge tone={person.status === 'active' ? 'success' : person.status === 'invited' ? 'info' : 'muted'}>
          {person.status}
        </Badge>{' '}
        {person.online ? <span className="muted">online</span> : null}
      </td>
      {admin ? (
        <td className="team-people__actions">
          {person.status !== 'disabled' ? (
            <button
              type="button"
              className="button button--quiet button--compact"
              onClick={() =>
                void api.invoke('people.newInviteLink', { personId: person.id }).then((result) => {
                  setError(result.ok ? null : result.error)
                  if (result.ok) onInvite(result.value)
                })
              }
            >
              New invite link
            </button>
          ) : null}
          <button
            type="button"
            className="button button--quiet button--compact"
            onClick={() => void run(() => api.invoke('people.signOut', { personId: person.id }))}
          >
            Sign out everywhere
          </button>
          <button
            type="button"
            className="button button--quiet button--compact button--warn"
            onClick={() =>
              void run(() =>
                api.invoke('people.update', { personId: person.id, disabled: person.status !== 'disabled' })
              )
            }
          >
            {person.status === 'disabled' ? 'Enable' : 'Disable'}
          </button>
        </td>
      ) : null}
    </tr>
  )
}

function InviteForm({ onInvite }: { onInvite(invite: Invite): void }) {
  const reload = useFrontlineStore((s) => s.loadPeople)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('agent')
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const roleId = useId()
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    const result = await getApi().invoke('people.invite', { name, email, role })
    setBusy(false)
    setError(result.ok ? null : result.error)
    if (!result.ok) return
    setName('')
    setEmail('')
    onInvite(result.value)
    await reload()
  }
  return (
    <form className="team-invite" aria-label="Invite a person" onSubmit={(event) => void submit(event)}>
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <span className="field">
        <label htmlFor={roleId} className="field__label">
          Role
        </label>
        <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </span>
      <button type="submit" className="button" disabled={busy || !name.trim() || !email.trim()}>
        {busy ? 'Inviting…' : 'Invite'}
      </button>
      {error ? (
        <p className="field__error" role="alert">
          {error.message}
        </p>
      ) : null}
    </form>
  )
}

const dollars = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '' : String(cents / 100)

/** The money each role may approve per action kind; blank means no limit. */
function CapsForm({ caps, editable }: { caps: ApprovalCaps; editable: boolean }) {
  const update = useFrontlineStore((s) => s.updateTeamSettings)
  const [draft, setDraft] = useState(() => ({
    agent: Object.fromEntries(CAP_KINDS.map(({ kind }) => [kind, dollars(caps.agent[kind])])),
    lead: Object.fromEntries(CAP_KINDS.map(({ kind }) => [kind, dollars(caps.lead[kind])]))
  }))
  const [error, setError] = useState<AppError | null>(null)
  const [saved, setSaved] = useState(false)
  const toCaps = (byKind: Record<string, string>): RoleCaps =>
    Object.fromEntries(
      Object.entries(byKind).map(([kind, text]) => [
        kind,
        text.trim() === '' ? null : Math.round(Number(text) * 100)
      ])
    )
  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const failed = await update({ caps: { agent: toCaps(draft.agent), lead: toCaps(draft.lead) } })
    setError(failed)
    setSaved(failed === null)
  }
  return (
    <form aria-label="Approval caps" onSubmit={(event) => void save(event)}>
      <table className="data-table team-caps">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Agents may approve up to ($)</th>
            <th scope="col">Leads may approve up to ($)</th>
          </tr>
        </thead>
        <tbody>
          {CAP_KINDS.map(({ kind, label }) => (
            <tr key={kind}>
              <th scope="row">{label}</th>
              {(['agent', 'lead'] as const).map((role) => (
                <td key={role}>
                  <input
                    className="field__input"
                    inputMode="decimal"
                    aria-label={`${label}: ${role} cap in dollars`}
                    placeholder="No limit"
                    disabled={!editable}
                    value={draft[role][kind] ?? ''}
                    onChange={(event) => {
                      setSaved(false)
                      setDraft({ ...draft, [role]: { ...draft[role], [kind]: event.target.value } })
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field__hint">
        Admins approve any amount. Above the agents&apos; cap, nobody approves an action they proposed
        themselves.
      </p>
      {editable ? (
        <div className="settings-form__actions">
          <button type="submit" className="button">
            Save caps
          </button>
          <span className="save-feedback" role="status">
            {saved ? 'Saved' : ''}
          </span>
          {error ? (
            <span className="field__error" role="alert">
              {error.message}
            </span>
          ) : null}
        </div>
      ) : null}
    </form>
  )
}

/** Team mode in Settings: the people, invitations, approval caps and auto-assignment. */
export function TeamSettingsCard() {
  const me = useFrontlineStore((s) => s.me)
  const people = useFrontlineStore((s) => s.people)
  const settings = useFrontlineStore((s) => s.teamSettings)
  const update = useFrontlineStore((s) => s.updateTeamSettings)
  const may = useMay()
  const [invite, setInvite] = useState<Invite | null>(null)
  if (!me?.team) return null
  const admin = may('team.settings.update')

  return (
    <section className="card settings-card" aria-labelledby="team-heading">
      <header className="card__header">
        <div>
          <h2 id="team-heading" className="card__title">
            Team
          </h2>
          <p className="card__subtitle">
            Who works this inbox, what each role may approve, and how new tickets are handed out.
            {admin ? '' : ' Only admins can change these.'}
          </p>
        </div>
      </header>
      <div className="settings-stack">
        <table className="data-table team-people">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              {admin ? <th scope="col">Manage</th> : null}
            </tr>
          </thead>
          <tbody>
            {(people.data ?? []).map((person) => (
              <PersonRow key={person.id} person={person} onInvite={setInvite} />
            ))}
          </tbody>
        </table>
        {invite ? (
          <div className="channel-new-key">
            <p className="field__hint">
              Send this link to {invite.person.name}: it sets their password once, until{' '}
              {invite.expiresAt.slice(0, 10)}.
            </p>
            <CopyBlock
              label={`Invite link for ${invite.person.name}`}
              text={invite.url ?? `${window.location.origin}/#invite=${invite.token}`}
            />
          </div>
        ) : null}
        {admin ? <InviteForm onInvite={setInvite} /> : null}
        {settings.data ? (
          <>
            <CapsForm caps={settings.data.caps} editable={admin} />
            <label className="team-auto-assign">
              <input
                type="checkbox"
                checked={settings.data.autoAssign}
                disabled={!admin}
                onChange={(event) => void update({ autoAssign: event.target.checked })}
              />{' '}
              Hand new tickets round-robin to the agents who are online
            </label>
          </>
        ) : null}
      </div>
    </section>
  )
}
