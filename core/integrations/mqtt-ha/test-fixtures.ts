/** Test-only: reads the recorded MQTT messages in fixtures/protocols (line 1 = topic, rest = payload). */
import { protocolFile } from '../../../fixtures';

export interface Fixture {
  topic: string;
  payload: string;
}

/** `path` is relative to fixtures/protocols, e.g. `z2m/ha-discovery-climate-trv-ts0601.txt`. */
export function fixture(path: string): Fixture {
  const text = protocolFile(path);
  const newline = text.indexOf('\n');
  return { topic: text.slice(0, newline).trim(), payload: text.slice(newline + 1).replace(/\n+$/, '') };
}

export function fixtureJson(path: string): Record<string, unknown> {
  return JSON.parse(fixture(path).payload) as Record<string, unknown>;
}

import { parseDiscoveryMessage, type EntityConfig } from './config';
import type { MappedEntity } from './entity';
import { mapEntity } from './mapping';

/** A discovery config (fixture path or topic + JSON) → its entity and mapping; throws on problems. */
export function entityOf(source: string | { topic: string; config: Record<string, unknown> }): {
  entity: EntityConfig;
  mapped: MappedEntity;
} {
  const { topic, payload } =
    typeof source === 'string' ? fixture(source) : { topic: source.topic, payload: JSON.stringify(source.config) };
  const msg = parseDiscoveryMessage(topic, payload, 'homeassistant');
  if (msg.problems.length || msg.entities.length !== 1) throw new Error(JSON.stringify(msg.problems));
  const entity = msg.entities[0]!;
  const mapped = mapEntity(entity);
  if (!mapped) throw new Error('unsupported');
  return { entity, mapped };
}

/**
 * A zigbee2mqtt-style plug's switch config on prefix `z2m` (device `mqtt:z2m_0xplug<n>`), for tests that need many
 * devices; `availability` topics are added as zigbee2mqtt's bridge availability is.
 */
export function plugSwitch(n: number, options: { name?: string; availability?: string } = {}) {
  return {
    topic: `homeassistant/switch/0xplug${n}/switch/config`,
    config: {
      name: null,
      unique_id: `0xplug${n}_switch`,
      state_topic: `z2m/plug${n}`,
      command_topic: `z2m/plug${n}/set`,
      value_template: '{{ value_json.state }}',
      payload_on: 'ON',
      payload_off: 'OFF',
      ...(options.availability
        ? { availability: [{ topic: options.availability, value_template: '{{ value_json.state }}' }] }
        : {}),
      device: { identifiers: [`z2m_0xplug${n}`], name: options.name ?? `plug ${n}`, manufacturer: 'Test' },
    },
  };
}
