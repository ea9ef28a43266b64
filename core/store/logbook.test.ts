import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { LogbookRecorder } from './logbook';
import { describeCommandChange, describeDeviceChange } from './logbook-messages';
import { openStore } from './store';
import { tempDataDir } from './test-support';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const lamp = (power: boolean | null, extra: Partial<Device> = {}): Device => ({
  id: 'mqtt:lamp',
  name: 'Living room lamp',
  kind: 'light',
  integration: 'mqtt',
  availability: 'online',
  roomId: 'living-room',
  capabilities: { power: { value: power, writable: true }, brightness: { value: 50, writable: true } },
  ...extra,
});

describe('describeDeviceChange', () => {
  const sensor = (caps: Device['capabilities'], availability: Device['availability'] = 'online'): Device => ({
    id: 's',
    name: 'Hallway sensor',
    kind: 'sensor',
    integration: 'mqtt',
    availability,
    capabilities: caps,
  });
  it.each([
    [lamp(false), lamp(true), ['Living room lamp turned on']],
    [lamp(null), lamp(true), []],
    [
      lamp(true),
      { ...lamp(true), capabilities: { ...lamp(true).capabilities, brightness: { value: 40, writable: true } } },
      ['Living room lamp brightness set to 40%'],
    ],
    [
      sensor({ motion: { value: false, writable: false } }),
      sensor({ motion: { value: true, writable: false } }),
      ['Hallway sensor motion detected'],
    ],
    [
      sensor({ contact: { value: true, writable: false } }),
      sensor({ contact: { value: false, writable: false } }),
      ['Hallway sensor opened'],
    ],
    [
      sensor({ occupancy: { value: true, writable: false } }),
      sensor({ occupancy: { value: false, writable: false } }),
      ['Hallway sensor no longer detects anyone'],
    ],
    [sensor({ temperature: { value: 20, writable: false } }), sensor({ temperature: { value: 21, writable: false } }), []],
    [
      sensor({}, 'online'),
      { ...sensor({}, 'offline'), availabilityReason: 'no message for 10 min' },
      ['Hallway sensor went offline (no message for 10 min)'],
    ],
    [sensor({}, 'offline'), sensor({}, 'online'), ['Hallway sensor is back online']],
    [sensor({}, 'unknown'), sensor({}, 'online'), []],
  ] as [Device, Device, string[]][])('%#', (before, after, messages) => {
    expect(describeDeviceChange(before, after).map((c) => c.message)).toEqual(messages);
  });

  it('describes thermostat changes', () => {
    const trv = (mode: 'heat' | 'off', target: number): Device => ({
      ...lamp(null),
      name: 'Office TRV',
      capabilities: {
        climate: {
          value: { mode, targetTemperature: target, currentTemperature: 19, action: 'idle', preset: null },
          writable: true,
        },
      },
    });
    expect(describeDeviceChange(trv('heat', 20), trv('heat', 21.5)).map((c) => c.message)).toEqual([
      'Office TRV target set to 21.5 °C',
    ]);
    expect(describeDeviceChange(trv('heat', 20), trv('off', 20)).map((c) => c.message)).toEqual(['Office TRV turned off']);
  });
});

describe('logbook', () => {
  function setup() {
    const dir = tempDataDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 8));
    const seen: string[] = [];
    const store = openStore({ dataDir: dir.dir, clock, logger: silentLogger, onLogbookEntry: (e) => seen.push(e.message) });
    cleanup.push(
      () => store.close(),
      () => dir.remove(),
    );
    return { clock, store, seen, recorder: new LogbookRecorder(store.logbook, clock) };
  }

  it('attributes a change to the user command that caused it, and others to the device', () => {
    const { clock, store, recorder, seen } = setup();
    recorder.onDeviceChanged(lamp(false));
    const command = { commandId: '1', deviceId: 'mqtt:lamp', command: { power: true }, attempts: 1, at: clock.now() };
    recorder.onCommandUpdate({ ...command, status: 'pending', source: { kind: 'user', client: 'desktop' } });
    clock.advance(100);
    recorder.onDeviceChanged(lamp(true));
    recorder.onCommandUpdate({ ...command, status: 'confirmed', source: { kind: 'user', client: 'desktop' } });
    clock.advance(60_000);
    recorder.onDeviceChanged(lamp(false)); // someone used the wall switch
    expect(seen).toEqual(['Living room lamp turned on', 'Living room lamp turned off']);

    const entries = store.logbook.query();
    expect(entries.map((e) => [e.message, e.cause, e.roomId])).toEqual([
      ['Living room lamp turned off', { kind: 'device' }, 'living-room'],
      ['Living room lamp turned on', { kind: 'user', client: 'desktop' }, 'living-room'],
    ]);
  });

  it('a browser command is one entry with every attribute it set; its echo and an automation’s echo are not entries', () => {
    const { clock, store, recorder } = setup();
    recorder.onDeviceChanged(lamp(false));
    const browser = { commandId: '1', deviceId: 'mqtt:lamp', command: { power: true, brightness: 30 }, attempts: 1, at: 0 };
    recorder.onCommandUpdate({ ...browser, status: 'pending', source: { kind: 'user', client: 'browser' } });
    recorder.onDeviceChanged({
      ...lamp(true),
      capabilities: { ...lamp(true).capabilities, brightness: { value: 30, writable: true } },
    });
    recorder.onCommandUpdate({ ...browser, status: 'confirmed', source: { kind: 'user', client: 'browser' } });
    clock.advance(60_000);
    const room = { commandId: '2', deviceId: 'mqtt:lamp', command: { brightness: 60 }, attempts: 1, at: 0 };
    recorder.onCommandUpdate({ ...room, status: 'pending', source: { kind: 'automation', rule: 'Living room: occupancy' } });
    recorder.onDeviceChanged({
      ...lamp(true),
      capabilities: { ...lamp(true).capabilities, brightness: { value: 60, writable: true } },
    });
    recorder.onCommandUpdate({ ...room, status: 'confirmed', source: { kind: 'automation', rule: 'Living room: occupancy' } });
    const failed = { commandId: '3', deviceId: 'mqtt:lamp', command: { power: false }, attempts: 3, at: 0 };
    recorder.onCommandUpdate({ ...failed, status: 'pending', source: { kind: 'user', client: 'api' } });
    recorder.onCommandUpdate({ ...failed, status: 'failed', reason: 'timeout', source: { kind: 'user', client: 'api' } });
    expect(store.logbook.query().map((e) => [e.message, e.cause])).toEqual([
      ['Living room lamp did not respond (timeout): turned off', { kind: 'user', client: 'api' }],
      ['Living room lamp turned on at 30 %', { kind: 'user', client: 'browser' }],
    ]);
  });

  it('a thermostat that reports a command’s mode and target in separate messages echoes it, and is not the cause', () => {
    const { clock, store, recorder } = setup();
    const trv = (mode: 'heat' | 'off', target: number): Device => ({
      ...lamp(null),
      id: 'mqtt:trv',
      name: 'Bathroom radiator',
      capabilities: {
        climate: {
          value: { mode, targetTemperature: target, currentTemperature: 19, action: 'idle', preset: null },
          writable: true,
        },
      },
    });
    recorder.onDeviceChanged(trv('off', 17));
    const comfort = {
      commandId: '1',
      deviceId: 'mqtt:trv',
      command: { climate: { mode: 'heat' as const, targetTemperature: 21 } },
    };
    const source = { kind: 'automation' as const, rule: 'Bathroom (occupancy)' };
    recorder.onCommandUpdate({ ...comfort, attempts: 1, at: clock.now(), status: 'pending', source });
    // zigbee2mqtt-style climate: the mode and the setpoint are separate /set topics, each answered with a state.
    recorder.onDeviceChanged(trv('heat', 17));
    recorder.onDeviceChanged(trv('heat', 21));
    recorder.onCommandUpdate({ ...comfort, attempts: 1, at: clock.now(), status: 'confirmed', source });
    clock.advance(60_000);
    recorder.onDeviceChanged(trv('heat', 23)); // turned up at the valve
    expect(store.logbook.query().map((e) => [e.message, e.cause])).toEqual([
      ['Bathroom radiator target set to 23.0 °C', { kind: 'device' }],
    ]);
  });

  it.each([
    [{ power: true, brightness: 30, colorTemperature: 2700 }, 'Lamp turned on at 30 %, 2700 K'],
    [{ brightness: 30 }, 'Lamp set to 30 %'],
    [{ power: false }, 'Lamp turned off'],
    [{ climate: { targetTemperature: 21, mode: 'heat' as const } }, 'Lamp set to 21.0 °C, heat'],
    [{ media: { action: 'pause' as const } }, 'Lamp paused'],
  ])('describeCommandChange(%j)', (command, message) => {
    expect(describeCommandChange('Lamp', command)).toBe(message);
  });

  it('filters by time, device and room', () => {
    const { clock, store } = setup();
    const t = clock.now();
    store.logbook.append({ deviceId: 'a', roomId: 'hall', message: 'A', cause: { kind: 'device' } });
    clock.advance(1000);
    store.logbook.append({ deviceId: 'b', message: 'B', cause: { kind: 'automation', rule: 'Evening' } });
    clock.advance(1000);
    store.logbook.append({ deviceId: 'a', message: 'A2', cause: { kind: 'user', client: 'api' } });
    expect(store.logbook.query({ deviceId: 'a' }).map((e) => e.message)).toEqual(['A2', 'A']);
    expect(store.logbook.query({ roomId: 'hall' }).map((e) => e.message)).toEqual(['A']);
    expect(store.logbook.query({ from: t + 500, to: t + 1500 }).map((e) => e.message)).toEqual(['B']);
    expect(store.logbook.query({ limit: 1 }).map((e) => e.message)).toEqual(['A2']);
  });
});
