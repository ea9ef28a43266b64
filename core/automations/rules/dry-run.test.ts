import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Automation, type AutomationInput, type Device, type Trace } from '../../model';
import { historyValues } from '../../store/history';
import { ManualClock } from '../../util/clock';
import { dryRun, type RecordedSeries } from './dry-run';
import { RuleEngine } from './engine';
import { cloneWorld, deviceView, reportEvents, type DeviceView, type World } from './world';
import { hhmm } from './zone';

const ZONE = 'Europe/Berlin';
const LOCATION = { latitude: 52.52, longitude: 13.405 };
const FROM = Date.parse('2026-03-28T06:00:00Z'); // spans the spring-forward night
const MIN = 60_000;

function cap<T>(value: T, writable = false) {
  return { value, writable };
}

function devices(): Device[] {
  const base = { integration: 'mqtt', availability: 'online' as const };
  return [
    {
      ...base,
      id: 'm',
      name: 'Hall motion',
      kind: 'sensor',
      roomId: 'hall',
      capabilities: { motion: cap(false), illuminance: cap(40) },
    },
    {
      ...base,
      id: 'l',
      name: 'Hall light',
      kind: 'light',
      roomId: 'hall',
      capabilities: { power: cap(false, true), brightness: cap(0, true) },
    },
    { ...base, id: 'd', name: 'Front door', kind: 'sensor', roomId: 'hall', capabilities: { contact: cap(true) } },
    { ...base, id: 't', name: 'Porch', kind: 'sensor', roomId: 'porch', capabilities: { temperature: cap(10) } },
  ];
}

const ROOMS: World['rooms'] = new Map([
  ['hall', { id: 'hall', name: 'Hall', occupancy: 'unknown' }],
  ['porch', { id: 'porch', name: 'Porch', occupancy: 'unknown' }],
]);

type Change =
  | { device: 'm'; motion?: boolean; illuminance?: number }
  | { device: 'l'; power?: boolean; brightness?: number }
  | { device: 'd'; contact: boolean }
  | { device: 't'; temperature?: number; online?: boolean };

function applyChange(device: Device, change: Change, at: number): Device {
  const caps = structuredClone(device.capabilities) as Record<string, { value: unknown; writable: boolean }>;
  let availability = device.availability;
  for (const [k, v] of Object.entries(change)) {
    if (k === 'device') continue;
    if (k === 'online') availability = v ? 'online' : 'offline';
    else caps[k]!.value = v;
  }
  return { ...device, capabilities: caps as Device['capabilities'], availability, lastSeen: at };
}

interface Recorded {
  runs: { at: number; trace: Trace }[];
  notRun: { at: number; trace: Trace }[];
  history: RecordedSeries[];
  now: World;
  to: number;
}

/** Live: devices report, the registry's `deviceChanged` becomes events (reportEvents, as in the hub), the engine runs on a ManualClock; history records what the store would. */
function live(automation: Automation, steps: readonly { gap: number; change: Change }[]): Recorded {
  const byId = new Map(devices().map((d) => [d.id, d]));
  const views = new Map<string, DeviceView>([...byId.values()].map((d) => [d.id, deviceView(d)]));
  const world = cloneWorld({ devices: views, rooms: ROOMS, people: new Map() });
  const clock = new ManualClock(FROM);
  const traces: Trace[] = [];
  const engine = new RuleEngine({
    clock,
    sink: {
      command: () => ({ ok: true, detail: 'not sent: dry run' }),
      applyScene: () => ({ ok: true }),
      notify: () => undefined,
    },
    world: () => world,
    automations: [automation],
    zone: ZONE,
    location: LOCATION,
    onTrace: (t) => traces.push(t),
  });
  // What core/store/history.ts records: every change of each series, with the value in effect before the window.
  const series = new Map<string, RecordedSeries & { points: { at: number; value: number }[] }>();
  const record = (device: Device, at: number) => {
    for (const [capability, value] of Object.entries(historyValues(device))) {
      const key = `${device.id}/${capability}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { deviceId: device.id, capability: capability as RecordedSeries['capability'], points: [] }));
      if (s.points.at(-1)?.value !== value) s.points.push({ at, value });
    }
  };
  for (const d of byId.values()) record(d, FROM - 3_600_000);
  engine.start();
  let at = FROM;
  for (const { gap, change } of steps) {
    at += gap;
    clock.advance(at - clock.now());
    const before = byId.get(change.device)!;
    const next = applyChange(before, change, at);
    byId.set(next.id, next);
    // As the hub's runner does: the report's events for what the device's triggers read.
    const interest = engine.interest(next.id);
    const events = interest ? reportEvents(before, next, interest, at) : [];
    world.devices.set(next.id, deviceView(next));
    record(next, at);
    for (const e of events) engine.handle(e);
  }
  const to = at + 30 * MIN;
  clock.advance(to - clock.now());
  const all = [...traces, ...engine.inProgress()].sort((a, b) => a.at - b.at || seq(a) - seq(b));
  return {
    runs: all.filter((t) => t.ran).map((trace) => ({ at: trace.at, trace })),
    notRun: all.filter((t) => !t.ran).map((trace) => ({ at: trace.at, trace })),
    history: [...series.values()],
    now: cloneWorld(world),
    to,
  };
}

const seq = (t: Trace) => Number(t.runId.split('#').pop());

const minutes = fc.integer({ min: 1, max: 6 }).map((m) => `PT${m}M`);
const trigger = fc.oneof(
  fc.record({
    type: fc.constant('state'),
    device: fc.constant('m'),
    capability: fc.constant('motion'),
    to: fc.boolean(),
    for: fc.option(minutes, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('state'),
    device: fc.constant('d'),
    capability: fc.constant('contact'),
    to: fc.constant(false),
    for: minutes,
  }),
  fc.record({ type: fc.constant('state'), device: fc.constant('l'), capability: fc.constant('power') }),
  fc.record({
    type: fc.constant('numeric'),
    device: fc.constant('t'),
    capability: fc.constant('temperature'),
    below: fc.integer({ min: 0, max: 20 }),
    for: fc.option(minutes, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('numeric'),
    device: fc.constant('m'),
    capability: fc.constant('illuminance'),
    above: fc.integer({ min: 0, max: 150 }),
  }),
  fc.record({ type: fc.constant('availability'), device: fc.constant('t'), to: fc.constantFrom('offline', 'online') }),
  fc.record({
    type: fc.constant('time'),
    at: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  }),
);
const leafCondition = fc.oneof(
  fc.record({
    type: fc.constant('numeric'),
    device: fc.constant('m'),
    capability: fc.constant('illuminance'),
    below: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({ type: fc.constant('state'), device: fc.constant('l'), capability: fc.constant('power'), is: fc.boolean() }),
  fc.record({
    type: fc.constant('time'),
    after: fc.constantFrom('22:00', '06:00', '12:30'),
    before: fc.constantFrom('06:00', '18:00', '23:59'),
  }),
  fc.record({ type: fc.constant('sun'), after: fc.constant('sunset'), afterOffset: fc.constantFrom('-PT30M', 0, 'PT1H') }),
);
const condition = fc.oneof(
  leafCondition,
  leafCondition.map((c) => ({ type: 'not', conditions: [c] })),
);
const action = fc.oneof(
  fc.record({ type: fc.constant('command'), device: fc.constant('l'), command: fc.record({ power: fc.boolean() }) }),
  fc.record({ type: fc.constant('delay'), for: minutes }),
  fc.record({
    type: fc.constant('wait'),
    trigger: fc.record({
      type: fc.constant('state'),
      device: fc.constant('m'),
      capability: fc.constant('motion'),
      to: fc.constant(false),
      for: minutes,
    }),
    timeout: fc.option(minutes, { nil: undefined }),
  }),
  fc.record({ type: fc.constant('notify'), text: fc.constant('{{trigger.device}} in {{trigger.room}}: {{trigger.value}}') }),
  fc.record({
    type: fc.constant('choose'),
    when: fc.constant([
      {
        conditions: [{ type: 'state', device: 'd', capability: 'contact', is: false }],
        actions: [{ type: 'notify', text: 'door open' }],
      },
    ]),
    otherwise: fc.constant([{ type: 'command', device: 'l', command: { brightness: 20 } }]),
  }),
);
const automation = fc
  .record({
    mode: fc.constantFrom('single', 'restart', 'queued', 'parallel'),
    max: fc.integer({ min: 1, max: 3 }),
    triggers: fc.array(trigger, { minLength: 1, maxLength: 3 }),
    conditions: fc.array(condition, { maxLength: 2 }),
    actions: fc.array(action, { minLength: 1, maxLength: 4 }),
  })
  .map((a) => Automation.parse(JSON.parse(JSON.stringify({ id: 'auto', name: 'Generated', ...a })) as AutomationInput));

const step = fc.record({
  gap: fc.integer({ min: 1000, max: 12 * MIN }),
  change: fc.oneof(
    fc.record({
      device: fc.constant('m' as const),
      motion: fc.boolean(),
      illuminance: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined, freq: 5 }),
    }),
    fc.record({
      device: fc.constant('l' as const),
      power: fc.boolean(),
      brightness: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    }),
    fc.record({ device: fc.constant('d' as const), contact: fc.boolean() }),
    fc.record({ device: fc.constant('t' as const), temperature: fc.integer({ min: -10, max: 70 }).map((x) => x / 2) }),
    fc.record({ device: fc.constant('t' as const), online: fc.boolean() }),
  ),
});

const clean = <T extends object>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('dry run', () => {
  it('gives the same runs as live evaluation of the same events through a ManualClock (property)', () => {
    let runs = 0;
    let notRun = 0;
    fc.assert(
      fc.property(automation, fc.array(step, { minLength: 20, maxLength: 80 }), (a, steps) => {
        const recorded = live(
          a,
          steps.map((s) => clean(s) as { gap: number; change: Change }),
        );
        const dry = dryRun({
          automation: a,
          from: FROM,
          to: recorded.to,
          world: recorded.now,
          history: recorded.history,
          zone: ZONE,
          location: LOCATION,
        });
        expect(dry.runs).toEqual(recorded.runs);
        expect(dry.notRun).toEqual(recorded.notRun);
        runs += dry.runs.length;
        notRun += dry.notRun.length;
      }),
      { numRuns: 150 },
    );
    // The generators must exercise the engine, not compare empty lists.
    expect(runs).toBeGreaterThan(150);
    expect(notRun).toBeGreaterThan(30);
  });

  it('answers when it would have run, each with its trace, sending nothing', () => {
    const a = Automation.parse({
      id: 'hall',
      name: 'Hallway at night',
      mode: 'restart',
      triggers: [{ type: 'state', device: 'm', capability: 'motion', to: true }],
      conditions: [{ type: 'numeric', device: 'm', capability: 'illuminance', below: 60 }],
      actions: [
        { type: 'command', device: 'l', command: { power: true, brightness: 30 } },
        { type: 'wait', trigger: { type: 'state', device: 'm', capability: 'motion', to: false, for: 'PT5M' } },
        { type: 'command', device: 'l', command: { power: false } },
      ],
    });
    const day = Date.parse('2026-01-05T00:00:00Z');
    const t = (hm: string) => day + (Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3))) * MIN - 3_600_000; // Berlin = UTC+1
    const history: RecordedSeries[] = [
      {
        deviceId: 'm',
        capability: 'motion',
        points: [
          { at: day - 1, value: 0 },
          ...['07:02', '12:40', '19:02', '19:15', '19:16'].map((hm, i) => ({ at: t(hm), value: i === 4 ? 0 : 1 })),
          { at: t('07:03'), value: 0 },
          { at: t('12:41'), value: 0 },
          { at: t('19:05'), value: 0 },
        ].sort((x, y) => x.at - y.at),
      },
      {
        deviceId: 'm',
        capability: 'illuminance',
        points: [
          { at: day - 1, value: 20 },
          { at: t('19:00'), value: 140 },
          { at: t('19:10'), value: 30 },
        ],
      },
    ];
    const world = cloneWorld({ devices: new Map(devices().map((d) => [d.id, deviceView(d)])), rooms: ROOMS, people: new Map() });
    const result = dryRun({ automation: a, from: day, to: day + 86_400_000, world, history, zone: ZONE, location: LOCATION });
    expect(result.runs.map((r) => hhmm(r.at, ZONE))).toEqual(['07:02', '12:40', '19:15']);
    expect(result.notRun.map((r) => [hhmm(r.at, ZONE), r.trace.reason])).toEqual([
      ['19:02', 'did not run at 19:02: Hall motion illuminance 140 lx is not below 60 lx'],
    ]);
    expect(result.runs[0]!.trace.actions).toEqual([
      { type: 'command', ok: true, detail: 'Hall light → on at 30 % (not sent: dry run)', at: t('07:02') },
      {
        type: 'wait',
        ok: true,
        detail: 'waited 6 minutes for Hall motion stopped detecting motion for 5 minutes',
        at: t('07:02'),
      },
      { type: 'command', ok: true, detail: 'Hall light → off (not sent: dry run)', at: t('07:08') },
    ]);
    // A draft (no id) works the same.
    const { id: _id, ...draft } = a;
    expect(
      dryRun({ automation: draft, from: day, to: day + 86_400_000, world, history, zone: ZONE, location: LOCATION }).runs,
    ).toHaveLength(3);
  });
});
