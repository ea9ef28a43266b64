import { useRef, useState } from 'react';
import { ConnectionStatus } from './features/dashboard/ConnectionStatus';
import { Dashboard } from './features/dashboard/Dashboard';
import { SearchBox } from './features/dashboard/SearchBox';
import { DiagnosticsPanel } from './features/diagnostics/DiagnosticsPanel';
import { DiscoveryInbox } from './features/discovery/DiscoveryInbox';
import { LogbookView } from './features/logbook/LogbookView';
import { MainNav, type View } from './features/nav/MainNav';
import { RoomsHome } from './features/rooms/RoomOverview';
import { SettingsView } from './features/settings/SettingsView';
import { useHub } from './store/context';
import { useTheme, type ThemeChoice } from './theme/theme';
import { AutoThemeIcon, MoonIcon, SunIcon, WrenchIcon } from './ui/icons';
import { useHideOnScroll } from './ui/use-hide-on-scroll';

const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: follow system', light: 'Theme: light', dark: 'Theme: dark' };

export function App() {
  const [query, setQuery] = useState('');
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const [view, setView] = useState<View>('devices');
  const [theme, cycleTheme] = useTheme();
  const problems = useHub((s) => s.diagnostics.filter((d) => d.level !== 'info').length);
  const topbar = useRef<HTMLElement>(null);
  useHideOnScroll(topbar);

  return (
    <div className="app" data-diagnostics={showDiagnostics || undefined}>
      <header className="topbar" ref={topbar}>
        <div className="topbar__brand">
          <Logo />
          <h1>Homeroom</h1>
        </div>
        <MainNav view={view} onChange={setView} />
        <ConnectionStatus />
        <div className="topbar__tools">
          {view === 'devices' ? <SearchBox value={query} onChange={setQuery} /> : null}
          <DiscoveryInbox />
          <button
            type="button"
            className="icon-button"
            aria-label={problems ? `Diagnostics (${problems} to look at)` : 'Diagnostics'}
            aria-expanded={showDiagnostics}
            onClick={() => setShowDiagnostics((v) => !v)}
          >
            <WrenchIcon />
            {problems ? <span className="icon-button__count">{problems > 99 ? '99+' : problems}</span> : null}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`${THEME_LABEL[theme]} (change)`}
            title={THEME_LABEL[theme]}
            onClick={cycleTheme}
          >
            {theme === 'light' ? <SunIcon /> : theme === 'dark' ? <MoonIcon /> : <AutoThemeIcon />}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <div className="layout">
        <main className="main">
          {view === 'devices' ? (
            <Dashboard query={query} />
          ) : view === 'logbook' ? (
            <LogbookView />
          ) : view === 'rooms' ? (
            <RoomsHome />
          ) : (
            <SettingsView />
          )}
        </main>
        {showDiagnostics ? <DiagnosticsPanel onClose={() => setShowDiagnostics(false)} /> : null}
      </div>
    </div>
  );
}

function ConnectionBanner() {
  const connection = useHub((s) => s.connection);
  if (connection.state === 'reconnecting') {
    return (
      <div className="banner banner--warn" role="status">
        <span className="ui-spinner" aria-hidden="true" />
        <strong>Reconnecting to hub…</strong>
        <span className="banner__detail">{connection.reason}. What you see may be out of date.</span>
      </div>
    );
  }
  if (connection.state === 'auth_failed') {
    return (
      <div className="banner banner--bad" role="alert">
        <strong>The hub refused this browser.</strong>
        <span className="banner__detail">Open Homeroom again with the link the hub printed (it contains the access token).</span>
      </div>
    );
  }
  return null;
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="9" fill="var(--accent)" />
      <path d="M8 15.5 16 9l8 6.5V24H8Z" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinejoin="round" />
      <circle cx="16" cy="18.5" r="2.4" fill="#fff" />
    </svg>
  );
}
