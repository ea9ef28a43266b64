import { ClimateSensor } from '../devices/climate-sensor';
import { ContactSensor } from '../devices/contact';
import type { SimDevice } from '../devices/device';
import { LIGHT_PROFILES, Light } from '../devices/light';
import { MotionSensor } from '../devices/motion';
import { Plug } from '../devices/plug';
import { PresenceSensor } from '../devices/presence';
import { WallThermostat } from '../devices/thermostat';
import { Trv } from '../devices/trv';
import type { PersonProfile } from '../people';
import type { Random } from '../random';
import type { RoomSpec, ScenarioSpec } from '../world';
import { generateBookings } from './calendar';

export const MEETING_ROOMS = [
  { id: 'meeting_fjord', name: 'Meeting room Fjord' },
  { id: 'meeting_summit', name: 'Meeting room Summit' },
] as const;

const STAFF = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eli', 'Fatima', 'Goran', 'Hana'];

/** An open-plan office with two bookable meeting rooms and a kitchenette. */
export function officeScenario(rng: Random, seed: number): ScenarioSpec {
  const room = (id: string, name: string, kind: RoomSpec['kind'], tauHours: number, windowFactor: number): RoomSpec => ({
    id,
    name,
    kind,
    tauHours,
    heatRateCPerHour: kind === 'office' ? 2.5 : 3,
    coolRateCPerHour: 3,
    windowFactor,
    initialTempC: rng.range(18, 20),
  });
  const rooms: RoomSpec[] = [
    room('open_plan', 'Open plan', 'office', 14, 0.03),
    ...MEETING_ROOMS.map((m) => room(m.id, m.name, 'meeting', 8, 0.02)),
    room('kitchenette', 'Kitchenette', 'office', 8, 0.01),
    room('entrance', 'Entrance', 'office', 6, 0.005),
  ];
  const r = (name: string) => rng.fork(name);
  const devices: SimDevice[] = [
    ...[1, 2, 3, 4].map((i) => new Light(`Open plan ceiling ${i}`, 'open_plan', r(`opc${i}`), LIGHT_PROFILES.colorTemp)),
    new PresenceSensor('Open plan presence east', 'open_plan', r('ope')),
    new PresenceSensor('Open plan presence west', 'open_plan', r('opw')),
    new MotionSensor('Open plan motion', 'open_plan', r('opm')),
    new ClimateSensor('Open plan climate', 'open_plan', r('opcl')),
    new WallThermostat('Open plan thermostat', 'open_plan', r('opt'), { heat: 21, cool: 24, mode: 'auto' }),
    new Plug('Open plan printer plug', 'open_plan', r('opp'), { kind: 'constant', watts: 35 }),

    new Light('Fjord ceiling', 'meeting_fjord', r('fc'), LIGHT_PROFILES.colorTemp),
    new PresenceSensor('Fjord presence', 'meeting_fjord', r('fp')),
    new MotionSensor('Fjord motion', 'meeting_fjord', r('fm')),
    new ClimateSensor('Fjord climate', 'meeting_fjord', r('fcl')),
    new Trv('Fjord radiator', 'meeting_fjord', r('fr'), { setpoint: 20, mode: 'heat' }),

    new Light('Summit ceiling', 'meeting_summit', r('sc'), LIGHT_PROFILES.color),
    new PresenceSensor('Summit presence', 'meeting_summit', r('sp')),
    new MotionSensor('Summit motion', 'meeting_summit', r('sm')),
    new ClimateSensor('Summit climate', 'meeting_summit', r('scl')),
    new WallThermostat('Summit thermostat', 'meeting_summit', r('st'), { heat: 20, cool: 24, mode: 'heat' }),

    new Light('Kitchenette light', 'kitchenette', r('kl'), LIGHT_PROFILES.dimmable),
    new Plug('Kitchenette coffee machine', 'kitchenette', r('kcm'), { kind: 'constant', watts: 40 }),
    new MotionSensor('Kitchenette motion', 'kitchenette', r('km')),

    new ContactSensor('Entrance door', 'entrance', r('ed'), 'entrance'),
    new MotionSensor('Entrance motion', 'entrance', r('em'), { occupancyTimeoutS: 60 }),
    new Light('Entrance light', 'entrance', r('el'), LIGHT_PROFILES.dimmable),
  ];
  const people: PersonProfile[] = STAFF.map((name) => ({
    kind: 'office_worker',
    id: name.toLowerCase(),
    name,
    rooms: { desk: 'open_plan', kitchen: 'kitchenette' },
  }));
  const ids = people.map((p) => p.id);
  const cache = new Map<number, ReturnType<typeof generateBookings>>();
  const bookingsFor = (dayStart: number) => {
    let b = cache.get(dayStart);
    if (!b) {
      if (cache.size > 30) cache.clear();
      b = generateBookings(seed, dayStart, MEETING_ROOMS, ids);
      cache.set(dayStart, b);
    }
    return b;
  };
  return { name: 'office', rooms, devices, people, bookingsFor };
}

export function staffName(id: string): string {
  return STAFF.find((n) => n.toLowerCase() === id) ?? id;
}
