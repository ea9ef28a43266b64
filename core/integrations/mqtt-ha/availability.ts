/**
 * Availability per HA rules: each source topic says online/offline (optionally through a
 * template); `availability_mode` combines them (all / any / latest). Pure.
 */
import type { Availability } from '../../model';
import type { AvailabilitySource, AvailabilitySpec } from './config';
import { payloadMatches, renderState } from './entity';

export type SourceState = 'online' | 'offline';

/**
 * A payload on a source topic → its state, or undefined if it matches neither payload. Throws TemplateError.
 * `rendered` (template → text) lets the entities of one message share a template's rendering of that payload
 * (zigbee2mqtt's bridge topic: the same template for every entity); rendering is pure.
 */
export function sourceState(
  source: AvailabilitySource,
  payload: string,
  rendered?: Map<string | undefined, string>,
): SourceState | undefined {
  let text = rendered?.get(source.template);
  if (text === undefined) {
    text = renderState(source.template, payload).text;
    rendered?.set(source.template, text);
  }
  if (payloadMatches(text, source.payloadAvailable)) return 'online';
  if (payloadMatches(text, source.payloadNotAvailable)) return 'offline';
  return undefined;
}

/**
 * all: online only when every source is online; any: online when one is; latest: the last message.
 * Sources not heard from yet leave the result unknown rather than guessing.
 */
export function combineSources(
  spec: AvailabilitySpec,
  states: ReadonlyMap<string, SourceState>,
  latest: SourceState | undefined,
): Availability {
  const values = spec.sources.map((s) => states.get(s.topic));
  if (spec.mode === 'latest') return latest ?? 'unknown';
  if (spec.mode === 'any') return values.includes('online') ? 'online' : values.includes('offline') ? 'offline' : 'unknown';
  if (values.includes('offline')) return 'offline';
  return values.every((v) => v === 'online') ? 'online' : 'unknown';
}

/** A device is online when any of its entities is, offline when none is but one is offline. */
export function combineEntities(values: Availability[]): Availability {
  if (values.includes('online')) return 'online';
  if (values.includes('offline')) return 'offline';
  return 'unknown';
}
