import { describe, expect, it } from 'vitest';
import { Automation, Condition, Scene, Trigger, cronProblem, durationMs } from './automation';

const hallway = {
  id: 'a1',
  name: 'Hallway at night',
  mode: 'restart',
  triggers: [{ type: 'state', device: 'mqtt:motion', capability: 'motion', to: true }],
  conditions: [{ type: 'sun', after: 'sunset' }],
  actions: [
    { type: 'command', device: 'mqtt:light', command: { power: true, brightness: 30 } },
    { type: 'wait', trigger: { type: 'state', device: 'mqtt:motion', capability: 'motion', to: false, for: 'PT5M' } },
    { type: 'command', device: 'mqtt:light', command: { power: false } },
  ],
};

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('Automation', () => {
  it('accepts the issue example and fills the defaults', () => {
    const a = Automation.parse(hallway);
    expect(a).toMatchObject({ enabled: true, mode: 'restart', max: 10, respectManual: true });
    expect(a.actions[1]).toEqual({ type: 'wait', trigger: hallway.actions[1]!.trigger, continueOnTimeout: true });
  });

  it.each([
    [{ ...hallway, name: '' }, 'name: give it a name'],
    [{ ...hallway, name: 'x'.repeat(201) }, 'name:'],
    [{ ...hallway, triggers: [] }, 'triggers: add a trigger'],
    [{ ...hallway, mode: 'sometimes' }, 'mode: mode must be single, restart, queued or parallel'],
    [{ ...hallway, triggers: Array(51).fill(hallway.triggers[0]) }, 'triggers:'],
    [{ ...hallway, extra: 1 }, ''],
    [
      { ...hallway, triggers: [{ type: 'state', device: 'd', capability: 'motion', to: 'yes' }] },
      'triggers.0.to: motion is a boolean, not "yes"',
    ],
    [{ ...hallway, triggers: [{ type: 'state', device: 'd', capability: 'smell' }] }, 'triggers.0.capability: must be one of'],
    [
      { ...hallway, triggers: [{ type: 'numeric', device: 'd', capability: 'temperature' }] },
      'triggers.0.above: give above, below or both',
    ],
    [
      { ...hallway, triggers: [{ type: 'numeric', device: 'd', capability: 'power', below: 1 }] },
      'triggers.0.capability: must be a numeric capability',
    ],
    [{ ...hallway, triggers: [{ type: 'cron', cron: '0 0 30 2 *' }] }, 'triggers.0.cron: "0 0 30 2 *" never fires'],
    [{ ...hallway, triggers: [{ type: 'cron', cron: 'every day' }] }, 'triggers.0.cron: "every day" is not a cron expression'],
    [{ ...hallway, triggers: [{ type: 'time', at: '25:00' }] }, 'triggers.0.at: must be a time such as 07:30'],
    [
      { ...hallway, triggers: [{ type: 'room', room: 'r', to: 'occupied', for: 'five minutes' }] },
      'triggers.0.for: must be seconds or an ISO 8601 duration',
    ],
    [
      { ...hallway, triggers: [{ type: 'room', room: 'r', to: 'occupied', for: '-PT5M' }] },
      'triggers.0.for: must not be negative',
    ],
    [{ ...hallway, triggers: [{ type: 'teleport' }] }, 'triggers.0.type: type must be one of state'],
    [
      { ...hallway, actions: [{ type: 'command', command: { power: true } }] },
      'actions.0.device: give exactly one of device, room or scene',
    ],
    [{ ...hallway, actions: [{ type: 'command', device: 'd' }] }, 'actions.0.command: say what to set'],
    [
      { ...hallway, actions: [{ type: 'command', device: 'd', kind: 'light', command: { power: true } }] },
      'actions.0.kind: kind and capability filter',
    ],
    [{ ...hallway, actions: [{ type: 'command', device: 'd', command: { brightness: 130 } }] }, 'actions.0.command.brightness:'],
  ])('rejects %# with a message naming the field', (input, message) => {
    const result = Automation.safeParse(input);
    expect(result.success).toBe(false);
    expect(messages(result).join('\n')).toContain(message);
  });

  it('bounds the nesting of condition groups and choose branches', () => {
    let c: unknown = { type: 'room', room: 'r', is: 'occupied' };
    for (let i = 0; i < 5; i++) c = { type: 'not', conditions: [c] };
    expect(Condition.safeParse(c).success).toBe(true);
    const deeper = { type: 'and', conditions: [c] };
    const result = Condition.safeParse(deeper);
    expect(messages(result).join()).toContain('conditions nest at most 5 levels deep');

    let a: unknown = { type: 'stop' };
    for (let i = 0; i < 6; i++) a = { type: 'choose', when: [{ conditions: [], actions: [a] }] };
    const r = Automation.safeParse({ ...hallway, actions: [a] });
    expect(messages(r).join()).toContain('choose actions nest at most 5 levels deep');
  });

  it('reads durations as ISO 8601 or seconds', () => {
    expect(durationMs('PT5M')).toBe(300_000);
    expect(durationMs('P1DT2H30M15.5S')).toBe(95_415_500);
    expect(durationMs('-PT30M')).toBe(-1_800_000);
    expect(durationMs(90)).toBe(90_000);
    for (const bad of ['P', 'PT', '5M', 'PT5X', '']) expect(durationMs(bad)).toBeNull();
  });

  it('tells a cron that never fires from one that does', () => {
    expect(cronProblem('0 7 * * 1-5')).toBeNull();
    expect(cronProblem('0 0 29 2 *')).toBeNull();
    expect(cronProblem('0 0 31 4 *')).toBe('never fires (no date matches it)');
  });

  it('takes every trigger type in the one JSON form', () => {
    const all = [
      { type: 'state', device: 'd', capability: 'climate.mode', to: 'heat', for: 60 },
      { type: 'numeric', device: 'd', capability: 'illuminance', below: 60, for: 'PT1M' },
      { type: 'time', at: '07:30', weekdays: ['mon', 'fri'] },
      { type: 'cron', cron: '*/15 * * * *' },
      { type: 'sun', event: 'sunset', offset: '-PT30M' },
      { type: 'room', room: 'r', to: 'vacant', for: 'PT10M' },
      { type: 'person', person: 'p', room: 'r', event: 'arrives' },
      { type: 'availability', device: 'd', to: 'offline', for: 'PT5M' },
      { type: 'hubStarted' },
      { type: 'event', device: 'd', event: 'double' },
    ];
    for (const t of all) expect(Trigger.safeParse(t).error?.issues ?? []).toEqual([]);
    expect(Trigger.safeParse({ type: 'availability', device: 'd', to: 'unknown' }).success).toBe(false);
  });
});

describe('Scene', () => {
  it('needs states and no device twice', () => {
    expect(
      Scene.safeParse({ id: 's', name: 'Good night', states: [{ device: 'a', command: { power: false } }], transitionS: 2 })
        .success,
    ).toBe(true);
    const twice = Scene.safeParse({
      id: 's',
      name: 'x',
      states: [
        { device: 'a', command: { power: false } },
        { device: 'a', command: { power: true } },
      ],
    });
    expect(messages(twice).join()).toContain('device a appears twice (also states[0])');
    expect(messages(Scene.safeParse({ id: 's', name: 'x', states: [] })).join()).toContain('a scene needs at least one device');
  });
});
