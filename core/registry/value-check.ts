import { CapabilityValues, type CapabilityName } from '../model';

export type ValueCheck = { success: true; data: unknown } | { success: false };

/**
 * zod for the values integrations report (the registry's boundary). Primitive values repeat — a bulb sends its power and
 * colour temperature in every report — so the last primitive checked per capability and its verdict are kept, and the
 * same value is not parsed again. The schemas are pure and return a primitive as it is, so the verdict is the same.
 */
export class CapabilityValueCheck {
  private readonly last = new Map<CapabilityName, { value: unknown; result: ValueCheck }>();

  check(name: CapabilityName, value: unknown): ValueCheck {
    if (!Object.hasOwn(CapabilityValues, name)) return { success: false };
    const primitive = value === null || typeof value !== 'object';
    if (primitive) {
      const last = this.last.get(name);
      if (last && Object.is(last.value, value)) return last.result;
    }
    const parsed = CapabilityValues[name].safeParse(value);
    const result: ValueCheck = parsed.success ? { success: true, data: parsed.data } : { success: false };
    if (primitive) this.last.set(name, { value, result });
    return result;
  }
}
