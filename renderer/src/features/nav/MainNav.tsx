import { Link } from 'react-router';
import type { MethodName } from '../../../../core/api/contract';
import { paths, type Section } from '../../routes/paths';
import { useHub } from '../../store/context';
import { may } from '../../store/hub-store';

/** The app's sections, as links: each opens its view's own address (a room's page → Rooms goes to the list). */
/** `needs`: the method without which the section is not shown (a guest has no automations or settings). */
const SECTIONS: { value: Section; label: string; to: string; needs?: MethodName }[] = [
  { value: 'devices', label: 'Devices', to: paths.devices() },
  { value: 'rooms', label: 'Rooms', to: paths.rooms() },
  { value: 'automations', label: 'Automations', to: paths.automations(), needs: 'listAutomations' },
  { value: 'logbook', label: 'Logbook', to: paths.logbook() },
  { value: 'settings', label: 'Settings', to: paths.settings(), needs: 'updateSettings' },
];

export function MainNav({ current }: { current: Section | undefined }) {
  const me = useHub((s) => s.me);
  return (
    <nav className="mainnav" aria-label="Sections">
      {SECTIONS.filter((s) => !s.needs || may(me, s.needs)).map((s) => (
        <Link key={s.value} to={s.to} className="mainnav__item" aria-current={current === s.value ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
