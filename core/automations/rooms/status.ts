/** A room's status for the API and UI: occupancy, holds, active preference, overrides, what happens next. */
import type { ClimateHoldPolicy, Device, Location, PlannedChange, RoomStatus } from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import { isLight, lightView } from './devices';
import { describeHolders, lightPlan } from './explain';
import { activePreference } from './preferences';
import type { RoomBehaviourRepository } from './repository';
import type { RoomRuntime } from './runtime';

export function roomStatus(
  roomId: string,
  rt: RoomRuntime,
  repository: RoomBehaviourRepository,
  devices: readonly Device[],
  now: number,
  location: Location,
  format: TextFormat = DEFAULT_TEXT_FORMAT,
): RoomStatus {
  const behaviour = repository.get(roomId);
  const people = repository.people();
  const occupancy = rt.occupancy ?? { state: 'vacant' as const, since: now, source: null, until: null, paused: false };
  const preference = activePreference(behaviour.lighting, roomId, people, now, location);
  const lights = devices.filter(isLight);
  const lightsOn = lights.some((d) => lightView(d).on === true);
  const next: PlannedChange[] = lightPlan(roomId, occupancy, behaviour, lightsOn, preference, now, format);
  if (rt.climate?.next) next.push({ at: rt.climate.next.at, roomId, text: rt.climate.next.text });
  for (const o of rt.overrides.values()) {
    const name = devices.find((d) => d.id === o.deviceId)?.name ?? o.deviceId;
    if (o.until !== null) next.push({ at: o.until, roomId, deviceId: o.deviceId, text: `${name} back to automatic` });
  }
  next.sort((a, b) => a.at - b.at);
  return {
    roomId,
    occupancy,
    holds: rt.holds.filter((h) => h.kind !== 'vacant' || h.since > now - 60_000),
    preference: preference.text,
    overrides: [...rt.overrides.values()],
    next,
    climate: rt.climate
      ? {
          targetC: rt.climate.targetC,
          text: rt.climate.text,
          rateCPerHour: rt.rate.rateCPerHour ?? behaviour.climate.fallbackRateCPerHour,
          hold: climateHold(rt, behaviour.climate.manualHold),
        }
      : null,
    people: people.filter((p) => p.roomId === roomId).map((p) => p.name),
    heldBy: describeHolders(rt.holders),
    stuck: rt.stuck,
  };
}

function climateHold(rt: RoomRuntime, policy: ClimateHoldPolicy): NonNullable<RoomStatus['climate']>['hold'] {
  const [deviceId, hold] = [...rt.climateHolds.entries()][0] ?? [];
  if (!deviceId || !hold) return null;
  return { deviceId, targetC: hold.targetC, until: policy === 'untilChanged' ? null : hold.until };
}
