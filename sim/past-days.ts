/**
 * The days before the virtual home was started, so its charts and logbook are not empty at first start:
 * the same World (people, weather, room physics, devices) stepped quickly from `from` to `to`, and every
 * change a device would have reported, as the values Homeroom's history records. The live home then
 * continues from exactly that state, so the history joins the live readings without a jump.
 * No automations run in the past (the hub was not there): lights stay as they were, radiators follow
 * their own setpoints. Pure apart from advancing the world it is given.
 */
import { CLIMATE_ACTION_CODES, type HistoryCapability } from '../core/model';
import type { SimDevice } from './devices/device';
import type { JsonObject } from './z2m/json';
import type { World } from './world';

export interface PastReading {
  device: SimDevice;
  at: number;
  values: Partial<Record<HistoryCapability, number>>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): number | undefined => (typeof v === 'boolean' ? (v ? 1 : 0) : undefined);
const ACTIONS: Record<string, keyof typeof CLIMATE_ACTION_CODES> = { heat: 'heating', cool: 'cooling', idle: 'idle' };

/** A zigbee2mqtt state message as the history series Homeroom records for it (as the MQTT integration maps it). */
export function historyOfState(state: JsonObject): Partial<Record<HistoryCapability, number>> {
  const out: Partial<Record<HistoryCapability, number>> = {};
  const put = (capability: HistoryCapability, value: number | undefined) => {
    if (value !== undefined) out[capability] = value;
  };
  put('occupancy', bool(state.occupancy) ?? bool(state.presence));
  put('contact', bool(state.contact));
  put('temperature', num(state.temperature));
  put('humidity', num(state.humidity));
  put('illuminance', num(state.illuminance));
  put('battery', num(state.battery));
  if (state.state === 'ON' || state.state === 'OFF') put('power', state.state === 'ON' ? 1 : 0);
  const brightness = num(state.brightness);
  if (brightness !== undefined) put('brightness', Math.round((brightness / 254) * 100));
  const mired = num(state.color_temp);
  if (mired) put('colorTemperature', Math.round(1_000_000 / mired));
  put('power_w', num(state.power));
  put('energy_kwh', num(state.energy));
  put('climate.currentTemperature', num(state.local_temperature));
  put('climate.targetTemperature', num(state.current_heating_setpoint) ?? num(state.occupied_heating_setpoint));
  const action = typeof state.running_state === 'string' ? ACTIONS[state.running_state] : undefined;
  if (action) put('climate.action', CLIMATE_ACTION_CODES[action]);
  return out;
}

/** Steps `world` from `from` to `to` every `stepMs`, handing over what each changed device would have reported. */
export function simulatePast(world: World, from: number, to: number, stepMs: number, onReading: (r: PastReading) => void): void {
  for (let t = from; t < to; t += stepMs)
    for (const device of world.step(t)) onReading({ device, at: t, values: historyOfState(device.state()) });
}
