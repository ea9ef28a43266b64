import { Link } from 'react-router';
import { paths, type Section } from '../../routes/paths';

/** The app's sections, as links: each opens its view's own address (a room's page → Rooms goes to the list). */
const SECTIONS: { value: Section; label: string; to: string }[] = [
  { value: 'devices', label: 'Devices', to: paths.devices() },
  { value: 'rooms', label: 'Rooms', to: paths.rooms() },
  { value: 'automations', label: 'Automations', to: paths.automations() },
  { value: 'logbook', label: 'Logbook', to: paths.logbook() },
  { value: 'settings', label: 'Settings', to: paths.settings() },
];

export function MainNav({ current }: { current: Section | undefined }) {
  return (
    <nav className="mainnav" aria-label="Sections">
      {SECTIONS.map((s) => (
        <Link key={s.value} to={s.to} className="mainnav__item" aria-current={current === s.value ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
