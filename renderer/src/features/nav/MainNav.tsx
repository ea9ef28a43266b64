/** The app's sections. */
export type View = 'devices' | 'logbook' | 'rooms' | 'settings';

const VIEWS: { value: View; label: string }[] = [
  { value: 'devices', label: 'Devices' },
  { value: 'rooms', label: 'Rooms' },
  { value: 'logbook', label: 'Logbook' },
  { value: 'settings', label: 'Settings' },
];

export function MainNav({ view, onChange }: { view: View; onChange(view: View): void }) {
  return (
    <nav className="mainnav" aria-label="Sections">
      {VIEWS.map((v) => (
        <button
          key={v.value}
          type="button"
          className="mainnav__item"
          aria-current={view === v.value ? 'page' : undefined}
          onClick={() => onChange(v.value)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}
