import { useEffect } from 'react'
import type { NoticeKind } from '../../../../shared/domain/notifications'
import { useFrontlineStore } from '../../store'

const kinds: { kind: NoticeKind; title: string; hint: string }[] = [
  { kind: 'newChat', title: 'A new chat', hint: 'A customer starts a conversation on the website.' },
  {
    kind: 'customerReply',
    title: "A customer's answer",
    hint: 'A customer writes back after the shop replied.'
  },
  {
    kind: 'approvalWaiting',
    title: 'An approval waiting',
    hint: 'A return, refund or tool call proposed by the AI waits for a person.'
  }
]

/** Where the console's host shows notices, and what it takes to see them there. */
function PermissionLine() {
  const host = useFrontlineStore((s) => s.appInfo.data?.host)
  const permission = useFrontlineStore((s) => s.notificationPermission)
  const ask = useFrontlineStore((s) => s.askNotificationPermission)
  if (host === 'electron') {
    return <p className="field__hint">The desktop app shows them with your system&apos;s notifications.</p>
  }
  if (permission === 'unsupported') {
    return <p className="field__hint">This browser cannot show notifications.</p>
  }
  if (permission === 'denied') {
    return (
      <p className="field__error">
        This browser blocks Frontline&apos;s notifications: allow them in the site&apos;s settings (the icon
        left of the address).
      </p>
    )
  }
  if (permission === 'default') {
    return (
      <p className="field__hint">
        This browser shows them once you allow it.{' '}
        <button type="button" className="button button--quiet button--compact" onClick={() => void ask()}>
          Allow notifications
        </button>
      </p>
    )
  }
  return <p className="field__hint">This browser shows them while the console is not in front of you.</p>
}

/** Which notices reach the person while they look elsewhere: each on or off, stored in the shop's settings (a team server keeps each person's). */
export function NotificationSettings() {
  const settings = useFrontlineStore((s) => s.notificationSettings)
  const save = useFrontlineStore((s) => s.saveNotificationSettings)
  const saving = useFrontlineStore((s) => s.notificationSave)
  const load = useFrontlineStore((s) => s.loadNotificationSettings)

  useEffect(() => {
    void load()
  }, [load])

  const values = settings.data
  return (
    <section className="card settings-card" aria-labelledby="notifications-heading">
      <header className="card__header">
        <div>
          <h2 id="notifications-heading" className="card__title">
            Notifications
          </h2>
          <p className="card__subtitle">What to hear about while you are in another window.</p>
        </div>
      </header>
      <div className="card__body settings-stack">
        <PermissionLine />
        {values
          ? kinds.map(({ kind, title, hint }) => (
              <div className="demo-row" key={kind}>
                <div>
                  <p className="demo-row__title">{title}</p>
                  <p className="field__hint">{hint}</p>
                </div>
                <button
                  type="button"
                  role="switch"
                  aria-checked={values[kind]}
                  aria-label={`Notify: ${title.toLowerCase()}`}
                  className="switch"
                  disabled={saving.state === 'saving'}
                  onClick={() => void save({ [kind]: !values[kind] })}
                >
                  <span className="switch__thumb" aria-hidden="true" />
                </button>
              </div>
            ))
          : null}
        {saving.state === 'failed' ? (
          <p className="save-feedback save-feedback--error" role="alert">
            Not saved: {saving.error.message}
          </p>
        ) : null}
        {settings.status === 'error' && settings.error ? (
          <p className="save-feedback save-feedback--error" role="alert">
            Could not load the notification settings: {settings.error.message}
          </p>
        ) : null}
      </div>
    </section>
  )
}
