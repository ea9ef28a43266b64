/**
 * The virtual home's devices inside a Registry, in process and without MQTT: a tiny Integration that
 * maps each SimDevice's zigbee2mqtt state to capabilities and commands back to z2m `/set` payloads.
 * The bench steps the sim's World with a ManualClock, so a simulated week takes seconds.
 */
import type { Capabilities, Command } from '../core/model';
import type { Integration, IntegrationHost, StateReport } from '../core/integrations/integration';
import type { SimDevice } from '../sim/devices/device';
import { Light } from '../sim/devices/light';
import { HvacDevice } from '../sim/devices/hvac';
import { WallThermostat } from '../sim/devices/thermostat';
import { Trv } from '../sim/devices/trv';

export const simId = (d: SimDevice) => `sim:${d.ieee}`;

const kelvin = (mireds: number) => Math.round(1_000_000 / mireds);
const pct = (b: number) => Math.round((b / 254) * 100);

function capabilitiesOf(d: SimDevice): Capabilities | undefined {
  const s = d.state();
  const ro = { value: null, writable: false };
  if (d instanceof Light) {
    const caps: Capabilities = {
      power: { value: null, writable: true },
      brightness: { value: null, writable: true, min: 0, max: 100 },
    };
    // The bulb's own range, as zigbee2mqtt announces it: a warmer or cooler request is clamped by the bulb.
    const mireds = d.profile.mireds ?? { min: 154, max: 454 };
    if (s.color_temp !== undefined)
      caps.colorTemperature = { value: null, writable: true, min: kelvin(mireds.max), max: kelvin(mireds.min) };
    return caps;
  }
  if (d instanceof HvacDevice) {
    const climate = { mode: null, targetTemperature: null, currentTemperature: null, action: null, preset: null };
    return {
      climate: {
        value: climate,
        writable: true,
        min: d instanceof Trv ? 5 : 7,
        max: d instanceof Trv ? 35 : 30,
        step: 0.5,
        // The wall thermostat drives a heat pump (it can cool); radiator valves only heat.
        options: d instanceof WallThermostat ? ['off', 'heat', 'cool', 'auto'] : ['off', 'heat', 'auto'],
      },
    };
  }
  const caps: Capabilities = {};
  if ('occupancy' in s || 'presence' in s) caps.occupancy = ro;
  if ('illuminance' in s) caps.illuminance = ro;
  if ('contact' in s) caps.contact = ro;
  if ('temperature' in s) caps.temperature = ro;
  if ('battery' in s) caps.battery = ro;
  return Object.keys(caps).length > 0 ? caps : undefined;
}

export function stateOf(d: SimDevice): StateReport {
  const s = d.state() as Record<string, unknown>;
  if (d instanceof Light) {
    const r: StateReport = { power: s.state === 'ON', brightness: pct(s.brightness as number) };
    if (typeof s.color_temp === 'number') r.colorTemperature = kelvin(s.color_temp);
    return r;
  }
  if (d instanceof HvacDevice) {
    const cooling = d instanceof WallThermostat && d.systemMode === 'cool';
    const target = (
      cooling ? s.occupied_cooling_setpoint : (s.current_heating_setpoint ?? s.occupied_heating_setpoint)
    ) as number;
    const action = d.runningState === 'heat' ? 'heating' : d.runningState === 'cool' ? 'cooling' : 'idle';
    return {
      climate: { mode: d.systemMode, targetTemperature: target, currentTemperature: d.localTemperature, action, preset: null },
    };
  }
  const r: StateReport = {};
  if ('occupancy' in s) r.occupancy = s.occupancy as boolean;
  if ('presence' in s) r.occupancy = s.presence as boolean;
  for (const key of ['illuminance', 'contact', 'temperature', 'battery'] as const)
    if (key in s) (r as Record<string, unknown>)[key] = s[key];
  return r;
}

/** A Command in zigbee2mqtt's `/set` dialect for the sim device. */
export function toZ2m(d: SimDevice, c: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.power !== undefined) out.state = c.power ? 'ON' : 'OFF';
  if (c.brightness !== undefined) out.brightness = Math.max(1, Math.round((c.brightness / 100) * 254));
  if (c.colorTemperature !== undefined) out.color_temp = Math.round(1_000_000 / c.colorTemperature);
  if (c.climate?.mode !== undefined) out.system_mode = c.climate.mode;
  // One target, in the mode it is sent with (else the device's own): the cooling setpoint in cool mode.
  const cool = d instanceof WallThermostat && (c.climate?.mode ?? d.systemMode) === 'cool';
  if (c.climate?.targetTemperature !== undefined)
    out[d instanceof Trv ? 'current_heating_setpoint' : cool ? 'occupied_cooling_setpoint' : 'occupied_heating_setpoint'] =
      c.climate.targetTemperature;
  return out;
}

export class SimIntegration implements Integration {
  readonly name = 'sim';
  private readonly byId = new Map<string, SimDevice>();

  constructor(
    private readonly devices: readonly SimDevice[],
    private readonly host: IntegrationHost,
  ) {}

  async start(): Promise<void> {
    for (const d of this.devices) {
      const capabilities = capabilitiesOf(d);
      if (!capabilities) continue;
      this.byId.set(simId(d), d);
      const kind = d instanceof Light ? 'light' : d instanceof HvacDevice ? 'thermostat' : 'sensor';
      this.host.upsertDevice({ id: simId(d), name: d.name, kind, integration: 'sim', availability: 'online', capabilities });
      this.report(d);
    }
  }

  async stop(): Promise<void> {}

  report(d: SimDevice): void {
    if (this.byId.has(simId(d))) this.host.reportState(simId(d), stateOf(d));
  }

  async sendCommand(id: string, command: Command): Promise<void> {
    const d = this.byId.get(id);
    if (!d) throw new Error(`unknown ${id}`);
    d.set(toZ2m(d, command));
    // Like a real device: the report arrives a moment after the command.
    queueMicrotask(() => this.report(d));
  }
}
