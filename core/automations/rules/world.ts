/**
 * What the rule engine sees of the home: read-only views of devices, rooms and people, and the events it consumes.
 * The hub builds these from the registry and the room runtime; dry runs rebuild them from recorded history.
 */
import type { Availability, CapabilityName, Device, DeviceKind, OccupancyKind, Scalar, StateField } from '../../model';
import { STATE_FIELDS } from '../../model';

export interface DeviceView {
  id: string;
  name: string;
  kind: DeviceKind;
  roomId?: string;
  availability: Availability;
  /** The capabilities the device has (room commands only reach devices that have what they set). */
  capabilities: readonly CapabilityName[];
  values: Partial<Record<StateField, Scalar>>;
}

export interface RoomView {
  id: string;
  name: string;
  occupancy: OccupancyKind | 'unknown';
}

export interface PersonView {
  id: string;
  name: string;
  /** The room the person is in; null: not at home. */
  roomId: string | null;
}

export interface World {
  devices: ReadonlyMap<string, DeviceView>;
  rooms: ReadonlyMap<string, RoomView>;
  people: ReadonlyMap<string, PersonView>;
}

export interface StateChange {
  field: StateField;
  from: Scalar;
  to: Scalar;
}

/** Everything the engine reacts to. `at` is when it happened (ms since epoch). */
export type RuleEvent =
  /** One device report: the watched values that changed, old and new. */
  | { type: 'state'; at: number; device: string; changes: StateChange[] }
  | { type: 'availability'; at: number; device: string; from: Availability; to: Availability }
  | { type: 'room'; at: number; room: string; from: OccupancyKind | 'unknown'; to: OccupancyKind }
  /** A person moved; null: not at home. */
  | { type: 'person'; at: number; person: string; from: string | null; to: string | null }
  | { type: 'hubStarted'; at: number }
  /** A momentary device event (a button press), delivered once. */
  | { type: 'deviceEvent'; at: number; device: string; event: string };

/** Each watched field with its capability and sub-field, split once (this runs on every report of a watched device). */
const FIELD_PARTS = STATE_FIELDS.map((field) => {
  const [name, sub] = field.split('.') as [string, string | undefined];
  return { field, name, sub };
});

/** A field's value in a capability's state: undefined when the device lacks it, null for a sub-field it left out. */
function scalarOf(state: { value: unknown } | undefined, sub: string | undefined): Scalar | undefined {
  if (!state) return undefined;
  const raw = sub ? (state.value as Record<string, unknown> | null)?.[sub] : state.value;
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string') return raw;
  return raw === undefined && sub ? null : undefined;
}

/** The watched values of a device, by field ("climate.mode"). */
export function stateValues(device: Device): Partial<Record<StateField, Scalar>> {
  const caps = device.capabilities as Record<string, { value: unknown } | undefined>;
  const out: Partial<Record<StateField, Scalar>> = {};
  for (const { field, name, sub } of FIELD_PARTS) {
    const value = scalarOf(caps[name], sub);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

export function deviceView(device: Device): DeviceView {
  return {
    id: device.id,
    name: device.name,
    kind: device.kind,
    ...(device.roomId !== undefined ? { roomId: device.roomId } : {}),
    availability: device.availability,
    capabilities: Object.keys(device.capabilities) as CapabilityName[],
    values: stateValues(device),
  };
}

/** The watched values that differ between two views of a device (none for a device seen the first time). */
export function stateChanges(before: DeviceView | undefined, after: DeviceView): StateChange[] {
  if (!before) return [];
  const out: StateChange[] = [];
  for (const field of STATE_FIELDS) {
    const from = before.values[field];
    const to = after.values[field];
    if (to === undefined || from === to) continue;
    out.push({ field, from: from ?? null, to });
  }
  return out;
}

/**
 * The events a registry `deviceChanged` means for the rules: value changes and an availability change. A device
 * seen the first time yields none (its first report is not a change).
 */
export function deviceEvents(before: DeviceView | undefined, after: DeviceView, at: number): RuleEvent[] {
  if (!before) return [];
  const events: RuleEvent[] = [];
  const changes = stateChanges(before, after);
  if (changes.length > 0) events.push({ type: 'state', at, device: after.id, changes });
  if (before.availability !== after.availability)
    events.push({ type: 'availability', at, device: after.id, from: before.availability, to: after.availability });
  return events;
}

/** What a device's armed triggers read from its reports: capabilities by name ("climate" for "climate.mode"), availability. */
export interface DeviceInterest {
  capabilities: ReadonlySet<string>;
  availability: boolean;
}

/**
 * deviceEvents for one registry report, read off the two devices and limited to what `interest` names: the hub
 * builds no view per report (a watched sensor reports every few seconds, and most of those change nothing it reads).
 * The registry keeps an unchanged capability's state object, so a field is compared only when its state was replaced.
 */
export function reportEvents(before: Device, after: Device, interest: DeviceInterest, at: number): RuleEvent[] {
  const events: RuleEvent[] = [];
  const was = before.capabilities as Record<string, { value: unknown } | undefined>;
  const now = after.capabilities as Record<string, { value: unknown } | undefined>;
  if (was !== now) {
    let changes: StateChange[] | undefined;
    for (const { field, name, sub } of FIELD_PARTS) {
      if (!interest.capabilities.has(name) || was[name] === now[name]) continue;
      const to = scalarOf(now[name], sub);
      const from = scalarOf(was[name], sub);
      if (to === undefined || from === to) continue;
      (changes ??= []).push({ field, from: from ?? null, to });
    }
    if (changes) events.push({ type: 'state', at, device: after.id, changes });
  }
  if (interest.availability && before.availability !== after.availability)
    events.push({ type: 'availability', at, device: after.id, from: before.availability, to: after.availability });
  return events;
}

export interface MutableWorld extends World {
  devices: Map<string, DeviceView>;
  rooms: Map<string, RoomView>;
  people: Map<string, PersonView>;
}

export function cloneWorld(world: World): MutableWorld {
  return { devices: new Map(world.devices), rooms: new Map(world.rooms), people: new Map(world.people) };
}

/** Follow an event (dry runs and replays). Views are replaced, never mutated, so one read earlier stays as it was. */
export function applyEvent(world: MutableWorld, event: RuleEvent): void {
  switch (event.type) {
    case 'state': {
      const device = world.devices.get(event.device);
      if (!device) return;
      const values = { ...device.values };
      for (const c of event.changes) values[c.field] = c.to;
      world.devices.set(device.id, { ...device, values });
      return;
    }
    case 'availability': {
      const device = world.devices.get(event.device);
      if (device) world.devices.set(device.id, { ...device, availability: event.to });
      return;
    }
    case 'room': {
      const room = world.rooms.get(event.room);
      if (room) world.rooms.set(room.id, { ...room, occupancy: event.to });
      return;
    }
    case 'person': {
      const person = world.people.get(event.person);
      if (person) world.people.set(person.id, { ...person, roomId: event.to });
      return;
    }
    default:
      return;
  }
}

export function deviceName(world: World, id: string): string {
  return world.devices.get(id)?.name ?? id;
}
export function roomName(world: World, id: string): string {
  return world.rooms.get(id)?.name ?? id;
}
export function personName(world: World, id: string): string {
  return world.people.get(id)?.name ?? id;
}
