import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_FIELDS, type Device } from '../../model';
import { deviceEvents, deviceView, reportEvents, type DeviceInterest, type RuleEvent } from './world';

const NAMES = ['power', 'brightness', 'motion', 'temperature', 'climate', 'media'] as const;

const state = (name: (typeof NAMES)[number]) => {
  switch (name) {
    case 'power':
    case 'motion':
      return fc.boolean();
    case 'brightness':
    case 'temperature':
      return fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null));
    case 'climate':
      return fc.record(
        { mode: fc.constantFrom('heat', 'off'), targetTemperature: fc.integer({ min: 19, max: 21 }) },
        { requiredKeys: [] },
      );
    case 'media':
      return fc.oneof(
        fc.record({ state: fc.constantFrom('playing', 'paused'), volume: fc.integer({ min: 0, max: 2 }) }),
        fc.constant(null),
      );
  }
};

/** Capability states as the registry keeps them: some present, each a value or absent. */
const capabilities = fc.record(Object.fromEntries(NAMES.map((n) => [n, state(n).map((value) => ({ value, writable: false }))])), {
  requiredKeys: [],
}) as fc.Arbitrary<Record<string, { value: unknown; writable: boolean }>>;

const device = (caps: Record<string, unknown>, availability: Device['availability']): Device =>
  ({ id: 'd', name: 'Device', kind: 'sensor', integration: 'mqtt', availability, capabilities: caps }) as Device;

describe('reportEvents', () => {
  it('gives the events deviceEvents gives for the two views, limited to what the triggers read', () => {
    fc.assert(
      fc.property(
        capabilities,
        capabilities,
        fc.subarray([...NAMES]),
        fc.subarray([...NAMES]),
        fc.boolean(),
        fc.constantFrom('online', 'offline'),
        fc.constantFrom('online', 'offline'),
        (was, reported, kept, read, readsAvailability, from, to) => {
          // The registry keeps the state object of a capability a report did not change.
          const now = { ...reported };
          for (const name of kept) if (was[name]) now[name] = was[name];
          const before = device(was, from);
          const after = device(now, to);
          const interest: DeviceInterest = { capabilities: new Set(read), availability: readsAvailability };
          const reads = (field: string) => interest.capabilities.has(field.split('.')[0]!);
          const expected = deviceEvents(deviceView(before), deviceView(after), 5).flatMap((e): RuleEvent[] => {
            if (e.type === 'state') {
              const changes = e.changes.filter((c) => reads(c.field));
              return changes.length > 0 ? [{ ...e, changes }] : [];
            }
            return e.type === 'availability' && !readsAvailability ? [] : [e];
          });
          expect(reportEvents(before, after, interest, 5)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads sub-fields: a thermostat whose mode changed, and one that stopped reporting its target', () => {
    const interest = { capabilities: new Set(['climate']), availability: false };
    const before = device({ climate: { value: { mode: 'heat', targetTemperature: 21 }, writable: true } }, 'online');
    const after = device({ climate: { value: { mode: 'off' }, writable: true } }, 'online');
    expect(reportEvents(before, after, interest, 7)).toEqual([
      {
        type: 'state',
        at: 7,
        device: 'd',
        changes: [
          { field: 'climate.mode', from: 'heat', to: 'off' },
          { field: 'climate.targetTemperature', from: 21, to: null },
        ],
      },
    ]);
    expect(STATE_FIELDS.indexOf('climate.mode')).toBeLessThan(STATE_FIELDS.indexOf('climate.targetTemperature'));
  });

  it('makes nothing of a report that changed only what no trigger reads', () => {
    const interest = { capabilities: new Set(['motion']), availability: false };
    const motion = { value: true, writable: false };
    const before = device({ motion, temperature: { value: 20, writable: false } }, 'online');
    const after = device({ motion, temperature: { value: 21, writable: false } }, 'offline');
    expect(reportEvents(before, after, interest, 1)).toEqual([]);
  });
});
