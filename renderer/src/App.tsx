/**
 * The app's frame around every view (routes/router.tsx): a skip link, the top bar with the sections,
 * search and tools, the connection's state in words, the view itself, and the diagnostics panel.
 * A browser that the hub does not know (yet) sees the sign-in page instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Outlet, ScrollRestoration, useLocation, useNavigate, useNavigationType, useSearchParams } from 'react-router';
import { useConnectionControl } from './api/connection-context';
import { ConnectionStatus } from './features/dashboard/ConnectionStatus';
import { SearchBox } from './features/dashboard/SearchBox';
import { DiagnosticsPanel } from './features/diagnostics/DiagnosticsPanel';
import { DiscoveryInbox } from './features/discovery/DiscoveryInbox';
import { MainNav } from './features/nav/MainNav';
import { SignInPage } from './features/session/SignInPage';
import { installFocusReturn } from './routes/focus-return';
import { DevicePanelContext } from './routes/panel-context';
import { paths, scrollKey, sectionOf } from './routes/paths';
import { useHub } from './store/context';
import { may } from './store/hub-store';
import { useTheme, type ThemeChoice } from './theme/theme';
import { AutoThemeIcon, MoonIcon, SunIcon, WrenchIcon } from './ui/icons';
import { Logo } from './ui/Logo';
import { useHideOnScroll } from './ui/use-hide-on-scroll';
import './routes/routes.css';

const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: follow system', light: 'Theme: light', dark: 'Theme: dark' };

/** What the views under the frame get from it (`useOutletContext`). */
export type ShellContext = { query: string };

export function AppShell() {
  const connection = useHub((s) => s.connection);
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => installFocusReturn(), []);
  if (connection.state === 'auth_failed') return <SignInPage reason={connection.reason} />;
  return (
    <div className="app">
      <SkipLink target={mainRef} />
      <Frame mainRef={mainRef} />
      <ScrollRestoration getKey={(location) => scrollKey(location.pathname)} />
    </div>
  );
}

function Frame({ mainRef }: { mainRef: React.RefObject<HTMLElement | null> }) {
  const location = useLocation();
  const section = sectionOf(location.pathname);
  const [query, setQuery] = useDeviceQuery();
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const diagnosticsButton = useRef<HTMLButtonElement>(null);
  const topbar = useRef<HTMLElement>(null);
  useHideOnScroll(topbar);
  const [theme, cycleTheme] = useTheme();
  const problems = useHub((s) => s.diagnostics.filter((d) => d.level !== 'info').length);
  const me = useHub((s) => s.me);
  const openDevicePanel = useDevicePanelOpener();
  const closeDiagnostics = useCallback(() => {
    setShowDiagnostics(false);
    diagnosticsButton.current?.focus();
  }, []);

  return (
    <DevicePanelContext.Provider value={openDevicePanel}>
      <>
        <header className="topbar" ref={topbar}>
          <div className="topbar__brand">
            <Logo />
            <h1>Homeroom</h1>
          </div>
          <MainNav current={section} />
          <ConnectionStatus />
          <div className="topbar__tools">
            {section === 'devices' ? <SearchBox value={query} onChange={setQuery} /> : null}
            {may(me, 'listDiscovery') ? <DiscoveryInbox /> : null}
            <button
              ref={diagnosticsButton}
              type="button"
              className="icon-button"
              aria-label={problems ? `Diagnostics (${problems} to look at)` : 'Diagnostics'}
              aria-expanded={showDiagnostics}
              onClick={() => (showDiagnostics ? closeDiagnostics() : setShowDiagnostics(true))}
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
          <main className="main" id="main" ref={mainRef} tabIndex={-1}>
            <Outlet context={{ query } satisfies ShellContext} />
          </main>
          {showDiagnostics ? <DiagnosticsPanelWithEscape onClose={closeDiagnostics} /> : null}
        </div>
      </>
    </DevicePanelContext.Provider>
  );
}

/** The first thing Tab reaches: past the top bar to the view. */
function SkipLink({ target }: { target: React.RefObject<HTMLElement | null> }) {
  return (
    <a
      className="skip-link"
      href="#main"
      onClick={(event) => {
        // Not a fragment navigation: that would be a route change under the hash router.
        event.preventDefault();
        target.current?.focus();
        target.current?.scrollIntoView({ block: 'start' });
      }}
    >
      Skip to content
    </a>
  );
}

/** Escape closes the diagnostics panel — unless a dialog above it took the key first. */
function DiagnosticsPanelWithEscape({ onClose }: { onClose(): void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return <DiagnosticsPanel onClose={onClose} />;
}

/**
 * The dashboard's search is `?q=` on /devices. Typing replaces the address (Back does not replay every
 * letter); the field keeps what was typed, and follows the address only when Back or Forward moved it.
 */
function useDeviceQuery(): [string, (query: string) => void] {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigationType = useNavigationType();
  const fromUrl = location.pathname.startsWith('/devices') ? (params.get('q') ?? '') : '';
  const [query, setLocal] = useState(fromUrl);
  useEffect(() => {
    if (navigationType === 'POP') setLocal(fromUrl);
    // Only when the location itself changed (its key), not while typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);
  const setQuery = useCallback(
    (next: string) => {
      setLocal(next);
      setParams(
        (current) => {
          const out = new URLSearchParams(current);
          if (next) out.set('q', next);
          else out.delete('q');
          return out;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setParams],
  );
  return [query, setQuery];
}

/**
 * Tiles open their device's panel by address: over a room's page when they are on one, else over the
 * dashboard (with its search kept). Stable across renders, so opening never re-renders every tile.
 */
function useDevicePanelOpener() {
  const navigate = useNavigate();
  const location = useLocation();
  const current = useRef(location);
  current.current = location;
  return useCallback(
    (deviceId: string) => {
      const { pathname, search } = current.current;
      const room = /^\/rooms\/([^/]+)/.exec(pathname)?.[1];
      const to = room ? paths.device(deviceId, decodeURIComponent(room)) : `${paths.device(deviceId)}${search}`;
      navigate(to, { state: { panel: true }, preventScrollReset: true });
    },
    [navigate],
  );
}

/** What is wrong with the connection, in words, with a way out: never a spinner that does not end. */
function ConnectionBanner() {
  const connection = useHub((s) => s.connection);
  const { retry } = useConnectionControl();
  const retryAt = useRetryAt(connection);
  const now = useSecondTick(connection.state === 'reconnecting');
  if (connection.state === 'reconnecting') {
    const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
    return (
      <div className="banner banner--warn" role="status">
        <strong>
          Cannot reach the hub at {window.location.host || 'this address'}:{' '}
          {seconds > 0 ? `retrying in ${seconds} s` : 'retrying…'}
        </strong>
        <span className="banner__detail">{connection.reason}. What you see may be out of date.</span>
        <button type="button" className="button button--small banner__action" onClick={retry}>
          Retry now
        </button>
      </div>
    );
  }
  return null;
}

function useRetryAt(connection: { state: string; retryInMs?: number }): number {
  const [at, setAt] = useState(0);
  const retryInMs = connection.state === 'reconnecting' ? connection.retryInMs : undefined;
  useEffect(() => {
    if (retryInMs !== undefined) setAt(Date.now() + retryInMs);
  }, [connection, retryInMs]);
  return at;
}

function useSecondTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
