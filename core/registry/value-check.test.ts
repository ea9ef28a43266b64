import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_NAMES, CapabilityValues, type CapabilityName } from '../model';
import { CapabilityValueCheck } from './value-check';

describe('CapabilityValueCheck', () => {
  it('gives zod’s verdict for any sequence of values, repeats included', () => {
    const value = fc.oneof(
      fc.constantFrom(null, true, false, 0, -0, 50, 100, 101, -1, 2700, Number.NaN, Infinity, 'on', undefined),
      fc.double(),
      fc.record({ hue: fc.double(), saturation: fc.double() }),
      fc.record({ mode: fc.constantFrom('heat', 'off', 'nope'), targetTemperature: fc.double() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...CAPABILITY_NAMES), value), { maxLength: 30 }), (reports) => {
        const check = new CapabilityValueCheck();
        for (const [name, v] of reports) {
          const expected = CapabilityValues[name].safeParse(v);
          const got = check.check(name, v);
          expect(got.success).toBe(expected.success);
          if (got.success && expected.success) expect(got.data).toStrictEqual(expected.data);
        }
      }),
    );
  });

  it('stays right past the number of values it remembers', () => {
    const check = new CapabilityValueCheck();
    for (let round = 0; round < 2; round++)
      for (let v = -50; v < 400; v++) {
        const got = check.check('brightness', v);
        expect(got.success).toBe(CapabilityValues.brightness.safeParse(v).success);
      }
  });

  it('refuses a name that is not a capability, inherited names included', () => {
    const check = new CapabilityValueCheck();
    expect(check.check('toString' as CapabilityName, 1)).toEqual({ success: false });
    expect(check.check('__proto__' as CapabilityName, null)).toEqual({ success: false });
  });
});
