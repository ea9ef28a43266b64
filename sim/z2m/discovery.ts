import type { Expose } from '../devices/exposes';
import type { JsonObject } from './json';

/**
 * Home Assistant MQTT discovery configs exactly as zigbee2mqtt builds them
 * (field for field with the recordings in fixtures/protocols/z2m/ha-discovery-*.txt). Pure: I/O is in bridge.ts.
 */

export interface DiscoverableDevice {
  ieee: string;
  name: string;
  info: { manufacturer: string; model: string; modelId: string };
  exposes(): Expose[];
}

export interface DiscoveryOptions {
  baseTopic: string;
  discoveryPrefix: string;
  coordinatorIeee: string;
  /** zigbee2mqtt version announced in `origin.sw`. */
  version: string;
  /** z2m's `availability` feature: adds the per-device availability topic and availability_mode "all". */
  deviceAvailability: boolean;
}

export const DEFAULT_DISCOVERY_OPTIONS: DiscoveryOptions = {
  baseTopic: 'zigbee2mqtt',
  discoveryPrefix: 'homeassistant',
  coordinatorIeee: '0x00124b00120144ae',
  version: '2.6.1',
  deviceAvailability: false,
};

export interface DiscoveryMessage {
  topic: string;
  component: 'light' | 'switch' | 'climate' | 'sensor' | 'binary_sensor';
  objectKey: string;
  payload: JsonObject;
}

/** Entity ids are slugs of the friendly name ("Living room ceiling" → living_room_ceiling). */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const tpl = (property: string) => `{{ value_json["${property}"] }}`;

export function discoveryMessages(
  device: DiscoverableDevice,
  options: DiscoveryOptions = DEFAULT_DISCOVERY_OPTIONS,
): DiscoveryMessage[] {
  const stateTopic = `${options.baseTopic}/${device.name}`;
  const availability: JsonObject[] = [{ topic: `${options.baseTopic}/bridge/state`, value_template: '{{ value_json.state }}' }];
  if (options.deviceAvailability)
    availability.push({ topic: `${stateTopic}/availability`, value_template: '{{ value_json.state }}' });

  const base = (component: DiscoveryMessage['component'], objectKey: string): JsonObject => {
    // The main entity of a kind (light, switch, climate) is named after the device alone.
    const objectId = objectKey === component ? slug(device.name) : `${slug(device.name)}_${objectKey}`;
    const payload: JsonObject = {
      availability,
      default_entity_id: `${component}.${objectId}`,
      device: {
        identifiers: [`zigbee2mqtt_${device.ieee}`],
        manufacturer: device.info.manufacturer,
        model: device.info.model,
        model_id: device.info.modelId,
        name: device.name,
        via_device: `zigbee2mqtt_bridge_${options.coordinatorIeee}`,
      },
      object_id: objectId,
      origin: { name: 'Zigbee2MQTT', sw: options.version, url: 'https://www.zigbee2mqtt.io' },
      state_topic: stateTopic,
      unique_id: `${device.ieee}_${objectKey}_zigbee2mqtt`,
    };
    if (options.deviceAvailability) payload.availability_mode = 'all';
    return payload;
  };

  const messages: DiscoveryMessage[] = [];
  const add = (component: DiscoveryMessage['component'], objectKey: string, extra: JsonObject) => {
    messages.push({
      topic: `${options.discoveryPrefix}/${component}/${device.ieee}/${objectKey}/config`,
      component,
      objectKey,
      payload: { ...base(component, objectKey), ...extra },
    });
  };

  for (const e of device.exposes()) {
    switch (e.type) {
      case 'light': {
        const extra: JsonObject = {
          brightness: true,
          brightness_scale: 254,
          command_topic: `${stateTopic}/set`,
          name: null,
          schema: 'json',
          supported_color_modes: e.colorModes,
        };
        if (e.effects) Object.assign(extra, { effect: true, effect_list: e.effects });
        if (e.mireds) Object.assign(extra, { max_mireds: e.mireds.max, min_mireds: e.mireds.min });
        add('light', 'light', extra);
        break;
      }
      case 'switch':
        add('switch', 'switch', {
          command_topic: `${stateTopic}/set`,
          name: null,
          payload_off: 'OFF',
          payload_on: 'ON',
          value_template: tpl('state'),
        });
        break;
      case 'climate': {
        const extra: JsonObject = {
          action_template:
            "{% set values = {None:None,'idle':'idle','heat':'heating','cool':'cooling','fan_only':'fan'} %}{{ values[value_json[\"running_state\"]] }}",
          action_topic: stateTopic,
          current_temperature_template: tpl('local_temperature'),
          current_temperature_topic: stateTopic,
          // z2m sends min/max as strings (see ha-discovery-climate-trv-ts0601.txt).
          max_temp: String(e.maxTemp),
          min_temp: String(e.minTemp),
          mode_command_topic: `${stateTopic}/set/system_mode`,
          mode_state_template: tpl('system_mode'),
          mode_state_topic: stateTopic,
          modes: e.modes,
          name: null,
          temp_step: e.step,
          temperature_command_topic: `${stateTopic}/set/${e.heatingSetpoint}`,
          temperature_state_template: tpl(e.heatingSetpoint),
          temperature_state_topic: stateTopic,
          temperature_unit: 'C',
        };
        if (e.presets) {
          Object.assign(extra, {
            preset_mode_command_topic: `${stateTopic}/set/preset`,
            preset_mode_state_topic: stateTopic,
            preset_mode_value_template: tpl('preset'),
            preset_modes: e.presets,
          });
        }
        if (e.coolingSetpoint) {
          // Heat/cool devices also get the two-point (auto) setpoint topics.
          Object.assign(extra, {
            temperature_high_command_topic: `${stateTopic}/set/${e.coolingSetpoint}`,
            temperature_high_state_template: tpl(e.coolingSetpoint),
            temperature_high_state_topic: stateTopic,
            temperature_low_command_topic: `${stateTopic}/set/${e.heatingSetpoint}`,
            temperature_low_state_template: tpl(e.heatingSetpoint),
            temperature_low_state_topic: stateTopic,
          });
        }
        add('climate', 'climate', extra);
        // Climate entities have per-attribute state topics only (no state_topic in the fixture).
        delete messages[messages.length - 1]!.payload.state_topic;
        break;
      }
      case 'binary':
        add('binary_sensor', e.property, {
          device_class: e.deviceClass,
          payload_off: e.off,
          payload_on: e.on,
          value_template: tpl(e.property),
        });
        break;
      case 'numeric': {
        const extra: JsonObject = { enabled_by_default: e.enabledByDefault ?? true, value_template: tpl(e.property) };
        // z2m drops `name` when a device_class names the entity; otherwise it uses the expose's label.
        if (e.deviceClass) extra.device_class = e.deviceClass;
        else extra.name = e.label ?? e.property;
        if (e.category) extra.entity_category = e.category;
        if (e.icon) extra.icon = e.icon;
        if (e.stateClass) extra.state_class = e.stateClass;
        if (e.unit) extra.unit_of_measurement = e.unit;
        add('sensor', e.property, extra);
        break;
      }
    }
  }
  return messages;
}
