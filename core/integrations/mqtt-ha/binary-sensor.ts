/**
 * `binary_sensor` → occupancy, motion or contact by device class.
 * Note on contact: in Home Assistant `on` means OPEN for door/window/opening/garage_door.
 * Our `contact: true` means the contact is CLOSED (door shut), matching zigbee2mqtt's `contact`
 * property, so the value is inverted here.
 */
import type { CapabilityName } from '../../model';
import type { StateReport } from '../integration';
import { isNone, payloadMatches, renderState, type MappedEntity } from './entity';
import type { BinarySensorConfig } from './schemas';

const BY_DEVICE_CLASS: Record<string, { capability: 'occupancy' | 'motion' | 'contact'; invert: boolean }> = {
  occupancy: { capability: 'occupancy', invert: false },
  presence: { capability: 'occupancy', invert: false },
  motion: { capability: 'motion', invert: false },
  door: { capability: 'contact', invert: true },
  window: { capability: 'contact', invert: true },
  opening: { capability: 'contact', invert: true },
  garage_door: { capability: 'contact', invert: true },
};

export function binarySensorCapability(c: BinarySensorConfig): CapabilityName | undefined {
  return c.device_class ? BY_DEVICE_CLASS[c.device_class]?.capability : undefined;
}

export function mapBinarySensor(c: BinarySensorConfig): MappedEntity {
  const kind = c.device_class ? BY_DEVICE_CLASS[c.device_class] : undefined;
  if (!kind) return { capabilities: {}, stateTopics: [], parseState: () => ({}) };
  return {
    capabilities: { [kind.capability]: { value: null, writable: false } },
    stateTopics: [c.state_topic],
    parseState(_topic, payload): StateReport {
      const { text } = renderState(c.value_template, payload);
      let on: boolean | null;
      if (payloadMatches(text, c.payload_on)) on = true;
      else if (payloadMatches(text, c.payload_off)) on = false;
      else if (isNone(text)) on = null;
      else return {}; // e.g. a shared z2m state message without this key
      return { [kind.capability]: on === null ? null : kind.invert ? !on : on };
    },
  };
}
