import { useFrontlineStore } from '../store'
import { Badge } from './Badge'

const hostLabel = { electron: 'Desktop', web: 'Browser', 'in-process': 'Local' } as const

export function AppBar() {
  const info = useFrontlineStore((s) => s.appInfo.data)
  return (
    <header className="app-bar">
      <div className="app-bar__brand">
        <span className="app-bar__logo" aria-hidden="true">
          F
        </span>
        <span className="app-bar__name">Frontline</span>
        <span className="app-bar__product">Support console</span>
      </div>
      <div className="app-bar__status">
        {info?.demoMode ? (
          <Badge tone="info">
            <span title="No API key is set: drafts come from the offline demo model over the sample shop.">
              Demo mode
            </span>
          </Badge>
        ) : null}
        {info ? (
          <span className="app-bar__host" title={info.dbPath}>
            {hostLabel[info.host]} · v{info.version}
          </span>
        ) : null}
      </div>
    </header>
  )
}
