import { describe, expect, it, vi } from 'vitest';
import { Arbiter, arbitrate, describeCommand, type Proposal } from './arbiter';

const p = (writer: Proposal['writer'], command: Proposal['command'], holds?: Proposal['holds']): Proposal => ({
  writer,
  command,
  holds,
  text: `${writer} wants`,
  facts: [],
});

describe('arbiter', () => {
  it.each([
    [
      'safety beats manual',
      [p('manual', null, ['climate']), p('safety', { climate: { targetTemperature: 7 } })],
      { climate: { targetTemperature: 7 } },
      'safety',
    ],
    ['manual holds beat occupancy', [p('occupancy', { brightness: 60 }), p('manual', null, ['brightness'])], null, 'manual'],
    ['manual holds beat an automation', [p('rule', { brightness: 30 }), p('manual', null, ['brightness'])], null, 'manual'],
    [
      "an automation beats the room's occupancy writer",
      [p('occupancy', { power: true, brightness: 60 }), p('rule', { power: true, brightness: 30 })],
      { power: true, brightness: 30 },
      'rule',
    ],
    [
      "an automation's hold keeps what it wrote from the room's slow follow",
      [p('circadian', { brightness: 45, colorTemperature: 2700 }), p('rule', null, ['brightness'])],
      { colorTemperature: 2700 },
      'circadian',
    ],
    [
      'occupancy beats schedule',
      [p('schedule', { climate: { targetTemperature: 16 } }), p('occupancy', { climate: { targetTemperature: 21 } })],
      { climate: { targetTemperature: 21 } },
      'occupancy',
    ],
    [
      'circadian loses to everything',
      [p('circadian', { brightness: 50 }), p('schedule', { brightness: 70 })],
      { brightness: 70 },
      'schedule',
    ],
    [
      'per attribute: a brightness hold lets colour through, and the writer of what is sent explains it',
      [p('manual', null, ['brightness']), p('circadian', { brightness: 50, colorTemperature: 3000 })],
      { colorTemperature: 3000 },
      'circadian',
    ],
    [
      'off for vacancy is explained by occupancy, not by a colour held by hand',
      [p('manual', null, ['colorTemperature', 'color']), p('occupancy', { power: false })],
      { power: false },
      'occupancy',
    ],
    [
      'a hold alone explains "kept as it is"',
      [p('manual', null, ['brightness']), p('circadian', { brightness: 50 })],
      null,
      'manual',
    ],
  ])('%s', (_n, proposals, command, writer) => {
    const result = arbitrate(proposals);
    expect(result.command).toEqual(command);
    expect(result.winner?.writer).toBe(writer);
  });

  it('records who won and why, with the overruled writers; sends through the registry with its source', () => {
    const send = vi.fn(async () => undefined);
    const arbiter = new Arbiter({ now: () => 1000, send });
    const decision = arbiter.decide('office', 'Office', 'l1', 'Office lights', [
      {
        writer: 'occupancy',
        command: { power: true, brightness: 40, colorTemperature: 2700 },
        text: 'evening preference of Alice',
        facts: ['occupied since 19:02 by Office motion'],
      },
      p('circadian', { brightness: 45 }),
    ]);
    expect(decision?.text).toBe(
      'Office lights → 40 % 2700 K: evening preference of Alice; occupied since 19:02 by Office motion',
    );
    expect(decision?.overruled).toEqual([{ writer: 'circadian', text: 'circadian wants' }]);
    expect(send).toHaveBeenCalledWith(
      'l1',
      { power: true, brightness: 40, colorTemperature: 2700 },
      { kind: 'automation', rule: 'Office: occupancy' },
      {},
    );
    expect(arbiter.why('l1')).toBe(decision);
  });

  it('does not resend a command already on its way, nor repeat the same hold', () => {
    const send = vi.fn(() => new Promise<void>(() => {}));
    const arbiter = new Arbiter({ now: () => 0, send });
    const on = [p('occupancy', { power: true })];
    arbiter.decide('r', 'R', 'l', 'L', on);
    expect(arbiter.decide('r', 'R', 'l', 'L', on)).toBeUndefined();
    expect(send).toHaveBeenCalledTimes(1);
    const hold = [p('manual', null, ['power'])];
    expect(arbiter.decide('r', 'R', 'm', 'M', hold)).toBeDefined();
    expect(arbiter.decide('r', 'R', 'm', 'M', hold)).toBeUndefined();
  });

  it("names an automation's run in the decision and as the command's source", async () => {
    const send = vi.fn(async () => undefined);
    const arbiter = new Arbiter({ now: () => 5, send });
    const automation = { id: 'hall', name: 'Hallway at night', runId: 'hall#1' };
    const { decision, sent } = arbiter.decideAndSend('hall', 'Hall', 'l', 'Hall light', [
      {
        writer: 'rule',
        command: { power: true, brightness: 30 },
        text: "automation 'Hallway at night', run at 22:14",
        facts: [],
        automation,
      },
      p('occupancy', { power: true, brightness: 60 }),
    ]);
    expect(decision).toMatchObject({
      writer: 'rule',
      automation,
      text: "Hall light → on 30 %: automation 'Hallway at night', run at 22:14",
    });
    expect(send).toHaveBeenCalledWith('l', { power: true, brightness: 30 }, { kind: 'automation', rule: 'Hallway at night' }, {});
    await expect(sent).resolves.toBeUndefined();
  });

  it('describes commands in words', () => {
    expect(describeCommand({ power: true, brightness: 30 })).toBe('30 %');
    expect(describeCommand({ power: true, brightness: 30 }, undefined, true)).toBe('on 30 %');
    expect(describeCommand({ media: { volume: 20 } })).toBe('volume 20 %');
    expect(describeCommand({ power: false })).toBe('off');
    expect(describeCommand({ climate: { targetTemperature: 21 } })).toBe('21 °C');
    expect(describeCommand(null)).toBe('kept as it is');
  });
});
