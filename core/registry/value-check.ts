import { CapabilityValues, type CapabilityName } from '../model';

export type ValueCheck = { success: true; data: unknown } | { success: false };

/** Distinct primitive values remembered per capability: brightness levels, colour temperatures, tenths of a degree. */
const REMEMBERED = 256;

/**
 * zod for the values integrations report (the registry's boundary). Primitive values repeat — a bulb sends its power and
 * colour temperature in every report, a thermometer wanders over a few dozen tenths of a degree, automations set a
 * handful of brightness levels — so each capability keeps the verdicts of the last few hundred distinct primitives, and
 * a value seen before is not parsed again. The schemas are pure and return a primitive as it is, so the verdict is the
 * same. Bounded: past `REMEMBERED` distinct values the oldest is forgotten.
 */
export class CapabilityValueCheck {
  private readonly seen = new Map<CapabilityName, Map<unknown, ValueCheck>>();

  check(name: CapabilityName, value: unknown): ValueCheck {
    if (!Object.hasOwn(CapabilityValues, name)) return { success: false };
    // A Map key is compared as SameValueZero, which takes -0 for 0: -0 is always parsed.
    const cacheable = (value === null || typeof value !== 'object') && !Object.is(value, -0);
    let verdicts = this.seen.get(name);
    if (cacheable) {
      const known = verdicts?.get(value);
      if (known) return known;
    }
    const parsed = CapabilityValues[name].safeParse(value);
    const result: ValueCheck = parsed.success ? { success: true, data: parsed.data } : { success: false };
    if (cacheable) {
      if (!verdicts) this.seen.set(name, (verdicts = new Map()));
      if (verdicts.size >= REMEMBERED) verdicts.delete(verdicts.keys().next().value);
      verdicts.set(value, result);
    }
    return result;
  }
}
