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

/** A two-person flat: living room with a heat pump, kitchen, bedroom, bathroom, hallway, small office. */
export function homeScenario(rng: Random): ScenarioSpec {
  const room = (id: string, name: string, tauHours: number, windowFactor: number, extra: Partial<RoomSpec> = {}): RoomSpec => ({
    id,
    name,
    kind: 'home',
    tauHours,
    heatRateCPerHour: 3,
    coolRateCPerHour: 3,
    windowFactor,
    initialTempC: rng.range(18, 20),
    ...extra,
  });
  const rooms: RoomSpec[] = [
    room('living_room', 'Living room', 10, 0.025),
    room('kitchen', 'Kitchen', 8, 0.02),
    room('bedroom', 'Bedroom', 9, 0.015),
    room('bathroom', 'Bathroom', 6, 0.008, { wet: true }),
    room('hallway', 'Hallway', 7, 0.004),
    room('office', 'Office', 8, 0.02),
  ];
  const r = (name: string) => rng.fork(name);
  const devices: SimDevice[] = [
    new Light('Living room ceiling', 'living_room', r('lrc'), LIGHT_PROFILES.color),
    new Light('Living room lamp', 'living_room', r('lrl'), LIGHT_PROFILES.colorTemp),
    new Plug('Living room TV plug', 'living_room', r('tv'), { kind: 'tv', watts: 95, standby: 0.8 }),
    new WallThermostat('Living room thermostat', 'living_room', r('lrt'), { heat: 21, cool: 25, mode: 'heat' }),
    new MotionSensor('Living room motion', 'living_room', r('lrm')),
    new PresenceSensor('Living room presence', 'living_room', r('lrp')),
    new ClimateSensor('Living room climate', 'living_room', r('lrcl')),

    new Light('Kitchen ceiling', 'kitchen', r('kc'), LIGHT_PROFILES.dimmable),
    new Plug('Kitchen plug', 'kitchen', r('kp'), { kind: 'fridge', watts: 110 }),
    new MotionSensor('Kitchen motion', 'kitchen', r('km')),
    new ClimateSensor('Kitchen climate', 'kitchen', r('kcl')),

    new Light('Bedroom light', 'bedroom', r('bl'), LIGHT_PROFILES.colorTemp),
    new Trv('Bedroom radiator', 'bedroom', r('br'), { setpoint: 18, mode: 'heat' }),
    new ClimateSensor('Bedroom climate', 'bedroom', r('bcl')),
    new ContactSensor('Bedroom window', 'bedroom', r('bw'), 'window'),
    new PresenceSensor('Bedroom presence', 'bedroom', r('bp')),

    new Light('Bathroom light', 'bathroom', r('bal'), LIGHT_PROFILES.dimmable),
    new Trv('Bathroom radiator', 'bathroom', r('bar'), { setpoint: 22, mode: 'auto' }),
    new MotionSensor('Bathroom motion', 'bathroom', r('bam'), { occupancyTimeoutS: 60 }),
    new ClimateSensor('Bathroom climate', 'bathroom', r('bacl')),

    new Light('Hallway light', 'hallway', r('hl'), LIGHT_PROFILES.dimmable),
    new MotionSensor('Hallway motion', 'hallway', r('hm'), { occupancyTimeoutS: 60 }),
    new ContactSensor('Front door', 'hallway', r('fd'), 'entrance'),

    new Light('Office desk lamp', 'office', r('odl'), LIGHT_PROFILES.colorTemp),
    new Plug('Office desk plug', 'office', r('odp'), { kind: 'constant', watts: 65 }),
    new PresenceSensor('Office presence', 'office', r('op')),
    new Trv('Office radiator', 'office', r('or'), { setpoint: 20, mode: 'heat' }),
  ];
  const rooms_ = {
    bedroom: 'bedroom',
    kitchen: 'kitchen',
    living: 'living_room',
    bathroom: 'bathroom',
    hallway: 'hallway',
    office: 'office',
  };
  const people: PersonProfile[] = [
    { kind: 'resident', id: 'alex', name: 'Alex', rooms: rooms_, commuteChance: 0.8 },
    { kind: 'resident', id: 'sam', name: 'Sam', rooms: rooms_, commuteChance: 0.3 },
  ];
  return { name: 'home', rooms, devices, people };
}
