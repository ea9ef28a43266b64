/**
 * What to type into Tasmota, ESPHome and zigbee2mqtt to reach the embedded broker's network listener
 * (core/broker/lan.ts). Pure: the hub sends it and the renderer's tests build the same text.
 */

/** The discovery prefix the hub subscribes to (Home Assistant MQTT discovery). */
export const DISCOVERY_PREFIX = 'homeassistant';

export interface DeviceSetupField {
  label: string;
  value: string;
}
export interface DeviceSetup {
  /** tasmota | esphome | zigbee2mqtt */
  id: string;
  name: string;
  /** Where the fields go on that device. */
  where: string;
  fields: DeviceSetupField[];
  /** A snippet to paste (ESPHome and zigbee2mqtt YAML, Tasmota console commands). */
  snippet: string;
}

/** What to type into each kind of device to reach the listener: pure, so Settings shows exactly what is tested. */
export function deviceSetup(target: {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
}): DeviceSetup[] {
  const { host, port, tls, username, password } = target;
  const common = [
    { label: 'Host', value: host },
    { label: 'Port', value: String(port) },
    { label: 'User', value: username },
    { label: 'Password', value: password },
  ];
  return [
    {
      id: 'tasmota',
      name: 'Tasmota',
      where: 'Configuration → Configure MQTT, then in the Console: SetOption19 1 (Home Assistant discovery)',
      fields: [...common, { label: 'Topic', value: 'tasmota_%06X' }, { label: 'Full Topic', value: '%prefix%/%topic%/' }],
      snippet: [
        `Backlog MqttHost ${host}; MqttPort ${port}; MqttUser ${username}; MqttPassword ${password}; SetOption19 1`,
        ...(tls ? ['(TLS needs a Tasmota build with USE_MQTT_TLS; then SetOption103 1)'] : []),
      ].join('\n'),
    },
    {
      id: 'esphome',
      name: 'ESPHome',
      where: 'the device’s YAML, `mqtt:` section (discovery is on by default)',
      fields: [...common, { label: 'Discovery prefix', value: DISCOVERY_PREFIX }],
      snippet: [
        'mqtt:',
        `  broker: ${host}`,
        `  port: ${port}`,
        `  username: ${username}`,
        `  password: ${password}`,
        `  discovery_prefix: ${DISCOVERY_PREFIX}`,
      ].join('\n'),
    },
    {
      id: 'zigbee2mqtt',
      name: 'zigbee2mqtt',
      where: 'configuration.yaml, `mqtt:` and `homeassistant:` sections',
      fields: [
        { label: 'Server', value: `${tls ? 'mqtts' : 'mqtt'}://${hostInUrl(host)}:${port}` },
        ...common.slice(2),
        { label: 'Base topic', value: 'zigbee2mqtt' },
        { label: 'Discovery topic', value: DISCOVERY_PREFIX },
      ],
      snippet: [
        'mqtt:',
        `  server: ${tls ? 'mqtts' : 'mqtt'}://${hostInUrl(host)}:${port}`,
        `  user: ${username}`,
        `  password: ${password}`,
        '  base_topic: zigbee2mqtt',
        'homeassistant:',
        '  enabled: true',
        `  discovery_topic: ${DISCOVERY_PREFIX}`,
      ].join('\n'),
    },
  ];
}

function hostInUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
