/**
 * Optimistic command values, per device and per capability path. Pure functions: the store
 * keeps the result, tiles overlay it on the device's reported state.
 */
import type { Command } from '../../../core/model';

/** 'power', 'brightness', 'climate.targetTemperature', … */
export type PendingPath = string;
export type PendingEntry = { value: unknown; seq: number };
export type DevicePending = Readonly<Record<PendingPath, PendingEntry>>;
export type PendingByDevice = Readonly<Record<string, DevicePending>>;

export function flattenCommand(command: Command): Record<PendingPath, unknown> {
  const out: Record<PendingPath, unknown> = {};
  for (const [key, value] of Object.entries(command)) {
    if (value === undefined) continue;
    if ((key === 'climate' || key === 'media') && typeof value === 'object' && value !== null) {
      for (const [sub, subValue] of Object.entries(value)) {
        if (subValue !== undefined) out[`${key}.${sub}`] = subValue;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function addPending(state: PendingByDevice, deviceId: string, seq: number, command: Command): PendingByDevice {
  const next: Record<PendingPath, PendingEntry> = { ...state[deviceId] };
  for (const [path, value] of Object.entries(flattenCommand(command))) next[path] = { value, seq };
  return { ...state, [deviceId]: next };
}

/** Drops the values written by command `seq`; values of a newer command on the same path stay. */
export function settlePending(state: PendingByDevice, deviceId: string, seq: number): PendingByDevice {
  const current = state[deviceId];
  if (!current) return state;
  const next: Record<PendingPath, PendingEntry> = {};
  let changed = false;
  for (const [path, entry] of Object.entries(current)) {
    if (entry.seq === seq) changed = true;
    else next[path] = entry;
  }
  if (!changed) return state;
  const out = { ...state };
  if (Object.keys(next).length === 0) delete out[deviceId];
  else out[deviceId] = next;
  return out;
}

/** The value a control should show: the pending one while a command is in flight, else the reported one. */
export function shownValue<T>(
  reported: T,
  pending: DevicePending | undefined,
  path: PendingPath,
): { value: T; pending: boolean } {
  const entry = pending?.[path];
  if (!entry) return { value: reported, pending: false };
  return { value: entry.value as T, pending: true };
}
