import { useFrontlineStore } from '../store'

/**
 * Says at once when the console has lost its core (the web host stopped, the server is out of
 * reach), while the bridge reconnects by itself; actions that need the core are disabled meanwhile.
 */
export function ConnectionBanner() {
  const connection = useFrontlineStore((s) => s.connection)
  if (connection !== 'disconnected') return null
  return (
    <div className="connection-banner" role="alert">
      <strong>Disconnected from Frontline.</strong> Reconnecting by itself… Replies, notes and decisions wait
      until it is back; what you have written stays here. If Frontline was restarted without a fixed token
      (FRONTLINE_WEB_TOKEN), open the new link it printed.
    </div>
  )
}
