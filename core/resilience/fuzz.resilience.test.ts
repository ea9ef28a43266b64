/**
 * Fuzzing with fast-check: discovery configs and state payloads through the real MQTT integration and
 * registry (an in-memory broker connection, so tens of thousands of messages run in seconds), and API
 * bodies through the real HTTP server. 0 exceptions may escape; no request may get a 500.
 * `npm test`: a few hundred runs; `npm run test:soak`: 20,000 configs with their state payloads and
 * 5,000 API bodies.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { methods } from '../api/contract';
import type { MqttConnection, MqttMessage } from '../broker/types';
import { startHub } from '../hub';
import { MqttHaIntegration } from '../integrations/mqtt-ha/integration';
import { topicMatches } from '../integrations/mqtt-ha/test-connection';
import { Registry } from '../registry/registry';
import { tempDataDir } from '../store/test-support';
import { startMosquitto } from '../test-support/mosquitto';
import { report, size } from '../test-support/soak';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';

const CONFIG_RUNS = size(400, 20_000);
const API_RUNS = size(150, 5000);

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A connected broker in memory: delivers synchronously, so an exception in a handler surfaces here. */
class MemoryConnection implements MqttConnection {
  readonly status = { url: 'mqtt://memory', embedded: true, state: 'connected' as const, since: 0 };
  // Exact filters by topic, wildcard filters in a list: tens of thousands of entities stay fast, as in a broker.
  private readonly exact = new Map<string, Set<(m: MqttMessage) => void>>();
  private readonly wildcards = new Set<{ filter: string; handler: (m: MqttMessage) => void }>();
  private readonly retained = new Map<string, Buffer>();
  start = async () => {};
  stop = async () => {};
  subscribe(filter: string, handler: (m: MqttMessage) => void) {
    if (!/[+#]/.test(filter)) {
      const set = this.exact.get(filter) ?? new Set();
      this.exact.set(filter, set.add(handler));
      const payload = this.retained.get(filter);
      if (payload) handler({ topic: filter, payload, retain: true });
      return () => void set.delete(handler);
    }
    const sub = { filter, handler };
    this.wildcards.add(sub);
    for (const [topic, payload] of this.retained) if (topicMatches(filter, topic)) handler({ topic, payload, retain: true });
    return () => void this.wildcards.delete(sub);
  }
  publish = async () => {};
  onStatus = () => () => {};
  onConnect = () => () => {};
  deliver(topic: string, payload: string, retain = false): void {
    const buffer = Buffer.from(payload);
    if (retain) this.retained.set(topic, buffer);
    for (const handler of [...(this.exact.get(topic) ?? [])]) handler({ topic, payload: buffer, retain });
    for (const sub of [...this.wildcards]) if (topicMatches(sub.filter, topic)) sub.handler({ topic, payload: buffer, retain });
  }
}

/** How the runtime words a programming error (as opposed to the integration's own refusals). */
const RUNTIME_ERROR =
  /Cannot read properties|is not a function|is not iterable|Cannot convert|Maximum call stack|of undefined|of null/;

const COMPONENTS = [
  'light',
  'switch',
  'sensor',
  'binary_sensor',
  'climate',
  'cover',
  'fan',
  'lock',
  'number',
  'select',
  'button',
  'weird',
];
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const key = fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 12 }));
const templates = fc.oneof(
  fc.constantFrom(
    '{{ value_json.state }}',
    '{{ value_json.brightness | int }}',
    '{{ value | float * 10 }}',
    // Inherited names (issue 14 finding 6): `{{ constructor }}` and `{{ toString }}` threw a TypeError in toText.
    '{{ constructor }}',
    '{{ toString }}',
    '{{ __proto__ }}',
    '{{ value_json["__proto__"] }}',
    '{{ value_json.a.b.c.d }}',
    '{% if value_json.x %}ON{% else %}OFF{% endif %}',
    '{{ value_json.color.x | round(2) }}',
    '{{ (value | int) / 0 }}',
    '{{',
    '}}{{',
    '{{ value_json[0] }}',
    '{{ 9999999999999999999999 ** 99 }}',
  ),
  fc.string({ maxLength: 40 }).map((s) => `{{ ${s} }}`),
  fc.string({ maxLength: 40 }),
);
const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Configs that look like what zigbee2mqtt, Tasmota and ESPHome send, bent in every direction. */
function configFor(id: number) {
  const topic = (name: string) =>
    fc.oneof(fc.constant(`fuzz/${id}/${name}`), fc.string({ maxLength: 20 }), fc.constant('~/state'));
  return fc.record(
    {
      '~': fc.constant(`fuzz/${id}`),
      name: fc.oneof(fc.constant(null), fc.string({ maxLength: 30 })),
      unique_id: fc.oneof(fc.constant(`fuzz_${id}`), fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 10 })),
      state_topic: topic('state'),
      stat_t: topic('state'),
      command_topic: topic('set'),
      json_attributes_topic: topic('attributes'),
      value_template: templates,
      brightness_value_template: templates,
      json_attributes_template: templates,
      schema: fc.constantFrom('json', 'default', 'template', 'basic', 42),
      brightness: fc.oneof(fc.boolean(), scalar),
      brightness_scale: fc.oneof(fc.integer({ min: -5, max: 100_000 }), scalar),
      supported_color_modes: fc.oneof(
        fc.array(fc.constantFrom('onoff', 'brightness', 'color_temp', 'xy', 'hs', 'rgb', 'white', 'bogus')),
        scalar,
      ),
      min_mireds: scalar,
      max_mireds: scalar,
      modes: fc.oneof(fc.array(fc.string({ maxLength: 8 })), scalar),
      device_class: fc.oneof(
        fc.constantFrom('temperature', 'humidity', 'illuminance', 'occupancy', 'door', 'power', 'energy'),
        scalar,
      ),
      unit_of_measurement: fc.oneof(fc.constantFrom('°C', '°F', 'K', '%', 'lx', 'W', 'kWh'), scalar),
      payload_on: scalar,
      payload_off: scalar,
      availability_topic: topic('availability'),
      availability: fc.oneof(
        fc.array(fc.record({ topic: topic('availability'), value_template: templates }, { requiredKeys: [] })),
        scalar,
      ),
      availability_mode: fc.constantFrom('all', 'any', 'latest', 'nonsense'),
      device: fc.oneof(
        fc.record(
          {
            identifiers: fc.oneof(
              fc.array(fc.oneof(fc.constant(`fuzz_dev_${id % 50}`), fc.string({ maxLength: 8 })), { maxLength: 3 }),
              scalar,
            ),
            name: fc.oneof(fc.string({ maxLength: 30 }), scalar),
            via_device: fc.string({ maxLength: 10 }),
          },
          { requiredKeys: [] },
        ),
        scalar,
      ),
      extra: fc.dictionary(key, anyJson, { maxKeys: 4 }),
    },
    { requiredKeys: [] },
  );
}

/**
 * A config the schemas accept, with fuzzed templates, scales, modes and payloads: the states sent after it
 * then reach real entities (templates, JSON state parsing, capability mapping, the registry).
 */
function validish() {
  const word = fc.string({ minLength: 1, maxLength: 10 });
  return fc.record(
    {
      name: fc.oneof(fc.constant(null), word),
      unique_id: fc.constant('fuzz_0_entity'),
      state_topic: fc.constant('fuzz/0/state'),
      command_topic: fc.constant('fuzz/0/set'),
      json_attributes_topic: fc.constant('fuzz/0/attributes'),
      availability_topic: fc.constant('fuzz/0/availability'),
      value_template: templates,
      brightness_value_template: templates,
      json_attributes_template: templates,
      schema: fc.constantFrom('json', 'default'),
      brightness: fc.boolean(),
      brightness_scale: fc.integer({ min: 1, max: 65535 }),
      supported_color_modes: fc.subarray(['onoff', 'brightness', 'color_temp', 'xy', 'hs', 'rgb']),
      min_mireds: fc.integer({ min: 1, max: 1000 }),
      max_mireds: fc.integer({ min: 1, max: 1000 }),
      modes: fc.subarray(['off', 'heat', 'cool', 'auto', 'dry', 'fan_only']),
      device_class: fc.constantFrom('temperature', 'humidity', 'illuminance', 'occupancy', 'door', 'power', 'motion'),
      unit_of_measurement: fc.constantFrom('°C', '°F', 'K', '%', 'lx', 'W'),
      payload_on: word,
      payload_off: word,
      payload_available: word,
      payload_not_available: word,
      device: fc.constant({ identifiers: ['fuzz_dev_0'], name: 'Fuzzed device' }),
    },
    { requiredKeys: ['unique_id', 'state_topic', 'command_topic', 'device'] },
  );
}

const payloadArb = fc.oneof(
  anyJson.map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(
          'state',
          'brightness',
          'color',
          'color_temp',
          'temperature',
          'occupancy',
          'contact',
          '__proto__',
          'constructor',
          'local_temperature',
          'system_mode',
          'POWER',
        ),
        key,
      ),
      fc.oneof(scalar, anyJson),
      { maxKeys: 6 },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom('ON', 'OFF', 'online', 'offline', '', '{', '[]', 'null', 'NaN', '1e999', '-0', '{"__proto__":{"polluted":1}}'),
  fc.string({ maxLength: 60 }),
);

describe('fuzzed discovery configs and state payloads', () => {
  it(`${CONFIG_RUNS} configs, each with state payloads, through the MQTT integration and the registry: nothing escapes`, async () => {
    const clock = new ManualClock(0);
    const registry = new Registry({ clock, logger: silentLogger });
    const connection = new MemoryConnection();
    const integration = new MqttHaIntegration({ connection, clock, host: registry.hostFor('mqtt') });
    registry.addIntegration(integration);
    await integration.start();
    cleanups.push(() => integration.stop());
    let escaped = 0;
    let configs = 0;
    let states = 0;
    const firstEscapes: string[] = [];
    const reproductions = new Map<string, string>();
    // The integration's guard turns a message it could not handle into a diagnostic: expected for a payload it
    // refuses in words ("… is not a JSON object"), a bug when the words are the runtime's (a TypeError).
    const runBugs: string[] = [];
    let handlerErrors = 0;
    registry.events.on('diagnostic', 'fuzz', (d) => {
      if (d.message !== 'Could not handle a message' || !RUNTIME_ERROR.test(d.detail ?? '')) return;
      handlerErrors++;
      runBugs.push(`${d.subject}: ${d.detail}`);
    });
    const polluted = () => ({}) as Record<string, unknown>;
    let id = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...COMPONENTS),
        fc.oneof(
          // Mostly configs a device could send (so states reach real entities), some bent, some garbage.
          { weight: 4, arbitrary: validish().map((c) => JSON.stringify(c)) },
          { weight: 2, arbitrary: configFor(0).map((c) => JSON.stringify(c)) },
          { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
        ),
        fc.array(payloadArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (component, rawConfig, payloads, remove) => {
          const n = id++;
          // Each run its own node id, its topics renamed to this run's (the arbitrary was built for id 0).
          const config = rawConfig
            .replaceAll('fuzz/0/', `fuzz/${n}/`)
            .replaceAll('"fuzz/0"', `"fuzz/${n}"`)
            .replaceAll('"fuzz_dev_0"', `"fuzz_dev_${n % 300}"`);
          const topic = `homeassistant/${component}/node_${n % 500}/obj_${n}/config`;
          try {
            connection.deliver(topic, config, true);
            configs++;
            for (const [i, payload] of payloads.entries()) {
              const to = [`fuzz/${n}/state`, `fuzz/${n}/attributes`, `fuzz/${n}/availability`][i % 3]!;
              connection.deliver(to, payload, true);
              states++;
            }
            if (remove) connection.deliver(topic, '', true);
            clock.advance(1000);
          } catch (error) {
            escaped++;
            if (firstEscapes.length < 5) firstEscapes.push(`${topic} ${config.slice(0, 200)}: ${String(error)}`);
          }
          expect(polluted().polluted).toBeUndefined();
          // A programming error the guard caught during this run: kept with the input that caused it.
          for (const bug of runBugs.splice(0)) reproductions.set(bug, JSON.stringify({ component, config, payloads }));
        },
      ),
      { numRuns: CONFIG_RUNS, seed: 20261201 },
    );
    report('fuzzed discovery configs and state payloads', {
      configs,
      statePayloads: states,
      escapedExceptions: escaped,
      devicesAtEnd: registry.list().length,
      handlerErrorsCaught: handlerErrors,
    });
    expect([...reproductions.entries()].slice(0, 5)).toEqual([]);
    expect(firstEscapes).toEqual([]);
    expect(escaped).toBe(0);
    expect(handlerErrors).toBe(0);
  }, 600_000);
});

describe('fuzzed API bodies', () => {
  it(`${API_RUNS} requests with fuzzed bodies and parameters to every REST route: no 500, the hub keeps serving`, async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const TOKEN = 'fuzz-token-0123456789abcdef0123';
    const hub = await startHub(
      { mqttUrl: broker.url, dataDir: data.dir, http: { host: '127.0.0.1', port: 0, token: TOKEN, uiDir: '/nonexistent' } },
      { logger: silentLogger },
    );
    cleanups.push(() => hub.stop());
    // Routes that would end the run's premise: a restore replaces the store under the fuzzer, a new broker URL
    // moves the hub away from mosquitto. They are fuzzed like the rest, except these keys of their bodies.
    const routes = Object.entries(methods).map(([name, row]) => ({ name, ...row.rest }));
    const status: Record<number, number> = {};
    const fiveHundreds: string[] = [];
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('..', '%', '%zz', '__proto__', 'constructor', '%00', 'x'.repeat(300)),
    );
    const body = fc.oneof(
      anyJson.map((v) => JSON.stringify(v)),
      fc.dictionary(key, fc.oneof(scalar, anyJson), { maxKeys: 6 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('', '{', '{"__proto__":{"admin":true}}', '[]', 'null', '1e999', '"\\ud800"'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        body,
        fc.string({ maxLength: 30 }),
        async (route, segments, payload, query) => {
          let i = 0;
          const path = route.path
            .replace(/:[A-Za-z]+/g, () => encodeURIComponent(segments[i++ % 3]!))
            .replace(/%25/g, () => (i % 2 ? '%' : '%25'));
          const url = `${hub.url!.replace(/\/$/, '')}${path}?${encodeURIComponent(query)}=${encodeURIComponent(query)}`;
          const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
          let bodyText = payload;
          // Keep the hub on its broker and its store (see above).
          if (route.name === 'updateSettings' && bodyText.includes('mqttUrl')) bodyText = '{}';
          if (route.name === 'importSettings' || route.name === 'restoreBackup') bodyText = hasBody ? '{"x":1}' : bodyText;
          const response = await fetch(url, {
            method: route.method,
            headers: { authorization: `Bearer ${TOKEN}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody ? { body: bodyText } : {}),
          });
          status[response.status] = (status[response.status] ?? 0) + 1;
          const text = await response.text();
          if (response.status >= 500 && response.status !== 503 && response.status !== 504)
            fiveHundreds.push(`${route.method} ${path} ${bodyText.slice(0, 100)} → ${response.status} ${text.slice(0, 200)}`);
        },
      ),
      { numRuns: API_RUNS, seed: 20261201 },
    );
    const health = await fetch(`${hub.url}api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    report('fuzzed API bodies', {
      requests: API_RUNS,
      routes: routes.length,
      statuses: Object.entries(status)
        .map(([code, count]) => `${code}:${count}`)
        .join(','),
      internalErrors: fiveHundreds.length,
    });
    expect(fiveHundreds.slice(0, 10)).toEqual([]);
    expect(health.status).toBe(200);
  }, 600_000);
});
