import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Automation, type AutomationInput, type Command, type Trace } from '../../model';
import { ManualClock } from '../../util/clock';
import { RuleEngine, type ActionSink, type CommandOutcome, type RuleCause, type RuleDiagnostic } from './engine';
import { applyEvent, cloneWorld, type DeviceView, type MutableWorld, type RuleEvent } from './world';

const START = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

function device(id: string, name: string, kind: DeviceView['kind'], roomId: string, values: DeviceView['values']): DeviceView {
  return {
    id,
    name,
    kind,
    roomId,
    availability: 'online',
    capabilities: Object.keys(values) as DeviceView['capabilities'],
    values,
  };
}

function home(): MutableWorld {
  return cloneWorld({
    devices: new Map(
      [
        device('m', 'Hall motion', 'sensor', 'hall', { motion: false, illuminance: 40 }),
        device('l', 'Hall light', 'light', 'hall', { power: false, brightness: 0 }),
        device('k1', 'Kitchen ceiling', 'light', 'kitchen', { power: true, brightness: 80 }),
        device('k2', 'Kitchen strip', 'light', 'kitchen', { power: true }),
        device('kp', 'Kettle', 'plug', 'kitchen', { power: true }),
      ].map((d) => [d.id, d]),
    ),
    rooms: new Map([
      ['hall', { id: 'hall', name: 'Hall', occupancy: 'vacant' }],
      ['kitchen', { id: 'kitchen', name: 'Kitchen', occupancy: 'occupied' }],
    ]),
    people: new Map([['alice', { id: 'alice', name: 'Alice', roomId: null }]]),
  });
}

interface Sent {
  at: number;
  device: string;
  command: Command;
  cause: RuleCause;
}

function setup(
  input: Partial<AutomationInput> & Pick<AutomationInput, 'actions'>,
  options: { sink?: Partial<ActionSink>; loopLimit?: { runs: number; windowMs: number } } = {},
) {
  const clock = new ManualClock(START);
  const world = home();
  const sent: Sent[] = [];
  const notes: string[] = [];
  const traces: Trace[] = [];
  const diagnostics: RuleDiagnostic[] = [];
  const automation = Automation.parse({
    id: 'a',
    name: 'Hallway',
    triggers: [{ type: 'state', device: 'm', capability: 'motion', to: true }],
    ...input,
  });
  const sink: ActionSink = {
    command: (device, command, cause) => {
      sent.push({ at: clock.now(), device, command, cause });
      return { ok: true };
    },
    applyScene: () => ({ ok: true }),
    notify: (text) => {
      notes.push(text);
    },
    ...options.sink,
  };
  const engine = new RuleEngine({
    clock,
    sink,
    world: () => world,
    automations: [automation],
    zone: 'Europe/Berlin',
    location: { latitude: 52.52, longitude: 13.405 },
    onTrace: (t) => traces.push(t),
    onDiagnostic: (d) => diagnostics.push(d),
    ...(options.loopLimit ? { loopLimit: options.loopLimit } : {}),
  });
  engine.start();
  const emit = (event: RuleEvent) => {
    clock.advance(event.at - clock.now());
    applyEvent(world, event);
    engine.handle(event);
  };
  const motion = (at: number, value: boolean) => {
    const from = world.devices.get('m')!.values.motion ?? null;
    emit({ type: 'state', at, device: 'm', changes: [{ field: 'motion', from, to: value }] });
  };
  return { clock, world, sent, notes, traces, diagnostics, engine, emit, motion };
}

const lightOnDelayOff = [
  { type: 'command', device: 'l', command: { power: true } },
  { type: 'delay', for: 'PT5M' },
  { type: 'command', device: 'l', command: { power: false } },
];

/** Two motions 2 minutes apart against an automation that takes 5 minutes. */
function overlapping(mode: 'single' | 'restart' | 'queued' | 'parallel', max = 10) {
  const s = setup({ mode, max, actions: lightOnDelayOff });
  s.motion(START, true);
  s.motion(START + MIN, false);
  s.motion(START + 2 * MIN, true);
  s.motion(START + 3 * MIN, false);
  s.motion(START + 4 * MIN, true);
  s.clock.advance(30 * MIN);
  const sends = s.sent.map((x) => [(x.at - START) / MIN, x.command.power ? 'on' : 'off']);
  return { ...s, sends, results: s.traces.map((t) => [(t.at - START) / MIN, t.result]) };
}

describe('modes under overlapping triggers', () => {
  it('single: later triggers are dropped while it runs, and traced', () => {
    const r = overlapping('single');
    expect(r.sends).toEqual([
      [0, 'on'],
      [5, 'off'],
    ]);
    expect(r.results).toEqual([
      [2, 'dropped'],
      [4, 'dropped'],
      [0, 'finished'],
    ]);
    expect(r.traces[0]).toMatchObject({ ran: false, reason: 'already running (mode single)' });
  });

  it('restart: each trigger cancels the run before it', () => {
    const r = overlapping('restart');
    expect(r.sends).toEqual([
      [0, 'on'],
      [2, 'on'],
      [4, 'on'],
      [9, 'off'],
    ]);
    expect(r.results).toEqual([
      [0, 'cancelled'],
      [2, 'cancelled'],
      [4, 'finished'],
    ]);
    expect(r.traces[0]!.reason).toBe('restarted by Hall motion detected motion');
  });

  it('queued: runs one after another, in order, up to max', () => {
    const r = overlapping('queued');
    expect(r.sends).toEqual([
      [0, 'on'],
      [5, 'off'],
      [5, 'on'],
      [10, 'off'],
      [10, 'on'],
      [15, 'off'],
    ]);
    const limited = overlapping('queued', 2);
    expect(limited.sends).toEqual([
      [0, 'on'],
      [5, 'off'],
      [5, 'on'],
      [10, 'off'],
    ]);
    expect(limited.traces.find((t) => t.result === 'dropped')).toMatchObject({
      at: START + 4 * MIN,
      reason: 'the queue is full (mode queued, max 2)',
    });
  });

  it('parallel: runs side by side up to max', () => {
    expect(overlapping('parallel').sends).toEqual([
      [0, 'on'],
      [2, 'on'],
      [4, 'on'],
      [5, 'off'],
      [7, 'off'],
      [9, 'off'],
    ]);
    const two = overlapping('parallel', 2);
    expect(two.sends).toEqual([
      [0, 'on'],
      [2, 'on'],
      [5, 'off'],
      [7, 'off'],
    ]);
    expect(two.results[0]).toEqual([4, 'dropped']);
  });

  it('never has more runs at once than its mode allows (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('single', 'restart', 'queued', 'parallel' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 4 * MIN }), { minLength: 1, maxLength: 15 }),
        (mode, max, gaps) => {
          let peak = 0;
          const ref: { engine?: RuleEngine } = {};
          const sample = () => (peak = Math.max(peak, ref.engine?.inProgress().length ?? 0));
          const s = setup(
            {
              mode,
              max,
              actions: [
                { type: 'command', device: 'l', command: { power: true } },
                { type: 'delay', for: 'PT3M' },
                { type: 'command', device: 'l', command: { power: false } },
              ],
            },
            { sink: { command: () => (sample(), { ok: true }) } },
          );
          ref.engine = s.engine;
          let at = START;
          for (const g of gaps) {
            at += g;
            s.motion(at, true);
            sample();
            s.motion(at + 1, false);
          }
          s.clock.advance(2 * 60 * MIN);
          expect(peak).toBeLessThanOrEqual(mode === 'parallel' ? max : 1);
          expect(s.engine.inProgress()).toEqual([]);
          // Every trigger is accounted for: a run (finished or cancelled) or a trace saying why not.
          expect(s.traces.length).toBe(gaps.length);
          if (mode === 'queued')
            expect(s.traces.filter((t) => t.ran && t.result === 'finished').length).toBe(s.traces.filter((t) => t.ran).length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('traces', () => {
  it('traces a trigger whose conditions failed, with what it saw', () => {
    const s = setup({
      conditions: [{ type: 'numeric', device: 'm', capability: 'illuminance', below: 30 }],
      actions: [{ type: 'command', device: 'l', command: { power: true } }],
    });
    s.motion(START + MIN, true);
    expect(s.sent).toEqual([]);
    expect(s.traces).toEqual([
      {
        automationId: 'a',
        runId: 'a#1',
        at: START + MIN,
        trigger: {
          type: 'state',
          detail: 'Hall motion detected motion',
          values: { capability: 'motion', from: false, to: true, device: 'm' },
        },
        ran: false,
        result: 'skipped',
        reason: 'did not run at 13:01: Hall motion illuminance 40 lx is not below 30 lx',
        endedAt: START + MIN,
        conditions: [{ type: 'numeric', ok: false, seen: 'Hall motion illuminance 40 lx is not below 30 lx' }],
        actions: [],
      },
    ]);
  });

  it('records each action, and a command confirmation that arrives later', async () => {
    let confirm: (o: CommandOutcome) => void = () => {};
    const s = setup(
      {
        actions: [
          { type: 'command', device: 'l', command: { power: true, brightness: 30 } },
          {
            type: 'notify',
            text: '{{trigger.device}} in {{trigger.room}}: {{trigger.value}} ({{automation}}) {{trigger.secret}}',
          },
        ],
      },
      { sink: { command: () => new Promise<CommandOutcome>((resolve) => (confirm = resolve)) } },
    );
    s.motion(START, true);
    expect(s.notes).toEqual(['Hall motion in Hall: motion (Hallway) {{trigger.secret}}']);
    expect(s.traces).toEqual([]); // the command is not confirmed yet
    confirm({ ok: false, detail: 'Hall light did not confirm within 5 s' });
    await expect.poll(() => s.traces.length).toBe(1);
    expect(s.traces[0]!.actions).toEqual([
      { type: 'command', ok: false, detail: 'Hall light → on at 30 % (Hall light did not confirm within 5 s)', at: START },
      { type: 'notify', ok: true, detail: 'Hall motion in Hall: motion (Hallway) {{trigger.secret}}', at: START },
    ]);
    expect(s.traces[0]!.result).toBe('finished');
  });

  it('never changes a trace once handed over: a cancelled run with a late confirmation, a wait, a skipped trigger', async () => {
    const confirms: ((o: CommandOutcome) => void)[] = [];
    const s = setup(
      {
        mode: 'restart',
        conditions: [{ type: 'numeric', device: 'm', capability: 'illuminance', below: 60 }],
        actions: [
          { type: 'command', device: 'l', command: { power: true } },
          { type: 'wait', trigger: { type: 'state', device: 'l', capability: 'power', to: false }, timeout: 'PT10M' },
          { type: 'command', device: 'l', command: { power: false } },
        ],
      },
      { sink: { command: () => new Promise<CommandOutcome>((resolve) => confirms.push(resolve)) } },
    );
    const handed: string[] = [];
    const look = () => s.traces.slice(handed.length).forEach((t) => handed.push(JSON.stringify(t)));
    s.motion(START, true);
    s.motion(START + MIN, false);
    s.motion(START + 2 * MIN, true); // restarts: the first run, waiting, is cancelled with its command outstanding
    confirms.shift()!({ ok: true, detail: 'confirmed' });
    confirms.shift()!({ ok: true, detail: 'confirmed' });
    await expect.poll(() => s.traces.length).toBe(1);
    look();
    s.emit({ type: 'state', at: START + 3 * MIN, device: 'm', changes: [{ field: 'illuminance', from: 40, to: 200 }] });
    s.motion(START + 4 * MIN, false);
    s.motion(START + 5 * MIN, true); // skipped: too bright
    look();
    s.emit({ type: 'state', at: START + 6 * MIN, device: 'l', changes: [{ field: 'power', from: true, to: false }] });
    for (const confirm of confirms.splice(0)) confirm({ ok: false, detail: 'late' });
    s.clock.advance(30 * MIN);
    await new Promise((r) => setImmediate(r));
    look();
    expect(s.traces.map((t) => t.result)).toEqual(['cancelled', 'skipped', 'finished']);
    expect(s.traces.map((t) => JSON.stringify(t))).toEqual(handed);
  });

  it('hands the sink a cause that names the automation and the run', () => {
    const s = setup({ respectManual: false, actions: [{ type: 'command', device: 'l', command: { power: true } }] });
    s.motion(START + 14 * MIN, true);
    expect(s.sent[0]!.cause).toMatchObject({
      automationId: 'a',
      runId: 'a#1',
      respectManual: false,
      text: "automation 'Hallway', run at 13:14 after Hall motion detected motion",
    });
  });

  it('commands a room by kind, skipping devices that lack the capability', () => {
    const s = setup({
      actions: [
        { type: 'command', room: 'kitchen', kind: 'light', command: { power: false } },
        { type: 'command', room: 'kitchen', command: { brightness: 10 } },
        { type: 'command', room: 'hall', kind: 'speaker', command: { power: false } },
      ],
    });
    s.motion(START, true);
    expect(s.sent.map((x) => [x.device, x.command])).toEqual([
      ['k1', { power: false }],
      ['k2', { power: false }],
      ['k1', { brightness: 10 }],
    ]);
    expect(s.traces[0]!.actions.map((a) => [a.ok, a.detail])).toEqual([
      [true, 'Kitchen lights → off'],
      [true, 'Kitchen devices → 10 %'],
      [false, 'Hall speakers → off: there are no such devices'],
    ]);
  });

  it('wait: goes on when the trigger fires, or after the timeout', () => {
    const s = setup({
      mode: 'restart',
      actions: [
        { type: 'command', device: 'l', command: { power: true } },
        { type: 'wait', trigger: { type: 'state', device: 'm', capability: 'motion', to: false, for: 'PT5M' }, timeout: 'PT30M' },
        { type: 'command', device: 'l', command: { power: false } },
      ],
    });
    s.motion(START, true);
    s.motion(START + MIN, false);
    s.motion(START + 3 * MIN, true); // restarts the run
    s.motion(START + 4 * MIN, false);
    s.clock.advance(60 * MIN);
    expect(s.sent.map((x) => [(x.at - START) / MIN, x.command.power])).toEqual([
      [0, true],
      [3, true],
      [9, false],
    ]);
    expect(s.traces.at(-1)!.actions[1]).toEqual({
      type: 'wait',
      ok: true,
      detail: 'waited 6 minutes for Hall motion stopped detecting motion for 5 minutes',
      at: START + 3 * MIN,
    });

    const t = setup({
      actions: [
        { type: 'wait', trigger: { type: 'room', room: 'hall', to: 'occupied' }, timeout: 'PT10M', continueOnTimeout: false },
        { type: 'notify', text: 'never' },
      ],
    });
    t.motion(START, true);
    t.clock.advance(11 * MIN);
    expect(t.notes).toEqual([]);
    expect(t.traces[0]).toMatchObject({ result: 'stopped', reason: 'gave up waiting after 10 minutes' });
  });

  it('choose takes the first branch that holds; stop ends the run', () => {
    const s = setup({
      actions: [
        {
          type: 'choose',
          when: [
            { conditions: [{ type: 'room', room: 'hall', is: 'occupied' }], actions: [{ type: 'notify', text: 'hall' }] },
            {
              conditions: [{ type: 'room', room: 'kitchen', is: 'occupied' }],
              actions: [
                { type: 'notify', text: 'kitchen' },
                { type: 'stop', reason: 'done' },
              ],
            },
          ],
          otherwise: [{ type: 'notify', text: 'nobody' }],
        },
        { type: 'notify', text: 'after' },
      ],
    });
    s.motion(START, true);
    expect(s.notes).toEqual(['kitchen']);
    expect(s.traces[0]).toMatchObject({ result: 'stopped', reason: 'done' });
    expect(s.traces[0]!.actions.map((a) => a.detail)).toEqual(['option 2', 'kitchen', 'done']);
  });

  it('a sink that throws is a failed action, not a broken engine', () => {
    const s = setup(
      {
        actions: [
          { type: 'command', device: 'l', command: { power: true } },
          { type: 'notify', text: 'still here' },
        ],
      },
      {
        sink: {
          command: () => {
            throw new Error('broker is down');
          },
        },
      },
    );
    s.motion(START, true);
    expect(s.notes).toEqual(['still here']);
    expect(s.traces[0]!.actions[0]).toMatchObject({ ok: false, detail: 'Hall light → on (broker is down)' });
  });
});

describe('loop detection', () => {
  it('stops an automation that re-triggers itself through the devices it changes, and says so', () => {
    // Two writers fighting over a light: every command this automation sends comes back a second later as the
    // opposite state (another rule, or a device that toggles), which triggers it again.
    const ref = {} as { s: ReturnType<typeof setup> };
    const s = setup(
      {
        mode: 'parallel',
        triggers: [{ type: 'state', device: 'l', capability: 'power' }],
        actions: [{ type: 'command', device: 'l', command: { power: true } }],
      },
      {
        sink: {
          command: (device) => {
            const { world, clock, emit } = ref.s;
            const from = world.devices.get(device)!.values.power ?? null;
            const at = clock.now() + 1000;
            clock.setTimeout(() => emit({ type: 'state', at, device, changes: [{ field: 'power', from, to: !from }] }), 1000);
            return { ok: true };
          },
        },
      },
    );
    ref.s = s;
    s.emit({ type: 'state', at: START, device: 'l', changes: [{ field: 'power', from: false, to: true }] });
    s.clock.advance(10 * MIN);
    const ran = s.traces.filter((t) => t.ran);
    expect(ran).toHaveLength(20);
    expect(s.engine.isStopped('a')).toBe(true);
    expect(s.diagnostics).toEqual([
      {
        automationId: 'a',
        at: START + 20_000,
        kind: 'loop',
        text: "'Hallway' ran more than 20 times within 60 s and was stopped: it may be re-triggering itself through the devices it changes. Change it, or resume it.",
      },
    ]);
    // Stopped means stopped: further changes do nothing until resumed.
    const before = s.traces.length;
    s.emit({ type: 'state', at: s.clock.now() + 1000, device: 'l', changes: [{ field: 'power', from: true, to: false }] });
    expect(s.traces.length).toBe(before);
    s.engine.resume('a');
    expect(s.engine.isStopped('a')).toBe(false);
  });

  it('does not stop a busy automation that stays under the limit', () => {
    const s = setup({ mode: 'parallel', actions: [{ type: 'notify', text: 'x' }] });
    for (let i = 0; i < 60; i++) {
      s.motion(START + i * 3500, true);
      s.motion(START + i * 3500 + 1, false);
    }
    expect(s.diagnostics).toEqual([]);
    expect(s.notes).toHaveLength(60);
  });
});

describe('lifecycle', () => {
  it('stop() cancels runs and timers; a changed definition restarts it, an unchanged one keeps running', () => {
    const s = setup({ actions: lightOnDelayOff });
    s.motion(START, true);
    const same = Automation.parse({
      id: 'a',
      name: 'Hallway',
      triggers: [{ type: 'state', device: 'm', capability: 'motion', to: true }],
      actions: lightOnDelayOff,
    });
    s.engine.setAutomations([same]);
    s.clock.advance(6 * MIN);
    expect(s.sent.map((x) => x.command.power)).toEqual([true, false]);

    s.motion(START + 10 * MIN, false);
    s.motion(START + 11 * MIN, true);
    s.engine.setAutomations([{ ...same, name: 'Renamed' }]);
    expect(s.traces.at(-1)).toMatchObject({ result: 'cancelled', reason: 'the automation was changed' });
    s.engine.stop();
    s.clock.advance(60 * MIN);
    expect(s.sent.map((x) => x.command.power)).toEqual([true, false, true]);
  });

  it('knows what the triggers on a device read, however automations come and go', () => {
    const s = setup({ actions: lightOnDelayOff });
    const on = (id: string, triggers: Automation['triggers']) =>
      Automation.parse({ id, name: id, triggers, actions: lightOnDelayOff });
    const motion = (device: string) => ({ type: 'state' as const, device, capability: 'motion' as const, to: true });
    const reads = (device: string) => {
      const interest = s.engine.interest(device);
      return interest && { capabilities: [...interest.capabilities].sort(), availability: interest.availability };
    };
    expect(reads('m')).toEqual({ capabilities: ['motion'], availability: false });
    expect(reads('l')).toBeUndefined();
    s.engine.setAutomations([
      on('a', [motion('m')]),
      on('b', [{ type: 'numeric', device: 'm', capability: 'climate.currentTemperature', below: 18 }]),
      on('c', [{ type: 'availability', device: 'l', to: 'offline' }]),
    ]);
    expect([reads('m'), reads('l')]).toEqual([
      { capabilities: ['climate', 'motion'], availability: false },
      { capabilities: [], availability: true },
    ]);
    s.engine.setAutomations([on('b', [motion('m')])]);
    expect([reads('m'), reads('l')]).toEqual([{ capabilities: ['motion'], availability: false }, undefined]);
    s.engine.setAutomations([{ ...on('b', [motion('m')]), enabled: false }]);
    expect(reads('m')).toBeUndefined();
    s.engine.setAutomations([on('b', [motion('m')])]);
    s.engine.stop();
    expect(reads('m')).toBeUndefined();
  });

  it('arms time triggers and lists what is due next', () => {
    const s = setup({
      triggers: [
        { type: 'time', at: '07:30' },
        { type: 'sun', event: 'sunset', offset: '-PT30M' },
      ],
      actions: [{ type: 'notify', text: 'tick' }],
    });
    const next = s.engine.upcoming().map((u) => [u.trigger?.type, new Date(u.at).toISOString()]);
    expect(next[0]![0]).toBe('sun');
    expect(next[1]).toEqual(['time', '2026-01-06T06:30:00.000Z']);
    s.clock.advance(24 * 60 * MIN);
    expect(s.notes).toEqual(['tick', 'tick']);
  });

  it('lists sleeping runs and pending holds as what happens next', () => {
    const s = setup({
      actions: [
        { type: 'command', device: 'l', command: { power: true } },
        { type: 'delay', for: 'PT2M' },
        { type: 'wait', trigger: { type: 'state', device: 'm', capability: 'motion', to: false, for: 'PT5M' } },
        { type: 'command', device: 'l', command: { power: false } },
      ],
    });
    s.motion(START, true);
    expect(s.engine.upcoming()).toEqual([{ automationId: 'a', runId: 'a#1', kind: 'delay', at: START + 2 * MIN }]);
    s.motion(START + 3 * MIN, false);
    expect(s.engine.upcoming()).toMatchObject([{ automationId: 'a', runId: 'a#1', kind: 'wait', at: START + 8 * MIN }]);
    s.clock.advance(10 * MIN);
    expect(s.engine.upcoming()).toEqual([]);
    expect(s.sent.map((x) => [(x.at - START) / MIN, x.command.power])).toEqual([
      [0, true],
      [8, false],
    ]);
  });

  it('runNow skips the conditions but keeps the mode', () => {
    const s = setup({ conditions: [{ type: 'room', room: 'hall', is: 'occupied' }], actions: lightOnDelayOff });
    expect(s.engine.runNow('a')).toBe(true);
    expect(s.engine.runNow('a')).toBe(true);
    expect(s.traces.map((t) => [t.trigger.detail, t.result])).toEqual([['a run by hand', 'dropped']]);
    expect(s.engine.runNow('nope')).toBe(false);
  });
});
