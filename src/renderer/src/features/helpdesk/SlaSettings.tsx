import { useEffect, useState, type FormEvent } from 'react'
import { WEEKDAYS, type SlaPolicy } from '../../../../shared/domain/sla'
import { getApi } from '../../api'

const hoursText = (minutes: number | null): string => (minutes === null ? '' : String(minutes / 60))
/** Empty: no target. Not a number: undefined, and the field keeps its value (NaN would cross as null). */
const minutesOf = (text: string): number | null | undefined => {
  if (text.trim() === '') return null
  const hours = Number(text.replace(',', '.'))
  return Number.isFinite(hours) ? Math.round(hours * 60) : undefined
}

/**
 * The SLA policy: the shop's calendar (time zone, opening hours per weekday) and the targets per
 * priority and channel, in business hours. The core checks it (a time zone it knows, hours that
 * open before they close) and names the field it refuses.
 */
export function SlaSettings() {
  const [policy, setPolicy] = useState<SlaPolicy | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    void getApi()
      .invoke('sla.policy', {})
      .then((r) => (r.ok ? setPolicy(r.value) : setMessage(r.error.message)))
  }, [])

  if (!policy) return null
  const calendar = policy.calendar

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const result = await getApi().invoke('sla.setPolicy', policy)
    if (result.ok) {
      setPolicy(result.value)
      setMessage('Saved: every ticket’s clocks are computed again.')
    } else {
      const issue = result.error.issues?.[0]
      setMessage(`Not saved: ${issue ? `${issue.field}: ${issue.message}` : result.error.message}`)
    }
  }

  return (
    <section className="card settings-card" aria-labelledby="sla-heading">
      <header className="card__header">
        <div>
          <h2 id="sla-heading" className="card__title">
            SLA
          </h2>
          <p className="card__subtitle">
            Targets in business hours; the clocks pause while a ticket waits on the customer.
          </p>
        </div>
      </header>
      <form className="card__body helpdesk-form" onSubmit={(event) => void save(event)}>
        <label>
          Time zone
          <input
            value={calendar.timeZone}
            onChange={(e) => setPolicy({ ...policy, calendar: { ...calendar, timeZone: e.target.value } })}
          />
        </label>
        <fieldset className="sla-hours">
          <legend>Opening hours</legend>
          {WEEKDAYS.map((day) => {
            const hours = calendar.hours[day]
            const setHours = (next: typeof hours) =>
              setPolicy({ ...policy, calendar: { ...calendar, hours: { ...calendar.hours, [day]: next } } })
            return (
              <div key={day} className="sla-hours__day">
                <label>
                  <input
                    type="checkbox"
                    checked={hours !== null}
                    onChange={(e) => setHours(e.target.checked ? { open: '09:00', close: '17:00' } : null)}
                  />{' '}
                  {day}
                </label>
                {hours ? (
                  <>
                    <input
                      aria-label={`${day} opens`}
                      value={hours.open}
                      onChange={(e) => setHours({ ...hours, open: e.target.value })}
                    />
                    <input
                      aria-label={`${day} closes`}
                      value={hours.close}
                      onChange={(e) => setHours({ ...hours, close: e.target.value })}
                    />
                  </>
                ) : (
                  <span className="muted">closed</span>
                )}
              </div>
            )
          })}
        </fieldset>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">Channel</th>
              <th scope="col">First reply (hours)</th>
              <th scope="col">Resolution (hours)</th>
            </tr>
          </thead>
          <tbody>
            {policy.rules.map((rule, i) => {
              const setRule = (patch: Partial<typeof rule>) =>
                setPolicy({
                  ...policy,
                  rules: policy.rules.map((r, j) => (j === i ? { ...r, ...patch } : r))
                })
              return (
                <tr key={`${rule.priority}-${rule.channel}`}>
                  <td>{rule.priority}</td>
                  <td>{rule.channel}</td>
                  <td>
                    <input
                      aria-label={`${rule.priority} ${rule.channel} first reply hours`}
                      value={hoursText(rule.firstResponseMinutes)}
                      onChange={(e) => {
                        const minutes = minutesOf(e.target.value)
                        if (minutes !== undefined) setRule({ firstResponseMinutes: minutes })
                      }}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${rule.priority} ${rule.channel} resolution hours`}
                      value={hoursText(rule.resolutionMinutes)}
                      onChange={(e) => {
                        const minutes = minutesOf(e.target.value)
                        if (minutes !== undefined) setRule({ resolutionMinutes: minutes })
                      }}
                    />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <div className="draft-actions">
          <button type="submit" className="button">
            Save SLA policy
          </button>
        </div>
        {message ? (
          <p role="status" className="muted">
            {message}
          </p>
        ) : null}
      </form>
    </section>
  )
}
