/**
 * The UI's addresses (paths.ts makes them). A browser gets real paths (`/rooms/kitchen`; the hub answers
 * every UI path with index.html), the desktop app the same paths after `#` (it loads one page,
 * app://homeroom/index.html). Back, Forward and reload keep the view; each view keeps
 * its own scroll position (App.tsx). The board at a meeting room's door (`/board`, `/board/:roomId`) is drawn
 * without the frame.
 */
import { useMemo } from 'react';
import {
  createBrowserRouter,
  createHashRouter,
  Link,
  Navigate,
  Outlet,
  useLocation,
  useNavigate,
  useOutletContext,
  useParams,
  useSearchParams,
  type RouteObject,
} from 'react-router';
import { AppShell, type ShellContext } from '../App';
import { AutomationEditor } from '../features/automations/AutomationEditor';
import { AutomationTraces } from '../features/automations/AutomationTraces';
import { BoardPage } from '../features/board/BoardPage';
import { OfficeView } from '../features/office/OfficeView';
import { SignInPage } from '../features/session/SignInPage';
import { AutomationsView } from '../features/automations/AutomationsView';
import { TimelineView } from '../features/automations/TimelineView';
import { Dashboard } from '../features/dashboard/Dashboard';
import { DeviceDetailDialog } from '../features/device-detail/DeviceDetailDialog';
import { LogbookView, type Filters } from '../features/logbook/LogbookView';
import { ScenesPage } from '../features/scenes/ScenesPage';
import { RoomsHome } from '../features/rooms/RoomOverview';
import { RoomPage } from '../features/rooms/RoomPage';
import { AccessSettings } from '../features/session/AccessSettings';
import { PeopleSettings } from '../features/settings/PeopleSettings';
import { AccessGate } from './board-guard';
import { BackupSettings, BrokerSettings, GeneralSettings } from '../features/settings/sections';
import { useHub } from '../store/context';
import { Spinner } from '../ui/Spinner';
import { isSettingsSection, logbookFilters, paths, SETTINGS_SECTIONS, type SettingsSection } from './paths';

export const routes: RouteObject[] = [
  {
    element: <AccessGate />,
    children: [
      // The board at the door is a screen of its own: no frame, no controls, read data only.
      { path: 'board', element: <BoardRoute /> },
      { path: 'board/:roomId', element: <BoardRoute /> },
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to={paths.devices()} replace /> },
          { path: 'devices', element: <DevicesRoute />, children: [{ path: ':deviceId', element: <DevicePanelRoute /> }] },
          { path: 'rooms', element: <RoomsRoute /> },
          {
            path: 'rooms/:roomId',
            element: <RoomRoute />,
            children: [{ path: 'devices/:deviceId', element: <DevicePanelRoute /> }],
          },
          { path: 'automations', element: <AutomationsView /> },
          { path: 'automations/new', element: <NewAutomationRoute /> },
          { path: 'automations/:automationId', element: <AutomationRoute /> },
          { path: 'automations/:automationId/edit', element: <EditAutomationRoute /> },
          { path: 'timeline', element: <TimelineView /> },
          { path: 'scenes', element: <ScenesPage /> },
          { path: 'office', element: <OfficeView /> },
          { path: 'logbook', element: <LogbookRoute /> },
          { path: 'settings', element: <Navigate to={paths.settings()} replace /> },
          { path: 'settings/:section', element: <SettingsRoute /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createAppRouter(kind: 'browser' | 'hash') {
  return kind === 'hash' ? createHashRouter(routes) : createBrowserRouter(routes);
}

/** A room's board (`/board/:roomId`) or every meeting room's; a browser the hub refuses signs in first. */
function BoardRoute() {
  const { roomId } = useParams();
  const connection = useHub((s) => s.connection);
  if (connection.state === 'auth_failed') return <SignInPage reason={connection.reason} />;
  return <BoardPage key={roomId ?? ''} {...(roomId ? { roomId } : {})} />;
}

/** The dashboard, with a device's panel over it at /devices/:deviceId. */
function DevicesRoute() {
  const { query } = useOutletContext<ShellContext>();
  return (
    <>
      <Dashboard query={query} />
      <Outlet />
    </>
  );
}

/**
 * A device's panel. Closed after being opened in the app, it goes Back (so Back and the close button
 * agree); opened from a link or a reload, it goes to the view behind it.
 */
function DevicePanelRoute() {
  const { deviceId = '', roomId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const openedHere = (location.state as { panel?: unknown } | null)?.panel === true;
  const close = () => {
    if (openedHere) void navigate(-1);
    else void navigate({ pathname: roomId ? paths.room(roomId) : paths.devices(), search: location.search }, { replace: true });
  };
  return <DeviceDetailDialog deviceId={deviceId} open onOpenChange={(open) => !open && close()} />;
}

function RoomsRoute() {
  const navigate = useNavigate();
  return <RoomsHome onOpen={(roomId) => void navigate(paths.room(roomId))} />;
}

function RoomRoute() {
  const { roomId = '' } = useParams();
  const navigate = useNavigate();
  const room = useHub((s) => s.rooms.find((r) => r.id === roomId));
  const loaded = useHub((s) => s.loaded);
  if (!room) {
    if (!loaded) return <Spinner label="Loading the room" />;
    return (
      <section className="page" aria-labelledby="no-room-title">
        <h2 id="no-room-title">No such room</h2>
        <p>
          There is no room “{roomId}” (any more). <Link to={paths.rooms()}>All rooms</Link>
        </p>
      </section>
    );
  }
  return (
    <>
      <RoomPage room={room} onBack={() => void navigate(paths.rooms())} />
      <Outlet />
    </>
  );
}

/** One automation's runs; keyed by id so another automation's page starts fresh. */
function AutomationRoute() {
  const { automationId = '' } = useParams();
  return <AutomationTraces key={automationId} id={automationId} />;
}

/** `/automations/new?from=motion-light`: the editor, from a gallery starting point when one is named. */
function NewAutomationRoute() {
  const [params] = useSearchParams();
  return <AutomationEditor from={params.get('from')} />;
}

function EditAutomationRoute() {
  const { automationId = '' } = useParams();
  return <AutomationEditor key={automationId} id={automationId} />;
}

function LogbookRoute() {
  const [params, setParams] = useSearchParams();
  const text = params.toString();
  // One object per address, so the logbook reloads only when a filter really changed.
  const filters = useMemo(() => logbookFilters(new URLSearchParams(text)), [text]);
  const onFiltersChange = (next: Filters) => {
    const target = new URL(paths.logbook(next), 'http://x');
    setParams(target.searchParams, { preventScrollReset: true });
  };
  return <LogbookView filters={filters} onFiltersChange={onFiltersChange} />;
}

const SETTINGS_PAGES: Record<SettingsSection, () => React.ReactNode> = {
  general: () => <GeneralSettings />,
  broker: () => <BrokerSettings />,
  backup: () => <BackupSettings />,
  people: () => <PeopleSettings />,
  access: () => <AccessSettings />,
};

/** Settings: one address per page (`/settings/backup`, …), with the pages' list beside it. */
function SettingsRoute() {
  const { section } = useParams();
  if (!isSettingsSection(section)) return <Navigate to={paths.settings()} replace />;
  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page__head">
        <h2 id="settings-title">Settings</h2>
      </header>
      <div className="settings-layout">
        <nav className="settings-layout__nav" aria-label="Settings pages">
          {SETTINGS_SECTIONS.map((s) => (
            <Link
              key={s.id}
              to={paths.settings(s.id)}
              className="settings-layout__link"
              aria-current={s.id === section ? 'page' : undefined}
            >
              {s.label}
            </Link>
          ))}
        </nav>
        <div className="settings-layout__page">{SETTINGS_PAGES[section]()}</div>
      </div>
    </section>
  );
}

function NotFound() {
  return (
    <section className="page" aria-labelledby="not-found-title">
      <h2 id="not-found-title">Nothing here</h2>
      <p>
        This address is not a page of Homeroom. <Link to={paths.devices()}>Go to your devices</Link>
      </p>
    </section>
  );
}
