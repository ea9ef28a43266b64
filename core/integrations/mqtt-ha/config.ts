/**
 * Discovery config messages → validated entity configs. Pure: topic + payload in, entities or
 * problems out; the integration does the I/O and reports problems as diagnostics.
 */
import { z } from 'zod';
import { expandAbbreviations } from './abbreviations';
import { COMPONENT_NAMES, COMPONENT_SCHEMAS, type AnyConfig, type ComponentName } from './schemas';
import { parseDeviceJson } from '../../util/safe-json';

export const MAX_CONFIG_BYTES = 64 * 1024;

export interface DiscoveryTopic {
  component: string;
  nodeId?: string;
  objectId: string;
}

const ID = /^[A-Za-z0-9_-]+$/;

/** `<prefix>/<component>/[<node_id>/]<object_id>/config` → its parts, or undefined. */
export function parseDiscoveryTopic(topic: string, prefix: string): DiscoveryTopic | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.pop() !== 'config' || parts.length < 2 || parts.length > 3) return undefined;
  if (!parts.every((p) => ID.test(p))) return undefined;
  const [component, a, b] = parts as [string, string, string | undefined];
  return b === undefined ? { component, objectId: a } : { component, nodeId: a, objectId: b };
}

/** A leading or trailing `~` in any `*_topic` option (and availability `topic`) is the base topic. */
export function resolveBaseTopic(config: Record<string, unknown>): Record<string, unknown> {
  const base = config['~'];
  if (typeof base !== 'string') return config;
  const resolve = (v: unknown) => {
    if (typeof v !== 'string') return v;
    if (v.startsWith('~')) return base + v.slice(1);
    if (v.endsWith('~')) return v.slice(0, -1) + base;
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (k !== '~') out[k] = k.endsWith('_topic') ? resolve(v) : v;
  if (Array.isArray(out.availability))
    out.availability = out.availability.map((a: unknown) =>
      typeof a === 'object' && a !== null ? { ...a, topic: resolve((a as { topic?: unknown }).topic) } : a,
    );
  return out;
}

export interface AvailabilitySource {
  topic: string;
  payloadAvailable: string;
  payloadNotAvailable: string;
  template?: string;
}
export interface AvailabilitySpec {
  mode: 'all' | 'any' | 'latest';
  sources: AvailabilitySource[];
}

/** Single `availability_topic` and the `availability` list become one list of sources. */
export function normaliseAvailability(c: AnyConfig): AvailabilitySpec | null {
  const sources: AvailabilitySource[] = (c.availability ?? []).map((a) => ({
    topic: a.topic,
    payloadAvailable: a.payload_available,
    payloadNotAvailable: a.payload_not_available,
    ...(a.value_template ? { template: a.value_template } : {}),
  }));
  if (c.availability_topic)
    sources.push({
      topic: c.availability_topic,
      payloadAvailable: c.payload_available,
      payloadNotAvailable: c.payload_not_available,
      ...(c.availability_template ? { template: c.availability_template } : {}),
    });
  return sources.length ? { mode: c.availability_mode, sources } : null;
}

export interface EntityConfig<C extends AnyConfig = AnyConfig> {
  /** The discovery topic (plus `#<component id>` for device-based discovery): the entity's identity. */
  key: string;
  component: ComponentName;
  objectId: string;
  config: C;
  availability: AvailabilitySpec | null;
}

export interface ConfigProblem {
  level: 'info' | 'warning' | 'error';
  key: string;
  message: string;
  detail?: string;
}

export interface DiscoveryMessage {
  /** Entity keys whose config was deleted (empty payload, or `{"p": …}` only in device discovery). */
  removed: string[];
  /** Keys to remove every entity below (empty payload on a device discovery topic). */
  removedPrefix?: string;
  entities: EntityConfig[];
  problems: ConfigProblem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Options of a device discovery payload that every component inherits. */
const SHARED_KEYS = [
  'device',
  'origin',
  'availability',
  'availability_topic',
  'availability_mode',
  'availability_template',
  'payload_available',
  'payload_not_available',
  'state_topic',
  'command_topic',
  'qos',
  'encoding',
  '~',
];

export function parseDiscoveryMessage(topic: string, payload: string, prefix: string): DiscoveryMessage {
  const result: DiscoveryMessage = { removed: [], entities: [], problems: [] };
  const parsed = parseDiscoveryTopic(topic, prefix);
  if (!parsed) {
    result.problems.push({ level: 'warning', key: topic, message: 'Ignored a discovery message on an invalid topic' });
    return result;
  }
  const isDevice = parsed.component === 'device';
  if (payload.length === 0) {
    if (isDevice) result.removedPrefix = `${topic}#`;
    else result.removed.push(topic);
    return result;
  }
  if (payload.length > MAX_CONFIG_BYTES) {
    result.problems.push({ level: 'error', key: topic, message: `Discovery config is larger than ${MAX_CONFIG_BYTES} bytes` });
    return result;
  }
  let json: unknown;
  try {
    json = parseDeviceJson(payload);
  } catch (e) {
    result.problems.push({ level: 'error', key: topic, message: 'Discovery config is not valid JSON', detail: String(e) });
    return result;
  }
  if (!isRecord(json)) {
    result.problems.push({ level: 'error', key: topic, message: 'Discovery config is not a JSON object' });
    return result;
  }
  const expanded = expandAbbreviations(json);
  if (!isDevice) {
    addEntity(result, topic, parsed.component, parsed.objectId, resolveBaseTopic(expanded));
    return result;
  }
  if (!isRecord(expanded.components)) {
    result.problems.push({ level: 'error', key: topic, message: 'Device discovery config has no components (cmps)' });
    return result;
  }
  const shared = Object.fromEntries(SHARED_KEYS.filter((k) => Object.hasOwn(expanded, k)).map((k) => [k, expanded[k]]));
  for (const [id, cmp] of Object.entries(expanded.components)) {
    const key = `${topic}#${id}`;
    if (!isRecord(cmp) || typeof cmp.platform !== 'string') {
      result.problems.push({ level: 'error', key, message: 'Component has no platform (p)' });
      continue;
    }
    // A component reduced to its platform is how device discovery deletes it.
    if (Object.keys(cmp).length === 1) result.removed.push(key);
    else addEntity(result, key, cmp.platform, id, resolveBaseTopic({ ...shared, ...cmp }));
  }
  return result;
}

function addEntity(
  result: DiscoveryMessage,
  key: string,
  component: string,
  objectId: string,
  raw: Record<string, unknown>,
): void {
  if (!(COMPONENT_NAMES as string[]).includes(component)) {
    result.problems.push({ level: 'info', key, message: `Component '${component}' is not supported yet; entity ignored` });
    return;
  }
  const name = component as ComponentName;
  const check = COMPONENT_SCHEMAS[name].safeParse(raw);
  if (!check.success) {
    result.problems.push({
      level: 'warning',
      key,
      message: `Invalid ${component} config; entity ignored`,
      detail: z.prettifyError(check.error),
    });
    return;
  }
  const config = check.data as AnyConfig;
  result.entities.push({
    key,
    component: name,
    objectId: config.object_id ?? objectId,
    config,
    availability: normaliseAvailability(config),
  });
}
