/**
 * Every view's address, in one place: the links the UI makes and the routes that read them (router.tsx).
 * Pure, so the addresses can be tested without a browser. Boards will get `/boards` beside these.
 */
export type Section = 'devices' | 'rooms' | 'automations' | 'logbook' | 'settings';

export const SETTINGS_SECTIONS = [
  { id: 'general', label: 'General' },
  { id: 'broker', label: 'Broker' },
  { id: 'backup', label: 'Backup and restore' },
  { id: 'people', label: 'People and access' },
  { id: 'access', label: 'Signed-in browsers' },
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]['id'];

export const LOGBOOK_PERIODS = ['1h', '24h', '7d', '30d'] as const;
export type LogbookPeriod = (typeof LOGBOOK_PERIODS)[number];
export type LogbookFilters = { period: LogbookPeriod; room: string; device: string };
export const DEFAULT_LOGBOOK: LogbookFilters = { period: '24h', room: '', device: '' };

const seg = encodeURIComponent;
const withQuery = (path: string, query: Record<string, string>) => {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

export const paths = {
  devices: (q = '') => withQuery('/devices', { q }),
  /** A device's panel over the view it was opened from: the dashboard, or a room's page. */
  device: (deviceId: string, roomId?: string) =>
    roomId ? `/rooms/${seg(roomId)}/devices/${seg(deviceId)}` : `/devices/${seg(deviceId)}`,
  rooms: () => '/rooms',
  room: (roomId: string) => `/rooms/${seg(roomId)}`,
  logbook: (filters: Partial<LogbookFilters> = {}) => {
    const f = { ...DEFAULT_LOGBOOK, ...filters };
    return withQuery('/logbook', { period: f.period === DEFAULT_LOGBOOK.period ? '' : f.period, room: f.room, device: f.device });
  },
  automations: () => '/automations',
  /** One automation's runs (its traces), newest first. */
  automation: (id: string) => `/automations/${seg(id)}`,
  /** The editor for a new automation, optionally from a gallery starting point ("motion-light"). */
  newAutomation: (from = '') => withQuery('/automations/new', { from }),
  editAutomation: (id: string) => `/automations/${seg(id)}/edit`,
  /** Every scene with its editor (states, transition). */
  scenes: () => '/scenes',
  /** The home's next 24 hours (automations' times, the rooms' plans). */
  timeline: () => '/timeline',
  settings: (section: SettingsSection = SETTINGS_SECTIONS[0].id) => `/settings/${section}`,
  /** The meeting rooms at a glance and their weekly utilisation. */
  office: () => '/office',
  /** The room board (a wall tablet's only view), or one room's. */
  board: (roomId?: string) => (roomId ? `/board/${seg(roomId)}` : '/board'),
};

/** The logbook's filters from its query; anything unknown falls back to the default. */
export function logbookFilters(search: URLSearchParams): LogbookFilters {
  const period = search.get('period');
  return {
    period: LOGBOOK_PERIODS.find((p) => p === period) ?? DEFAULT_LOGBOOK.period,
    room: search.get('room') ?? '',
    device: search.get('device') ?? '',
  };
}

export function isSettingsSection(value: string | undefined): value is SettingsSection {
  return SETTINGS_SECTIONS.some((s) => s.id === value);
}

/** The main tab a path belongs to (a room's page is under Rooms, a device panel under the view behind it). */
export function sectionOf(pathname: string): Section | undefined {
  const first = pathname.split('/')[1];
  if (first === 'timeline' || first === 'scenes') return 'automations';
  if (first === 'office') return 'rooms';
  return first === 'devices' || first === 'rooms' || first === 'automations' || first === 'logbook' || first === 'settings'
    ? first
    : undefined;
}

/**
 * Which saved scroll position a location uses: one per view, so a view comes back where it was left and
 * never at the previous view's position. A device panel is drawn over its view, so it keeps the view's.
 * The query (search, logbook filters) is part of the view, not a new one.
 */
export function scrollKey(pathname: string): string {
  const panel = /^(.*)\/devices\/[^/]+\/?$/.exec(pathname);
  const base = panel ? panel[1] || '/devices' : pathname;
  return base.replace(/\/$/, '') || '/devices';
}
