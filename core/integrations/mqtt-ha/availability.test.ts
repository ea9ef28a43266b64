import { describe, expect, it } from 'vitest';
import { combineEntities, combineSources, sourceState, type SourceState } from './availability';
import type { AvailabilitySpec } from './config';

const bridge = {
  topic: 'zigbee2mqtt/bridge/state',
  payloadAvailable: 'online',
  payloadNotAvailable: 'offline',
  template: '{{ value_json.state }}',
};
const device = { ...bridge, topic: 'zigbee2mqtt/weather_sensor/availability' };
const tasmota = { topic: 'tele/tasmota_49A3BC/LWT', payloadAvailable: 'Online', payloadNotAvailable: 'Offline' };

describe('availability', () => {
  it.each([
    [bridge, '{"state":"online"}', 'online'], // z2m bridge-state-online.txt
    [bridge, '{"state":"offline"}', 'offline'], // z2m bridge-state-offline-lwt.txt
    [bridge, 'online', undefined], // legacy plain payload does not match the JSON template
    [{ ...bridge, template: undefined }, 'online', 'online'], // z2m 1.14 legacy availability_topic
    [tasmota, 'Online', 'online'], // tasmota tele-lwt-online.txt
    [tasmota, 'Offline', 'offline'],
  ] as const)('%o + %s → %s', (source, payload, expected) => {
    expect(sourceState(source, payload)).toBe(expected);
  });

  const states = (entries: [string, SourceState][]) => new Map(entries);
  const spec = (mode: AvailabilitySpec['mode']): AvailabilitySpec => ({ mode, sources: [bridge, device] });
  it.each([
    [
      'all',
      [
        [bridge.topic, 'online'],
        [device.topic, 'online'],
      ],
      'online',
    ],
    ['all', [[bridge.topic, 'online']], 'unknown'],
    [
      'all',
      [
        [bridge.topic, 'online'],
        [device.topic, 'offline'],
      ],
      'offline',
    ],
    [
      'any',
      [
        [bridge.topic, 'offline'],
        [device.topic, 'online'],
      ],
      'online',
    ],
    ['any', [[bridge.topic, 'offline']], 'offline'],
    ['any', [], 'unknown'],
  ] as const)('mode %s with %j → %s', (mode, entries, expected) => {
    expect(combineSources(spec(mode), states(entries as unknown as [string, SourceState][]), undefined)).toBe(expected);
  });
  it('mode latest follows the last message', () => {
    expect(combineSources(spec('latest'), states([[bridge.topic, 'online']]), 'offline')).toBe('offline');
    expect(combineSources(spec('latest'), states([]), undefined)).toBe('unknown');
  });
  it('a device is online when any entity is', () => {
    expect(combineEntities(['offline', 'online'])).toBe('online');
    expect(combineEntities(['offline', 'unknown'])).toBe('offline');
    expect(combineEntities([])).toBe('unknown');
  });
});
