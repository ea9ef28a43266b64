import { ClimateSensor } from '../devices/climate-sensor';
import type { SimDevice } from '../devices/device';
import { LIGHT_PROFILES, Light } from '../devices/light';
import { MotionSensor } from '../devices/motion';
import { Plug } from '../devices/plug';
import type { PersonProfile } from '../people';
import type { Random } from '../random';
import type { RoomSpec } from '../world';

/**
 * `--devices N`: N more devices in generated rooms ("Room 1", "Room 2"…), four per room
 * (climate sensor, motion sensor, bulb, plug), each visited now and then by a wanderer.
 * Sensors report every 30–60 simulated seconds, a realistic load for stress tests.
 */
export function extraRooms(count: number, rng: Random): { rooms: RoomSpec[]; devices: SimDevice[]; people: PersonProfile[] } {
  const rooms: RoomSpec[] = [];
  const devices: SimDevice[] = [];
  const people: PersonProfile[] = [];
  const perRoom = 4;
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / perRoom) + 1;
    const roomId = `room_${n}`;
    const name = `Room ${n}`;
    if (i % perRoom === 0) {
      rooms.push({
        id: roomId,
        name,
        kind: 'home',
        tauHours: rng.range(6, 14),
        heatRateCPerHour: 3,
        coolRateCPerHour: 3,
        windowFactor: rng.range(0.01, 0.03),
        initialTempC: rng.range(17, 21),
      });
      people.push({ kind: 'wanderer', id: `visitor_${n}`, name: `Visitor ${n}`, rooms: { room: roomId } });
    }
    const d = rng.fork(`extra${i}`);
    switch (i % perRoom) {
      case 0:
        devices.push(new ClimateSensor(`${name} climate`, roomId, d, { minIntervalMs: d.range(30_000, 60_000) }));
        break;
      case 1:
        devices.push(new MotionSensor(`${name} motion`, roomId, d));
        break;
      case 2:
        devices.push(new Light(`${name} light`, roomId, d, LIGHT_PROFILES.colorTemp));
        break;
      default:
        devices.push(new Plug(`${name} plug`, roomId, d, { kind: 'constant', watts: Math.round(d.range(5, 120)) }));
    }
  }
  return { rooms, devices, people };
}
