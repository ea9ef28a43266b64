/**
 * Starting points for the editor: each is a function of the devices and rooms a person picks, returning a draft
 * that the schema accepts (the tests parse every one). The editor then shows it as a form and as a sentence. Pure and
 * in the model, so the renderer's editor offers the same starting points.
 */
import { AutomationDraft, type Action, type Condition, type Weekday } from './automation';

export interface MotionLightChoice {
  motion: string;
  /** What the sensor reports: `motion`, or `occupancy` for a presence sensor (default motion). */
  capability?: 'motion' | 'occupancy';
  light: string;
  brightness?: number;
  /** Off after the motion has stopped for this long (default 5 minutes). */
  offAfter?: string;
  /** Only when dark: after sunset (default), or below a light level on an illuminance sensor. */
  dark?: 'sun' | { illuminanceSensor: string; below: number } | 'always';
}

export function motionLight(c: MotionLightChoice): AutomationDraft {
  const dark = c.dark ?? 'sun';
  const conditions: Condition[] =
    dark === 'always'
      ? []
      : dark === 'sun'
        ? [{ type: 'sun', after: 'sunset' }]
        : [{ type: 'numeric', device: dark.illuminanceSensor, capability: 'illuminance', below: dark.below }];
  return AutomationDraft.parse({
    name: 'Motion light',
    // A new motion restarts the run, so the light stays on while someone moves.
    mode: 'restart',
    triggers: [{ type: 'state', device: c.motion, capability: c.capability ?? 'motion', to: true }],
    conditions,
    actions: [
      { type: 'command', device: c.light, command: { power: true, brightness: c.brightness ?? 30 } },
      {
        type: 'wait',
        trigger: { type: 'state', device: c.motion, capability: c.capability ?? 'motion', to: false, for: c.offAfter ?? 'PT5M' },
      },
      { type: 'command', device: c.light, command: { power: false } },
    ],
  });
}

export interface GoodNightChoice {
  rooms: readonly string[];
  thermostats?: readonly string[];
  /** Eco setpoint (default 17 °C). */
  ecoC?: number;
  /** A button that says good night; without one, at `at` (default 23:00). */
  button?: { device: string; event?: string };
  at?: string;
}

export function goodNight(c: GoodNightChoice): AutomationDraft {
  const actions: Action[] = [
    ...c.rooms.map((room): Action => ({ type: 'command', room, command: { power: false } })),
    ...(c.thermostats ?? []).map((device): Action => ({
      type: 'command',
      device,
      command: { climate: { targetTemperature: c.ecoC ?? 17 } },
    })),
  ];
  return AutomationDraft.parse({
    name: 'Good night',
    triggers: [
      c.button
        ? { type: 'event', device: c.button.device, ...(c.button.event ? { event: c.button.event } : {}) }
        : { type: 'time', at: c.at ?? '23:00' },
    ],
    actions,
  });
}

export interface LeavingHomeChoice {
  rooms: readonly string[];
  thermostats?: readonly string[];
  ecoC?: number;
}

/** When the last person leaves: everything off, heating down, and a note saying so. */
export function leavingHome(c: LeavingHomeChoice): AutomationDraft {
  return AutomationDraft.parse({
    name: 'Leaving home',
    triggers: [{ type: 'person', event: 'leaves' }],
    conditions: [{ type: 'person', present: false }],
    actions: [
      ...c.rooms.map((room): Action => ({ type: 'command', room, command: { power: false } })),
      ...(c.thermostats ?? []).map((device): Action => ({
        type: 'command',
        device,
        command: { climate: { targetTemperature: c.ecoC ?? 16 } },
      })),
      { type: 'notify', text: 'Everyone has left: the lights are off and the heating is down.' },
    ],
  });
}

export interface WakeUpChoice {
  light: string;
  at?: string;
  weekdays?: readonly Weekday[];
}

/** A light that rises over a quarter of an hour, warm to daylight, in steps any dimmable light follows. */
export function wakeUpLight(c: WakeUpChoice): AutomationDraft {
  const steps: [number, number][] = [
    [5, 2200],
    [30, 2700],
    [70, 3500],
    [100, 4000],
  ];
  const actions: Action[] = [];
  for (const [i, [brightness, kelvin]] of steps.entries()) {
    if (i > 0) actions.push({ type: 'delay', for: 'PT5M' });
    actions.push({ type: 'command', device: c.light, command: { power: true, brightness, colorTemperature: kelvin } });
  }
  return AutomationDraft.parse({
    name: 'Wake-up light',
    triggers: [{ type: 'time', at: c.at ?? '07:00', weekdays: c.weekdays ?? ['mon', 'tue', 'wed', 'thu', 'fri'] }],
    actions,
  });
}

export interface DoorLeftOpenChoice {
  door: string;
  minutes?: number;
}

export function doorLeftOpen(c: DoorLeftOpenChoice): AutomationDraft {
  const minutes = c.minutes ?? 10;
  return AutomationDraft.parse({
    name: 'Door left open',
    triggers: [{ type: 'state', device: c.door, capability: 'contact', to: false, for: `PT${minutes}M` }],
    actions: [
      {
        type: 'notify',
        title: 'Door left open',
        text: `{{trigger.device}} in {{trigger.room}} has been open for ${minutes} minutes`,
      },
    ],
  });
}

export interface TemperatureAlertChoice {
  sensor: string;
  /** Frost: below this (default 5 °C). */
  below?: number;
  /** Heat: above this (default 30 °C). */
  above?: number;
}

/** Frost or heat: a notification once the temperature has been past a limit for 10 minutes (not on a blip). */
export function temperatureAlert(c: TemperatureAlertChoice): AutomationDraft {
  const below = c.below ?? 5;
  const above = c.above ?? 30;
  return AutomationDraft.parse({
    name: 'Frost or heat alert',
    mode: 'queued',
    triggers: [
      { type: 'numeric', device: c.sensor, capability: 'temperature', below, for: 'PT10M' },
      { type: 'numeric', device: c.sensor, capability: 'temperature', above, for: 'PT10M' },
    ],
    actions: [
      {
        type: 'notify',
        title: 'Temperature alert',
        text: `{{trigger.device}} in {{trigger.room}} is at {{trigger.value}} (limits ${below}–${above} °C)`,
      },
    ],
  });
}

export const GALLERY = [
  { id: 'motion-light', name: 'Motion light', build: motionLight },
  { id: 'good-night', name: 'Good night', build: goodNight },
  { id: 'leaving-home', name: 'Leaving home', build: leavingHome },
  { id: 'wake-up-light', name: 'Wake-up light', build: wakeUpLight },
  { id: 'door-left-open', name: 'Door left open', build: doorLeftOpen },
  { id: 'temperature-alert', name: 'Frost or heat alert', build: temperatureAlert },
] as const;
