import { useEffect } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { useFrontlineStore } from '../../store'
import { BudgetSettings } from './BudgetSettings'
import { ChatChannelSettings } from './ChatChannelSettings'
import { MailboxSettings } from './MailboxSettings'
import { McpHostInstructions } from './McpHostInstructions'
import { McpServers } from './McpServers'
import { NotificationSettings } from './NotificationSettings'
import { ModelSettings } from './ModelSettings'
import { ShopDataSettings } from '../shop'
import { KbSettings } from '../helpdesk/KbSettings'
import { MacroSettings } from '../helpdesk/MacroSettings'
import { SlaSettings } from '../helpdesk/SlaSettings'
import { ProviderCard } from './ProviderCard'
import { TeamSettingsCard } from './TeamSettingsCard'
import { ConnectionSettingsCard } from './ConnectionSettingsCard'
import { SettingProblems } from './SettingNotices'
import '../console-views.css'
import './settings.css'
import '../shop/shop.css'

/** Providers and keys, the default model and demo mode, the budget, the chat channel, MCP in both directions, and the shop's data. */
export function SettingsView() {
  const settings = useFrontlineStore((s) => s.settings)
  const loadSettings = useFrontlineStore((s) => s.loadSettings)

  const loadShop = useFrontlineStore((s) => s.loadShop)

  useEffect(() => {
    void loadSettings()
    void loadShop()
  }, [loadSettings, loadShop])

  const data = settings.data
  return (
    <section className="console-view settings" aria-labelledby="settings-heading">
      <header className="view-header">
        <div>
          <h1 id="settings-heading" className="view-header__title">
            Settings
          </h1>
          <p className="view-header__meta">
            Shop data, AI providers, model, budget, the chat channel and connections. Saved in this
            shop&apos;s database.
          </p>
        </div>
      </header>
      <div className="view-body settings__body">
        {settings.status === 'error' && settings.error ? (
          <ErrorNotice what="the settings" error={settings.error} onRetry={() => void loadSettings()} />
        ) : null}
        {!data && settings.status !== 'error' ? <LoadingRows rows={4} label="Loading the settings…" /> : null}
        <ConnectionSettingsCard />
        <TeamSettingsCard />
        {data ? (
          <>
            <SettingProblems problems={data.problems} />
            <ModelSettings settings={data} />
            <section className="card settings-card" aria-labelledby="providers-heading">
              <header className="card__header">
                <div>
                  <h2 id="providers-heading" className="card__title">
                    AI providers
                  </h2>
                  <p className="card__subtitle">
                    Any OpenAI-compatible endpoint. Prices are used to count what each draft costs.
                  </p>
                </div>
              </header>
              {data.keyStorage.notice ? (
                <p className="card__body field__hint field__hint--warning" role="note">
                  {data.keyStorage.notice}
                </p>
              ) : null}
              <div className="provider-list">
                {data.providers.map((provider) => (
                  <ProviderCard
                    key={provider.id}
                    provider={provider}
                    isDefault={provider.id === data.defaultModel.providerId}
                  />
                ))}
              </div>
            </section>
            <BudgetSettings dailyBudgetUsd={data.dailyBudgetUsd} />
            <NotificationSettings />
            <SlaSettings />
            <MacroSettings />
            <KbSettings />
            <ChatChannelSettings />
            <MailboxSettings />
            <McpHostInstructions mcp={data.mcp} />
            <McpServers />
            <ShopDataSettings />
          </>
        ) : null}
      </div>
    </section>
  )
}
