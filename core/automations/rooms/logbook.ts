/**
 * Writes the room automations' story into the logbook: every command the arbiter sent (the rooms' own and
 * people's automations') with its cause chain ("Office lights → 40 % 2700 K: evening preference of Alice; occupied since 19:02 by Office
 * motion"), and each room becoming occupied or vacant (the history to tune timeouts against).
 */
import type { LogbookEntry } from '../../model';
import type { RoomRunner } from './runner';

export type AppendEntry = (entry: Omit<LogbookEntry, 'id' | 'at'>) => void;

export function attachRoomLogbook(runner: RoomRunner, append: AppendEntry): () => void {
  const last = new Map<string, string>();
  const offs = [
    runner.events.on('decision', 'logbook', (d) => {
      // A change by hand is logged from its command (or as the device's own change); the room only recorded it.
      // An automation's write is logged here once, under the automation's name (its command's source says the same).
      if (d.command && !d.byHand)
        append({
          deviceId: d.deviceId,
          ...(d.roomId ? { roomId: d.roomId } : {}),
          message: d.text,
          cause: { kind: 'automation', rule: d.automation?.name ?? `${runner.roomName(d.roomId)} (${d.writer})` },
        });
    }),
    runner.events.on('roomStatus', 'logbook', (s) => {
      const state = s.occupancy.state === 'leaving' ? 'occupied' : s.occupancy.state;
      if (last.get(s.roomId) === state) return;
      const first = !last.has(s.roomId);
      last.set(s.roomId, state);
      if (first && state === 'vacant') return;
      const source = s.occupancy.trigger ?? s.occupancy.source;
      const by = source ? ` (${source.name})` : '';
      append({
        roomId: s.roomId,
        message: `${runner.roomName(s.roomId)} ${state}${state === 'occupied' ? by : ''}`,
        cause: { kind: 'automation', rule: 'Occupancy' },
      });
    }),
  ];
  return () => offs.forEach((off) => off());
}
