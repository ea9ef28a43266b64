/**
 * One evaluation of one room: fuse occupancy, expire overrides, then let lighting and climate
 * propose and the arbiter decide for each device. Mutates only the room's runtime.
 */
import type { Device, LightLevel, Location, OccupancyState } from '../../model';
import type { Arbiter, Proposal } from './arbiter';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';
import { demands, planClimate } from './climate';
import { climateView, isLight, isOwnDoor, isThermostat, lightView, roomLight, roomTemperature, sourceKind } from './devices';
import { occupancyFact } from './explain';
import { proposeLight } from './lighting';
import { speakersToPause, speakersToResume } from './media';
import { evaluateOccupancy, observe } from './occupancy';
import { overrideState } from './overrides';
import { activePreference, comfortFor } from './preferences';
import type { RoomBehaviourRepository } from './repository';
import { rateAt } from './rate';
import { expectEcho, switchingOn, type RoomRuntime } from './runtime';

export interface EvaluationDeps {
  arbiter: Arbiter;
  repository: RoomBehaviourRepository;
  roomName: string;
  now: number;
  /** The home's location, for the sun times of a circadian curve. */
  location: Location;
  /** Times and temperatures in the sentences, as the settings ask (default 24 h, °C). */
  format?: TextFormat;
  /** A meeting room's lifecycle (core/automations/meetings): the bookings to condition for, the checked-in meeting's lights. */
  meeting?: MeetingDirective;
}

export interface MeetingDirective {
  periods: readonly { start: number; end: number; label: string; leadCapMs: number }[];
  light: { level: LightLevel; text: string } | null;
  /** A meeting room empty this long is done with (its early-end time): economy then, not after the room's vacant delay. */
  vacantDelayMin: number;
}

const ADAPT_EVERY_MS = 60_000;
/** The `personId` of a checked-in meeting's light level (no person has it: ids are people's own). */
const MEETING_PREFERENCE = 'meeting:in-use';

export function evaluateRoom(
  roomId: string,
  rt: RoomRuntime,
  devices: readonly Device[],
  deps: EvaluationDeps,
): { nextAt: number | null; changed: boolean } {
  const { arbiter, repository, now } = deps;
  const behaviour = repository.get(roomId);
  const present = new Set(devices.map((d) => d.id));
  const people = repository.people();
  const persons = new Set(people.map((p) => `person:${p.id}`));
  for (const id of rt.sources.keys()) {
    if (id.startsWith('person:') ? !persons.has(id) : !present.has(id.startsWith('light:') ? id.slice(6) : id))
      if (id !== 'hold-release') rt.sources.delete(id);
  }
  // Someone marked present occupies the room until they are marked gone.
  for (const p of people) {
    const id = `person:${p.id}`;
    const here = p.roomId === roomId;
    if (here || rt.sources.has(id))
      rt.sources.set(id, observe(rt.sources.get(id), { id, name: `${p.name} (marked present)`, kind: 'person' }, here, now));
  }
  // Only doors the user marked as the room's own may hold it (re-read: the setting applies at once).
  for (const d of devices) {
    const source = rt.sources.get(d.id);
    if (source?.kind === 'door') source.own = isOwnDoor(d, behaviour.occupancy);
  }
  rt.holds = rt.holds.filter((h) => h.kind === 'vacant' || h.until === undefined || h.until > now);

  const before = rt.occupancy;
  // Speakers that follow the room cannot also hold it (a playing speaker would keep it occupied for ever).
  const speakersFollow = behaviour.media.pauseWhenVacant;
  const { state, nextAt, holders, stuck } = evaluateOccupancy({
    settings: behaviour.occupancy,
    sources: [...rt.sources.values()].filter((s) => !speakersFollow || s.kind !== 'media'),
    holds: rt.holds,
    prev: before,
    now,
  });
  rt.occupancy = state;
  const holding = (hs: { source: { id: string } }[]) => hs.map((h) => h.source.id).join();
  let changed =
    !before ||
    before.state !== state.state ||
    before.source?.id !== state.source?.id ||
    before.paused !== state.paused ||
    holding(rt.holders) !== holding(holders) ||
    holding(rt.stuck) !== holding(stuck);
  rt.holders = holders;
  rt.stuck = stuck;
  const format = deps.format ?? DEFAULT_TEXT_FORMAT;
  const fact = occupancyFact(state, format);
  expireRuleClaims(rt, state.state === 'vacant' ? 'vacant' : 'occupied');

  // Without a motion, presence or door sensor (or a hold) the room cannot know it is empty: hands off.
  const sensed = devices.some((d) => {
    const kind = sourceKind(d, behaviour.occupancy);
    return kind !== undefined && kind !== 'window' && !(speakersFollow && kind === 'media');
  });
  if (!sensed && rt.holds.length === 0) {
    rt.climate = null;
    return { nextAt, changed };
  }

  if (speakersFollow && !state.paused && before) followSpeakers(roomId, rt, devices, deps, before.state, state);

  const own = activePreference(behaviour.lighting, roomId, people, now, deps.location);
  // A checked-in meeting lights the room its way (the organiser's preference, else the room's meeting level).
  const meetingLight = deps.meeting?.light;
  // Its own `personId`, so the level applies at once (not by slow follow) when the meeting checks in.
  const preference = meetingLight
    ? { level: meetingLight.level, text: meetingLight.text, personId: MEETING_PREFERENCE, nextAt: null }
    : own;
  if (rt.preference !== preference.text) changed = true;
  rt.preference = preference.text;
  const preferenceChanged = rt.preferencePerson !== undefined && rt.preferencePerson !== preference.personId;
  // A light skipped because its command is on its way still has to take the new preference at once.
  const skipped = preferenceChanged && devices.some((d) => isLight(d) && arbiter.isSending(d.id));
  if (!skipped) rt.preferencePerson = preference.personId;
  const adaptDue = now - rt.lastAdapt >= ADAPT_EVERY_MS;
  if (adaptDue) rt.lastAdapt = now;
  const measured = roomLight(devices);

  for (const device of devices.filter(isLight)) {
    const light = lightView(device);
    if (light.on === false && state.state !== 'occupied') rt.dimmed.delete(device.id);
    const prior = rt.overrides.get(device.id);
    const turningOn = switchingOn(rt.expected.get(device.id), light.on, now);
    const { override, ended } = overrideState(prior, behaviour.lighting.overridePolicy, {
      lightOn: turningOn ? true : light.on,
      occupancy: state.state,
      now,
    });
    if (!override) rt.overrides.delete(device.id);
    if (prior !== override) changed = true;
    // A timed hold that ran out gives the light back at once, saying why.
    if (ended === 'timeUp' && prior?.until != null) rt.resumed.set(device.id, `manual hold ended at ${format.time(prior.until)}`);
    if (light.on === false) rt.resumed.delete(device.id);
    // A command on its way (ours, or the person's own switch-on) is answered first: proposing beside it
    // would send a second "on" and log it as the room's doing.
    if (arbiter.isSending(device.id) || turningOn) continue;
    const proposals = withRuleClaim(
      rt,
      device.id,
      proposeLight(light, {
        settings: behaviour.lighting,
        occupancy: state,
        occupancyFact: fact,
        light: measured,
        preference,
        override,
        dimmed: rt.dimmed.has(device.id),
        ...(rt.resumed.has(device.id) ? { resumedBecause: rt.resumed.get(device.id) } : {}),
        adaptDue,
        preferenceChanged,
        format,
      }),
    );
    const decision = arbiter.decide(roomId, deps.roomName, device.id, device.name, proposals);
    const command = decision?.command;
    if (!command) continue;
    rt.resumed.delete(device.id);
    changed = true;
    expectEcho(rt, device.id, command, now);
    if (state.state === 'leaving' && command.brightness !== undefined && command.power === undefined) rt.dimmed.add(device.id);
    else rt.dimmed.delete(device.id);
  }

  const thermostats = devices.filter(isThermostat);
  rt.climate = null;
  if (behaviour.climate.enabled && thermostats.length > 0 && !state.paused) {
    const roomTempC = roomTemperature(devices);
    const comfort = comfortFor(behaviour.lighting, roomId, people, behaviour.climate.comfortHeatC);
    const windowOpenSince = rt.windowsOpen.size > 0 ? Math.min(...rt.windowsOpen.values()) : null;
    for (const device of thermostats) {
      const stored = rt.climateHolds.get(device.id);
      // "Keep until I change it": the hold outlives the schedule's next change.
      const hold = stored && behaviour.climate.manualHold === 'untilChanged' ? { ...stored, until: Infinity } : stored;
      if (hold && hold.until <= now) rt.climateHolds.delete(device.id);
      const plan = planClimate(climateView(device), {
        settings: deps.meeting
          ? { ...behaviour.climate, vacantDelayMin: Math.min(behaviour.climate.vacantDelayMin, deps.meeting.vacantDelayMin) }
          : behaviour.climate,
        occupancy: state,
        occupancyFact: fact,
        comfortC: comfort.c,
        comfortWho: comfort.who,
        roomTempC,
        windowOpenSince,
        manualHold: hold && hold.until > now ? hold : undefined,
        rateCPerHour: rateAt(rt.rate, now) ?? behaviour.climate.fallbackRateCPerHour,
        rateLearned: rateAt(rt.rate, now) !== null,
        coolRateCPerHour: rateAt(rt.coolRate, now) ?? behaviour.climate.fallbackRateCPerHour,
        coolRateLearned: rateAt(rt.coolRate, now) !== null,
        demand: rt.demand.get(device.id),
        preheatingFor: rt.preheating.get(device.id) ?? null,
        ...(deps.meeting ? { periods: deps.meeting.periods } : {}),
        now,
        format,
      });
      if (plan.preheatingFor !== null) rt.preheating.set(device.id, plan.preheatingFor);
      else rt.preheating.delete(device.id);
      rt.climate = { targetC: plan.targetC, text: plan.text, next: plan.next };
      if (arbiter.isSending(device.id)) continue;
      const decision = arbiter.decide(
        roomId,
        deps.roomName,
        device.id,
        device.name,
        withRuleClaim(rt, device.id, plan.proposals),
      );
      const sent = decision?.command?.climate;
      if (!sent) continue;
      changed = true;
      expectEcho(rt, device.id, decision!.command!, now);
      const wants = demands(plan.mode, plan.targetC, roomTempC);
      // An `off` command leaves whichever machine ran last idle (its minimum off time starts now).
      const mode = plan.mode === 'off' ? (rt.demand.get(device.id)?.mode ?? 'heat') : plan.mode;
      const demand = rt.demand.get(device.id);
      if (!demand || demand.on !== wants || (wants && demand.mode !== mode))
        rt.demand.set(device.id, { on: wants, since: now, mode });
    }
  }
  return { nextAt, changed };
}

/** A claim ends when the room's occupancy changes after the write (the room takes over what happens next). */
function expireRuleClaims(rt: RoomRuntime, occupancy: 'occupied' | 'vacant'): void {
  for (const [id, claim] of rt.ruleClaims) {
    if (claim.baseline === undefined) claim.baseline = occupancy;
    else if (claim.baseline !== occupancy) rt.ruleClaims.delete(id);
  }
}

/** The room's proposals plus the automation's claim, which holds what it wrote (without writing it again). */
function withRuleClaim(rt: RoomRuntime, deviceId: string, proposals: Proposal[]): Proposal[] {
  const claim = rt.ruleClaims.get(deviceId);
  if (!claim || proposals.length === 0) return proposals;
  return [
    ...proposals,
    { writer: 'rule', command: null, holds: claim.attributes, text: claim.text, facts: [], automation: claim.automation },
  ];
}

/**
 * Speakers follow the room: going vacant pauses its playing speakers (remembered), being occupied
 * again resumes those of them that are still paused. Through the arbiter, with the reason.
 */
function followSpeakers(
  roomId: string,
  rt: RoomRuntime,
  devices: readonly Device[],
  deps: EvaluationDeps,
  was: OccupancyState['state'],
  state: OccupancyState,
): void {
  const name = (id: string) => devices.find((d) => d.id === id)?.name ?? id;
  if (was !== 'vacant' && state.state === 'vacant') {
    const paused: string[] = [];
    for (const { deviceId, command } of speakersToPause(devices)) {
      if (deps.arbiter.isSending(deviceId)) continue;
      const text = `${deps.roomName} vacant since ${(deps.format ?? DEFAULT_TEXT_FORMAT).time(state.since)}`;
      const decision = deps.arbiter.decide(roomId, deps.roomName, deviceId, name(deviceId), [
        { writer: 'occupancy', command, text, facts: [] },
      ]);
      if (decision?.command) paused.push(deviceId);
    }
    rt.pausedSpeakers = [...new Set([...rt.pausedSpeakers, ...paused])];
  } else if (was === 'vacant' && state.state === 'occupied' && rt.pausedSpeakers.length > 0) {
    for (const { deviceId, command } of speakersToResume(devices, rt.pausedSpeakers)) {
      const by = state.source ? ` by ${state.source.name}` : '';
      deps.arbiter.decide(roomId, deps.roomName, deviceId, name(deviceId), [
        {
          writer: 'occupancy',
          command,
          text: `${deps.roomName} occupied again since ${(deps.format ?? DEFAULT_TEXT_FORMAT).time(state.since)}${by}`,
          facts: [],
        },
      ]);
    }
    rt.pausedSpeakers = [];
  }
}
