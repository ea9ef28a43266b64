/**
 * What every component mapping produces: capability descriptors, the topics it reads, a pure
 * state parser and a pure command builder. One file per component implements this.
 */
import type { Capabilities, Command, CommandOptions } from '../../model';
import { CommandError, type StateReport } from '../integration';
import { payloadVariables, renderTemplate, type RenderResult } from './template';

export interface Publish {
  topic: string;
  payload: string;
  retain: false;
  qos: 0 | 1;
}

export interface MappedEntity {
  /** Descriptors (value null until reported) of the capabilities this entity provides. */
  capabilities: Capabilities;
  /** Topics whose payloads parseState understands. */
  stateTopics: string[];
  /** Payload on one of stateTopics → capability values. `previous` is the device's last report. Throws TemplateError. */
  parseState(topic: string, payload: string, previous: StateReport): StateReport;
  /** The part of a command for this entity's capabilities → publishes. Throws CommandError. */
  command?(command: Command, options?: CommandOptions): Publish[];
}

/** Renders a state template against a payload; without a template the payload itself is the value. */
export function renderState(template: string | undefined, payload: string): RenderResult {
  if (!template) return { text: payload.trim(), value: payload.trim() };
  return renderTemplate(template, payloadVariables(payload));
}

/** Renders a command template with `value` (and extra variables, e.g. hue/sat); no template → the value as text. */
export function renderCommand(template: string | undefined, value: string | number, extra: Record<string, unknown> = {}): string {
  if (!template) return String(value);
  return renderTemplate(template, { value, ...extra }).text;
}

export function publish(topic: string, payload: string, qos: number): Publish {
  return { topic, payload, retain: false, qos: qos >= 1 ? 1 : 0 };
}

/** HA treats these rendered texts as "no value": report null. */
export function isNone(text: string): boolean {
  return text === 'None' || text === 'null' || text === 'unknown' || text === 'unavailable';
}

/** A number out of rendered text, or undefined when the payload carries none. */
export function numberOf(r: RenderResult): number | null | undefined {
  if (typeof r.value === 'number') return r.value;
  if (r.text === '') return undefined;
  if (isNone(r.text)) return null;
  const n = Number(r.text);
  return Number.isFinite(n) ? n : undefined;
}

/** Compares rendered text with a configured payload; True/true match whatever the producer's casing. */
export function payloadMatches(text: string, expected: string): boolean {
  if (text === expected) return true;
  const bool = (s: string) => (s === 'True' || s === 'true' ? 'true' : s === 'False' || s === 'false' ? 'false' : undefined);
  return bool(text) !== undefined && bool(text) === bool(expected);
}

export function invalid(message: string): never {
  throw new CommandError('invalid', message);
}

export function notWritable(message: string): never {
  throw new CommandError('not_writable', message);
}

/** Rounds away binary noise (e.g. 21.000000001) before comparing with a step or range. */
export function tidy(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** zigbee2mqtt announces itself as origin; older versions only in the device's sw_version. */
export function isZigbee2Mqtt(c: {
  origin?: { name?: string } | undefined;
  device?: { sw_version?: string | null } | undefined;
}): boolean {
  return c.origin?.name === 'Zigbee2MQTT' || /^zigbee2mqtt/i.test(c.device?.sw_version ?? '');
}
