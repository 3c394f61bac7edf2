import { useEffect } from 'react'
import { getApi } from './api'
import { AppBar } from './components/AppBar'
import { InboxView } from './features/inbox/InboxView'
import { TicketPane } from './features/ticket/TicketPane'
import { useFrontlineStore } from './store'
import { followCoreEvents } from './store/live-updates'

export function App() {
  const loadAppInfo = useFrontlineStore((s) => s.loadAppInfo)
  const loadInbox = useFrontlineStore((s) => s.loadInbox)

  useEffect(() => {
    void loadAppInfo()
    void loadInbox()
    return followCoreEvents(getApi())
  }, [loadAppInfo, loadInbox])

  return (
    <div className="app">
      <AppBar />
      <main className="workspace">
        <InboxView />
        <TicketPane />
      </main>
    </div>
  )
}
