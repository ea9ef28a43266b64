/**
 * zigbee2mqtt-style discovery configs and states for benchmarks, shaped exactly like the
 * IKEA bulb in fixtures/protocols/z2m/ha-discovery-light-color_temp-ikea-bulb.txt.
 */
export function bulbConfig(index: number) {
  const ieee = `0x${(0x000b57fffec00000 + index).toString(16).padStart(16, '0')}`;
  const name = `bench_bulb_${index}`;
  return {
    ieee,
    name,
    topic: `homeassistant/light/${ieee}/light/config`,
    config: {
      availability: [{ topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' }],
      brightness: true,
      brightness_scale: 254,
      command_topic: `zigbee2mqtt/${name}/set`,
      device: { identifiers: [`zigbee2mqtt_${ieee}`], manufacturer: 'IKEA', model: 'TRADFRI bulb', name },
      max_mireds: 454,
      min_mireds: 250,
      name: null,
      object_id: name,
      origin: { name: 'Zigbee2MQTT', sw: '2.6.1', url: 'https://www.zigbee2mqtt.io' },
      schema: 'json',
      state_topic: `zigbee2mqtt/${name}`,
      supported_color_modes: ['color_temp'],
      unique_id: `${ieee}_light_zigbee2mqtt`,
    },
  };
}

export function bulbState(brightness: number, on = true) {
  return JSON.stringify({ brightness, color_temp: 370, linkquality: 99, state: on ? 'ON' : 'OFF' });
}
