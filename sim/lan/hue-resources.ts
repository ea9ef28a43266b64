/**
 * The CLIP v2 resources of a small simulated Hue home: a bridge, one room with a colour
 * bulb and an ambiance bulb (and its grouped_light), and a motion sensor with motion,
 * light_level and temperature services. Shapes follow protocols/hue/GET-clip-v2-resource-*.json
 * (aiohue's dump of a real bridge); ids are stable UUIDs derived from the bridge id.
 */
import { createHash } from 'node:crypto';

export type Resource = Record<string, unknown> & { id: string; type: string; id_v1?: string };
export type Ref = { rid: string; rtype: string };

export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const EFFECTS = [
  'no_effect',
  'candle',
  'fire',
  'prism',
  'sparkle',
  'opal',
  'glisten',
  'underwater',
  'cosmos',
  'sunbeam',
  'enchant',
];

export interface LightSpec {
  key: string;
  name: string;
  color: boolean;
  modelId: string;
  productName: string;
  archetype: string;
}

export const DEFAULT_LIGHTS: LightSpec[] = [
  {
    key: 'lamp',
    name: 'Living room lamp',
    color: true,
    modelId: 'LCA001',
    productName: 'Hue color lamp',
    archetype: 'sultan_bulb',
  },
  {
    key: 'ceiling',
    name: 'Living room ceiling',
    color: false,
    modelId: 'LTA009',
    productName: 'Hue ambiance lamp',
    archetype: 'sultan_bulb',
  },
];

export function buildResources(bridgeId: string, lights: LightSpec[] = DEFAULT_LIGHTS): Resource[] {
  const id = (what: string) => stableUuid(`${bridgeId}/${what}`);
  const ref = (rid: string, rtype: string): Ref => ({ rid, rtype });
  const resources: Resource[] = [];
  let v1 = 1;

  const bridgeDevice = id('device/bridge');
  resources.push({
    bridge_id: bridgeId,
    id: id('bridge'),
    owner: ref(bridgeDevice, 'device'),
    time_zone: { time_zone: 'Europe/Amsterdam' },
    type: 'bridge',
  });
  resources.push(
    device(bridgeDevice, undefined, 'Hue Bridge', 'BSB002', 'Hue Bridge', 'bridge_v2', [ref(id('bridge'), 'bridge')]),
  );

  const roomLights: Ref[] = [];
  const roomDevices: Ref[] = [];
  for (const spec of lights) {
    const lightId = id(`light/${spec.key}`);
    const deviceId = id(`device/${spec.key}`);
    const zigbeeId = id(`zigbee/${spec.key}`);
    const n = v1++;
    roomLights.push(ref(lightId, 'light'));
    roomDevices.push(ref(deviceId, 'device'));
    resources.push(
      device(deviceId, `/lights/${n}`, spec.name, spec.modelId, spec.productName, spec.archetype, [
        ref(lightId, 'light'),
        ref(zigbeeId, 'zigbee_connectivity'),
      ]),
    );
    resources.push(light(lightId, `/lights/${n}`, deviceId, spec));
    resources.push({
      id: zigbeeId,
      id_v1: `/lights/${n}`,
      mac_address: macFor(zigbeeId),
      owner: ref(deviceId, 'device'),
      status: 'connected',
      type: 'zigbee_connectivity',
    });
  }

  const sensorDevice = id('device/motion');
  const services = { motion: id('motion'), light_level: id('light_level'), temperature: id('temperature') };
  roomDevices.push(ref(sensorDevice, 'device'));
  resources.push(
    device(
      sensorDevice,
      '/sensors/2',
      'Living room sensor',
      'SML001',
      'Hue motion sensor',
      'unknown_archetype',
      Object.entries(services).map(([rtype, rid]) => ref(rid, rtype)),
    ),
  );
  const changed = '2024-01-01T00:00:00.000Z';
  resources.push({
    enabled: true,
    id: services.motion,
    id_v1: '/sensors/2',
    motion: { motion: false, motion_report: { changed, motion: false }, motion_valid: true },
    owner: ref(sensorDevice, 'device'),
    sensitivity: { sensitivity: 2, sensitivity_max: 4, status: 'set' },
    type: 'motion',
  });
  resources.push({
    enabled: true,
    id: services.light_level,
    id_v1: '/sensors/3',
    light: { light_level: 0, light_level_report: { changed, light_level: 0 }, light_level_valid: true },
    owner: ref(sensorDevice, 'device'),
    type: 'light_level',
  });
  resources.push({
    enabled: true,
    id: services.temperature,
    id_v1: '/sensors/4',
    owner: ref(sensorDevice, 'device'),
    temperature: { temperature: 21, temperature_report: { changed, temperature: 21 }, temperature_valid: true },
    type: 'temperature',
  });

  const roomId = id('room/living');
  const groupedId = id('grouped_light/living');
  resources.push({
    children: roomDevices,
    id: roomId,
    id_v1: '/groups/1',
    metadata: { archetype: 'living_room', name: 'Living room' },
    services: [ref(groupedId, 'grouped_light')],
    type: 'room',
  });
  resources.push({
    alert: { action_values: ['breathe'] },
    color_temperature: {},
    color_temperature_delta: {},
    dimming: { brightness: 0 },
    dimming_delta: {},
    dynamics: {},
    id: groupedId,
    id_v1: '/groups/1',
    on: { on: false },
    owner: ref(roomId, 'room'),
    signaling: { signal_values: ['no_signal', 'on_off'] },
    type: 'grouped_light',
  });
  return resources;
}

function device(
  id: string,
  idV1: string | undefined,
  name: string,
  modelId: string,
  productName: string,
  archetype: string,
  services: Ref[],
): Resource {
  return {
    id,
    ...(idV1 ? { id_v1: idV1 } : {}),
    identify: {},
    metadata: { archetype, name },
    product_data: {
      certified: true,
      manufacturer_name: 'Signify Netherlands B.V.',
      model_id: modelId,
      product_archetype: archetype,
      product_name: productName,
      software_version: '1.116.3',
    },
    services,
    type: 'device',
  };
}

/** Template: GET-clip-v2-resource-light-color-bulb.json; ambiance bulbs have no `color`. */
function light(id: string, idV1: string, owner: string, spec: LightSpec): Resource {
  return {
    alert: { action_values: ['breathe'] },
    ...(spec.color
      ? {
          color: {
            gamut: { blue: { x: 0.1532, y: 0.0475 }, green: { x: 0.17, y: 0.7 }, red: { x: 0.6915, y: 0.3083 } },
            gamut_type: 'C',
            xy: { x: 0.4573, y: 0.41 },
          },
        }
      : {}),
    color_temperature: { mirek: 366, mirek_schema: { mirek_maximum: 500, mirek_minimum: 153 }, mirek_valid: true },
    color_temperature_delta: {},
    dimming: { brightness: 100, min_dim_level: spec.color ? 0.1 : 0.2 },
    dimming_delta: {},
    dynamics: { speed: 0, speed_valid: false, status: 'none', status_values: ['none', 'dynamic_palette'] },
    effects: { effect_values: EFFECTS, status: 'no_effect', status_values: EFFECTS },
    id,
    id_v1: idV1,
    identify: {},
    metadata: { archetype: spec.archetype, name: spec.name },
    mode: 'normal',
    on: { on: false },
    owner: { rid: owner, rtype: 'device' },
    powerup: {
      color: { color_temperature: { mirek: 366 }, mode: 'color_temperature' },
      configured: true,
      dimming: { dimming: { brightness: 100 }, mode: 'dimming' },
      on: { mode: 'on', on: { on: true } },
      preset: 'safety',
    },
    signaling: { signal_values: ['no_signal', 'on_off', ...(spec.color ? ['on_off_color', 'alternating'] : [])] },
    type: 'light',
  };
}

function macFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `00:17:88:01:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}-0b`;
}
