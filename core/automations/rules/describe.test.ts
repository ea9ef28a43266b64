import { describe, expect, it } from 'vitest';
import { Automation, AutomationDraft } from '../../model';
import { describeAutomation, type Names } from './describe';
import { GALLERY, doorLeftOpen, goodNight, leavingHome, motionLight, temperatureAlert, wakeUpLight } from './gallery';

const names: Names = {
  devices: new Map([
    ['m', { name: 'Hall motion' }],
    ['l', { name: 'Hall light' }],
    ['d', { name: 'Front door' }],
    ['t', { name: 'Porch' }],
    ['trv', { name: 'Living TRV' }],
  ]),
  rooms: new Map([
    ['kitchen', { name: 'Kitchen' }],
    ['living', { name: 'Living room' }],
  ]),
  people: new Map([['alice', { name: 'Alice' }]]),
  scenes: new Map([['night', { name: 'Good night' }]]),
};

describe('the sentence preview', () => {
  it('reads the issue example as the issue words it', () => {
    const a = Automation.parse({
      id: 'x',
      name: 'Hallway at night',
      mode: 'restart',
      triggers: [{ type: 'state', device: 'm', capability: 'motion', to: true }],
      conditions: [{ type: 'sun', after: 'sunset' }],
      actions: [
        { type: 'command', device: 'l', command: { power: true, brightness: 30 } },
        { type: 'wait', trigger: { type: 'state', device: 'm', capability: 'motion', to: false, for: 'PT5M' } },
        { type: 'command', device: 'l', command: { power: false } },
      ],
    });
    expect(describeAutomation(a, names)).toBe(
      'When Hall motion detects motion, and it is after sunset, turn on Hall light at 30 % and turn it off 5 minutes after the motion stops',
    );
  });

  it.each([
    [
      {
        triggers: [{ type: 'state', device: 'd', capability: 'contact', to: false, for: 'PT10M' }],
        actions: [{ type: 'notify', text: 'Door open' }],
      },
      'When Front door has been open for 10 minutes, notify “Door open”',
    ],
    [
      {
        triggers: [
          { type: 'time', at: '07:00', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
          { type: 'sun', event: 'sunrise', offset: '-PT30M' },
        ],
        conditions: [{ type: 'person', person: 'alice' }],
        actions: [
          { type: 'command', room: 'kitchen', kind: 'light', command: { power: true, brightness: 80, colorTemperature: 4000 } },
        ],
      },
      'When it is 07:00 on weekdays or it is 30 minutes before sunrise, and Alice is home, turn on all lights in Kitchen at 80 % 4000 K',
    ],
    [
      {
        triggers: [{ type: 'person', event: 'leaves' }],
        conditions: [{ type: 'person', present: false }],
        actions: [
          { type: 'command', scene: 'night' },
          { type: 'command', device: 'trv', command: { climate: { targetTemperature: 17 } } },
        ],
      },
      'When anyone leaves home, and nobody is home, apply the scene Good night and set Living TRV to 17 °C',
    ],
    [
      {
        triggers: [{ type: 'numeric', device: 't', capability: 'temperature', below: 5, for: 'PT10M' }],
        conditions: [{ type: 'time', after: '22:00', before: '06:00' }],
        actions: [
          {
            type: 'choose',
            when: [
              { conditions: [{ type: 'room', room: 'living', is: 'occupied' }], actions: [{ type: 'notify', text: 'Cold' }] },
            ],
            otherwise: [{ type: 'stop' }],
          },
        ],
      },
      'When Porch temperature has been below 5 °C for 10 minutes, and it is between 22:00 and 06:00, if Living room is occupied, notify “Cold”; otherwise stop',
    ],
  ])('%#: %s', (partial, sentence) => {
    expect(describeAutomation(AutomationDraft.parse({ name: 'x', ...partial }), names)).toBe(sentence);
  });

  it('reads an unfinished draft as far as it goes', () => {
    expect(describeAutomation({ triggers: [], conditions: [], actions: [] }, names)).toBe(
      'When nothing has been chosen to start it, do nothing yet',
    );
  });
});

describe('the gallery', () => {
  it('builds valid automations from chosen devices and rooms', () => {
    const built = [
      motionLight({ motion: 'm', light: 'l' }),
      motionLight({ motion: 'm', light: 'l', dark: { illuminanceSensor: 'm', below: 60 }, offAfter: 'PT2M', brightness: 50 }),
      goodNight({ rooms: ['kitchen', 'living'], thermostats: ['trv'] }),
      goodNight({ rooms: ['living'], button: { device: 'b', event: 'double' } }),
      leavingHome({ rooms: ['kitchen'], thermostats: ['trv'] }),
      wakeUpLight({ light: 'l' }),
      doorLeftOpen({ door: 'd', minutes: 15 }),
      temperatureAlert({ sensor: 't' }),
    ];
    for (const [i, draft] of built.entries())
      expect(Automation.safeParse({ ...draft, id: `g${i}` }).error?.issues ?? []).toEqual([]);
    expect(GALLERY.map((g) => g.id)).toEqual([
      'motion-light',
      'good-night',
      'leaving-home',
      'wake-up-light',
      'door-left-open',
      'temperature-alert',
    ]);
    expect(describeAutomation(built[0]!, names)).toBe(
      'When Hall motion detects motion, and it is after sunset, turn on Hall light at 30 % and turn it off 5 minutes after the motion stops',
    );
    expect(describeAutomation(built[2]!, names)).toBe(
      'When it is 23:00, turn off everything in Kitchen, turn off everything in Living room and set Living TRV to 17 °C',
    );
    expect(describeAutomation(built[6]!, names)).toBe(
      'When Front door has been open for 15 minutes, notify “{{trigger.device}} in {{trigger.room}} has been open for 15 minutes”',
    );
  });
});
