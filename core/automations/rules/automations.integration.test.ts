/**
 * People's automations and scenes end to end: the whole hub (with its store) against a real mosquitto, devices played
 * by an MQTT client that answers like zigbee2mqtt and Tasmota, time on a ManualClock. Asserts the exact topic and
 * payload an automation and a scene send, the REST rows and their 400s, traces, "why", the logbook, loops, dry runs,
 * the timeline and the backup.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHub, type Hub } from '../../hub';
import { fixture } from '../../integrations/mqtt-ha/test-fixtures';
import type { Automation, Diagnostic, LogbookEntry, Scene, Trace } from '../../model';
import { startMosquitto, type Mosquitto } from '../../test-support/mosquitto';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';

const TOKEN = 'automations-token-0123456789';
const LIGHT = 'mqtt:zigbee2mqtt_0x000b57fffec6a5b2';
const MOTION = 'mqtt:zigbee2mqtt_0x00178801hallmotion';
const RELAY = 'mqtt:D04DF5';
/** Thursday 15 January 2026, 22:14 in Berlin: after sunset. */
const NIGHT = Date.UTC(2026, 0, 15, 21, 14);
/** The motion, a second after the hub started (history keeps one value per series and millisecond). */
const RUN_AT = NIGHT + 1000;
const MINUTE = 60_000;

let broker: Mosquitto;
let hub: Hub;
let devices: MqttClient;
let dataDir: string;
const clock = new ManualClock(NIGHT);
const published: { topic: string; payload: string }[] = [];

/** The hall's motion sensor: the recorded Aqara occupancy config as a motion sensor of its own. */
function motionConfig() {
  const { payload } = fixture('z2m/ha-discovery-binary_sensor-occupancy-DERIVED-current.txt');
  const config = JSON.parse(payload) as Record<string, unknown>;
  return {
    ...config,
    device_class: 'motion',
    state_topic: 'zigbee2mqtt/hall_motion',
    unique_id: '0x00178801hallmotion_occupancy_zigbee2mqtt',
    value_template: '{{ value_json.occupancy }}',
    device: { identifiers: ['zigbee2mqtt_0x00178801hallmotion'], name: 'hall_motion', manufacturer: 'Aqara' },
  };
}

async function startDevices(url: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 500 });
  const bulb: Record<string, unknown> = { brightness: 127, color_temp: 370, state: 'ON' };
  client.on('message', (topic, buffer) => {
    const payload = buffer.toString();
    published.push({ topic, payload });
    if (topic === 'zigbee2mqtt/bulb/set') {
      Object.assign(bulb, JSON.parse(payload));
      void client.publishAsync('zigbee2mqtt/bulb', JSON.stringify(bulb));
    } else if (topic === 'XefilHome/GARDEN02/cmnd/POWER1')
      void client.publishAsync('XefilHome/GARDEN02/STATE', JSON.stringify({ POWER1: payload }));
  });
  await client.subscribeAsync(['zigbee2mqtt/+/set', 'XefilHome/+/cmnd/+']);
  const retain = (topic: string, payload: string) => client.publishAsync(topic, payload, { retain: true, qos: 1 });
  await retain('zigbee2mqtt/bridge/state', '{"state":"online"}');
  for (const path of [
    'z2m/ha-discovery-light-color_temp-ikea-bulb.txt',
    'tasmota/legacy-SetOption19-ha-discovery-switch-real.txt',
  ]) {
    const { topic, payload } = fixture(path);
    await retain(topic, payload);
  }
  await retain('homeassistant/binary_sensor/0x00178801hallmotion/occupancy/config', JSON.stringify(motionConfig()));
  await retain('zigbee2mqtt/bulb', JSON.stringify(bulb));
  await retain('zigbee2mqtt/hall_motion', '{"occupancy":false}');
  await retain('XefilHome/GARDEN02/LWT', 'Online');
  await retain('XefilHome/GARDEN02/STATE', '{"POWER1":"ON"}');
  return client;
}

async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
type Failure = { code: string; message: string };

const sets = (from: number) => published.slice(from).filter((m) => /\/set$|\/cmnd\//.test(m.topic));
const motion = (on: boolean) => devices.publishAsync('zigbee2mqtt/hall_motion', JSON.stringify({ occupancy: on }));
const device = (id: string) => hub.registry.get(id);

async function until(check: () => boolean | Promise<boolean>, what: string) {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 10_000, interval: 20 },
  );
}

/** The example, on this home's devices. */
const hallway = {
  name: 'Hallway at night',
  mode: 'restart',
  triggers: [{ type: 'state', device: MOTION, capability: 'motion', to: true }],
  conditions: [{ type: 'sun', after: 'sunset' }],
  actions: [
    { type: 'command', device: LIGHT, command: { power: true, brightness: 30 } },
    { type: 'wait', trigger: { type: 'state', device: MOTION, capability: 'motion', to: false, for: 'PT5M' } },
    { type: 'command', device: LIGHT, command: { power: false } },
  ],
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'homeroom-automations-'));
  broker = await startMosquitto();
  devices = await startDevices(broker.url);
  hub = await startHub(
    {
      mqttUrl: broker.url,
      http: { host: '127.0.0.1', port: 0, token: TOKEN, uiDir: '/nonexistent' },
      dataDir,
      confirmTimeoutMs: 1500,
    },
    { clock, logger: silentLogger },
  );
  await until(() => [LIGHT, MOTION, RELAY].every((id) => device(id)?.lastSeen !== undefined), 'three reporting devices');
  // The hall is its own automation's: the room's own lighting is off there.
  const hall = await api<{ id: string }>('POST', 'rooms', { name: 'Hall' });
  await api('PATCH', `rooms/${hall.body.id}/behaviour`, { lighting: { mode: 'off' } });
  await api('PATCH', `devices/${encodeURIComponent(LIGHT)}`, { name: 'Hall light', roomId: hall.body.id });
  await api('PATCH', `devices/${encodeURIComponent(MOTION)}`, { name: 'Hall motion', roomId: hall.body.id });
  await api('PATCH', 'settings', { timeZone: 'Europe/Berlin', location: { latitude: 52.52, longitude: 13.4 } });
}, 30_000);

afterAll(async () => {
  await hub?.stop();
  await devices?.endAsync();
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the REST rows of automations', () => {
  it('creates, reads, lists, replaces and deletes, with 400s that name the field', async () => {
    const created = await api<Automation>('POST', 'automations', { ...hallway, name: 'Draft hallway' });
    expect(created).toMatchObject({ status: 201, body: { id: 'draft-hallway', enabled: true, respectManual: true, max: 10 } });
    expect((await api<Automation>('GET', 'automations/draft-hallway')).body).toEqual(created.body);
    const renamed = await api<Automation>('PUT', 'automations/draft-hallway', {
      ...created.body,
      name: 'Renamed',
      enabled: false,
    });
    expect(renamed).toMatchObject({ status: 200, body: { id: 'draft-hallway', name: 'Renamed', enabled: false } });
    expect((await api<Automation[]>('GET', 'automations')).body.map((a) => a.name)).toContain('Renamed');
    expect(await api('DELETE', 'automations/draft-hallway')).toEqual({ status: 200, body: { id: 'draft-hallway' } });
    expect((await api<Failure>('GET', 'automations/draft-hallway')).status).toBe(404);

    const refused = async (body: unknown, message: string) => {
      const answer = await api<Failure>('POST', 'automations', body);
      expect(answer.status, message).toBe(400);
      expect(answer.body.message).toBe(`Invalid createAutomation request: ${message}`);
    };
    const trigger = hallway.triggers[0]!;
    await refused(
      { ...hallway, triggers: [{ ...trigger, device: 'mqtt:nope' }] },
      'triggers.0.device: no device with id "mqtt:nope"',
    );
    await refused(
      { ...hallway, triggers: [{ type: 'numeric', device: MOTION, capability: 'temperature', below: 5 }] },
      'triggers.0.capability: Hall motion has no temperature',
    );
    await refused(
      { ...hallway, actions: [{ type: 'command', device: MOTION, command: { brightness: 30 } }] },
      'actions.0.command: Hall motion has no brightness',
    );
    await refused(
      { ...hallway, triggers: [{ type: 'cron', cron: '0 0 30 2 *' }] },
      'triggers.0.cron: "0 0 30 2 *" never fires (no date matches it)',
    );
    await refused(
      { ...hallway, actions: [{ type: 'command', scene: 'nowhere' }] },
      'actions.0.scene: no scene with id "nowhere"',
    );
    expect((await api<Automation[]>('GET', 'automations')).body).toEqual([]);
  });
});

describe('the hallway automation', () => {
  it('sends exactly on 30 % on motion and off 5 minutes after the motion stops, and says why', async () => {
    expect((await api('POST', 'automations', hallway)).status).toBe(201);
    const start = published.length;
    clock.advance(RUN_AT - clock.now());
    await motion(true);
    await until(() => sets(start).length >= 1, 'the switch-on');
    expect(sets(start)).toEqual([{ topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","brightness":76}' }]);
    await until(() => device(LIGHT)?.capabilities.brightness?.value === 30, 'the light at 30 %');

    clock.advance(1000);
    await motion(false);
    await until(() => device(MOTION)?.capabilities.motion?.value === false, 'the motion to clear');
    clock.advance(5 * MINUTE - 1);
    // One more report on the same connection comes after anything the first 4:59 could have sent.
    await motion(false);
    await until(() => hub.registry.get(MOTION)?.lastSeen === clock.now(), 'the later report');
    expect(sets(start)).toHaveLength(1);
    clock.advance(1);
    await until(() => sets(start).length >= 2, 'the switch-off');
    expect(sets(start)).toEqual([
      { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","brightness":76}' },
      { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"OFF"}' },
    ]);
    await until(() => device(LIGHT)?.capabilities.power?.value === false, 'the light off');

    const why = await api<{ why: { text: string; writer: string }; history: { text: string; automation?: unknown }[] }>(
      'GET',
      `devices/${encodeURIComponent(LIGHT)}/why`,
    );
    expect(why.body.why).toMatchObject({
      writer: 'rule',
      text: "Hall light → off: automation 'Hallway at night', run at 22:14 after Hall motion detected motion",
    });
    expect(why.body.history.map((d) => d.text)).toContain(
      "Hall light → on 30 %: automation 'Hallway at night', run at 22:14 after Hall motion detected motion",
    );
    expect(why.body.history.at(-1)?.automation).toEqual({
      id: 'hallway-at-night',
      name: 'Hallway at night',
      runId: expect.any(String),
    });

    // The logbook attributes each command to the automation once; the device's echo is not a second entry.
    const logbook = (await api<LogbookEntry[]>('GET', `logbook?device=${encodeURIComponent(LIGHT)}`)).body;
    expect(logbook.filter((e) => e.cause.kind !== 'user').map((e) => [e.message, e.cause])).toEqual([
      [why.body.why.text, { kind: 'automation', rule: 'Hallway at night' }],
      [why.body.history.at(-2)?.text, { kind: 'automation', rule: 'Hallway at night' }],
    ]);
  });

  it('stores the run with its trigger, conditions and confirmed actions, and a non-run with what the condition saw', async () => {
    // Thursday morning, 10:30 in Berlin: the sun is up.
    clock.advance(Date.UTC(2026, 0, 16, 9, 30) - clock.now());
    await motion(true);
    await until(
      async () => (await api<Trace[]>('GET', 'automations/hallway-at-night/traces')).body.length >= 2,
      'a second trace',
    );
    clock.advance(1000);
    await motion(false);
    await until(() => device(MOTION)?.capabilities.motion?.value === false, 'the motion to clear');
    const traces = (await api<Trace[]>('GET', 'automations/hallway-at-night/traces?limit=10')).body;
    expect(traces).toHaveLength(2);
    const [skipped, run] = traces as [Trace, Trace];
    expect(skipped).toMatchObject({
      ran: false,
      result: 'skipped',
      trigger: { type: 'state', detail: 'Hall motion detected motion', values: { device: MOTION, to: true } },
      conditions: [{ type: 'sun', ok: false, seen: expect.stringMatching(/sunset/) }],
      reason: expect.stringMatching(/^did not run at 10:30: /),
      actions: [],
    });
    expect(run).toMatchObject({
      ran: true,
      result: 'finished',
      at: RUN_AT,
      trigger: { detail: 'Hall motion detected motion' },
      conditions: [{ type: 'sun', ok: true }],
      actions: [
        { type: 'command', ok: true, detail: 'Hall light → on at 30 % (confirmed)' },
        { type: 'wait', ok: true, detail: 'waited 5 minutes 1 second for Hall motion stopped detecting motion for 5 minutes' },
        { type: 'command', ok: true, detail: 'Hall light → off (confirmed)' },
      ],
    });
    expect((await api<Trace[]>('GET', 'automations/hallway-at-night/traces?limit=1')).body).toEqual([skipped]);
    expect((await api<Failure>('GET', 'automations/hallway-at-night/traces?limit=0')).status).toBe(400);
  });

  it('dry-runs on the recorded history: the night run and the morning non-run, sending nothing', async () => {
    const start = published.length;
    const answer = await api<{ runs: { at: number; trace: Trace }[]; notRun: { at: number; trace: Trace }[] }>(
      'POST',
      'automations/dry-run',
      { automation: hallway, from: NIGHT - MINUTE, to: clock.now() + MINUTE },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.runs.map((r) => r.at)).toEqual([RUN_AT]);
    expect(answer.body.runs[0]!.trace.actions.map((a) => a.detail)).toEqual([
      'Hall light → on at 30 % (not sent: dry run)',
      expect.stringMatching(/^waited 5 minutes/),
      'Hall light → off (not sent: dry run)',
    ]);
    expect(answer.body.notRun.map((r) => r.trace.result)).toEqual(['skipped']);
    const bad = await api<Failure>('POST', 'automations/dry-run', {
      automation: { ...hallway, triggers: [{ ...hallway.triggers[0], device: 'mqtt:nope' }] },
    });
    expect(bad.body.message).toBe(
      'Invalid dryRunAutomation request: automation.triggers.0.device: no device with id "mqtt:nope"',
    );
    expect(sets(start)).toEqual([]);
  });

  it('lists its next time triggers in the timeline', async () => {
    await api('POST', 'automations', {
      name: 'Morning',
      triggers: [{ type: 'time', at: '07:30' }],
      actions: [{ type: 'command', device: RELAY, command: { power: true } }],
    });
    const timeline = await api<{ at: number; text: string; source: string }[]>('GET', 'timeline?hours=24');
    expect(timeline.body).toContainEqual({
      at: Date.UTC(2026, 0, 17, 6, 30),
      text: "'Morning' runs at 07:30: when it is 07:30",
      source: 'automation',
      automationId: 'morning',
    });
    expect(timeline.body.map((e) => e.at)).toEqual([...timeline.body.map((e) => e.at)].sort((a, b) => a - b));
    // A time trigger has no room: the automation shows in the room of its first command (the room page's list).
    await api('POST', 'automations', {
      name: 'Evening',
      triggers: [{ type: 'time', at: '21:00' }],
      actions: [{ type: 'command', device: LIGHT, command: { power: true } }],
    });
    const roomId = device(LIGHT)?.roomId;
    expect(roomId).toBeTruthy();
    const withRoom = await api<{ automationId?: string; roomId?: string }[]>('GET', 'timeline?hours=24');
    expect(withRoom.body.find((e) => e.automationId === 'evening')).toMatchObject({ roomId });
    await api('DELETE', 'automations/evening');
    await api('DELETE', 'automations/morning');
  });
});

describe('scenes', () => {
  it('captures devices, refuses a cycle, and applied by hand sends exactly each state as a manual change', async () => {
    const captured = await api<Scene>('POST', 'scenes', { name: 'Now', devices: [LIGHT, RELAY] });
    expect(captured).toMatchObject({
      status: 201,
      body: {
        id: 'now',
        states: [
          { device: LIGHT, command: { power: false } },
          { device: RELAY, command: { power: true } },
        ],
      },
    });
    const night = await api<Scene>('POST', 'scenes', {
      name: 'Good night',
      states: [
        { device: LIGHT, command: { power: false } },
        { device: RELAY, command: { power: false } },
      ],
    });
    expect(night.status).toBe(201);
    const both = await api<Scene>('POST', 'scenes', { name: 'Both', states: [{ scene: 'good-night' }, { scene: 'now' }] });
    expect(both.status).toBe(201);
    const cycle = await api<Failure>('PUT', 'scenes/now', {
      ...captured.body,
      states: [...captured.body.states, { scene: 'both' }],
    });
    expect(cycle).toEqual({
      status: 400,
      body: {
        code: 'invalid',
        message: 'Invalid updateScene request: states.2.scene: scenes include each other in a cycle: “Now” → “Both” → “Now”',
      },
    });
    const unknown = await api<Failure>('POST', 'scenes', { name: 'X', devices: ['mqtt:nope'] });
    expect(unknown.body.message).toBe('Invalid createScene request: devices.0: no device with id "mqtt:nope"');
    const lacking = await api<Failure>('POST', 'scenes', { name: 'X', states: [{ device: MOTION, command: { power: true } }] });
    expect(lacking.body.message).toBe('Invalid createScene request: states.0.command: Hall motion has no power');

    await api('POST', `devices/${encodeURIComponent(LIGHT)}/command`, { power: true, brightness: 50 });
    const start = published.length;
    const applied = await api<{ results: { deviceId: string; ok: boolean }[] }>('POST', 'scenes/good-night/apply');
    expect(applied.body.results).toEqual([
      { deviceId: LIGHT, ok: true, detail: 'confirmed' },
      { deviceId: RELAY, ok: true, detail: 'confirmed' },
    ]);
    expect(sets(start)).toEqual([
      { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"OFF"}' },
      { topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF' },
    ]);
    const why = await api<{ why: { writer: string; byHand?: boolean; text: string } }>(
      'GET',
      `devices/${encodeURIComponent(LIGHT)}/why`,
    );
    expect(why.body.why).toMatchObject({
      writer: 'manual',
      byHand: true,
      text: expect.stringContaining('with the scene “Good night” from the API'),
    });
  });

  it('applied by hand with a transition, sends it natively to the zigbee2mqtt light and leaves it out for the relay', async () => {
    await api('POST', `devices/${encodeURIComponent(RELAY)}/command`, { power: true });
    const fade = await api<Scene>('POST', 'scenes', {
      name: 'Evening fade',
      transitionS: 2.5,
      states: [
        { device: LIGHT, command: { power: true, brightness: 40 } },
        { device: RELAY, command: { power: false } },
      ],
    });
    expect(fade).toMatchObject({ status: 201, body: { id: 'evening-fade', transitionS: 2.5 } });
    const start = published.length;
    const applied = await api<{ results: { deviceId: string; ok: boolean }[] }>('POST', 'scenes/evening-fade/apply');
    expect(applied.body.results).toEqual([
      { deviceId: LIGHT, ok: true, detail: 'confirmed' },
      { deviceId: RELAY, ok: true, detail: 'confirmed' },
    ]);
    expect(sets(start)).toEqual([
      { topic: 'zigbee2mqtt/bulb/set', payload: '{"state":"ON","brightness":102,"transition":2.5}' },
      { topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF' },
    ]);
    // Still a change by hand for the room.
    const why = await api<{ why: { writer: string; byHand?: boolean; text: string } }>(
      'GET',
      `devices/${encodeURIComponent(LIGHT)}/why`,
    );
    expect(why.body.why).toMatchObject({ writer: 'manual', byHand: true, text: expect.stringContaining('“Evening fade”') });
    // An automation's command fades too, through the arbiter (it takes over from the hand: respectManual off).
    const made = await api<Automation>('POST', 'automations', {
      name: 'Fade up',
      respectManual: false,
      triggers: [{ type: 'time', at: '23:00' }],
      actions: [{ type: 'command', device: LIGHT, command: { power: true, brightness: 60 }, transitionS: 1 }],
    });
    expect(made.status).toBe(201);
    const before = published.length;
    expect((await api('POST', 'automations/fade-up/run')).status).toBe(200);
    await until(() => sets(before).length > 0, 'the fade up');
    expect(sets(before).map((p) => ({ topic: p.topic, payload: JSON.parse(p.payload) as unknown }))).toEqual([
      { topic: 'zigbee2mqtt/bulb/set', payload: { state: 'ON', brightness: expect.any(Number), transition: 1 } },
    ]);
    expect((await api('DELETE', 'automations/fade-up')).status).toBe(200);

    // The next tests start from the home as "Good night" left it.
    expect((await api('DELETE', 'scenes/evening-fade')).status).toBe(200);
    expect((await api('POST', 'scenes/good-night/apply')).status).toBe(200);
  });

  it('applied by an automation, writes at the rule priority: the room device through the arbiter, the other directly', async () => {
    await api('POST', `devices/${encodeURIComponent(RELAY)}/command`, { power: true });
    const created = await api<Automation>('POST', 'automations', {
      name: 'Night scene',
      triggers: [{ type: 'time', at: '23:00' }],
      actions: [{ type: 'command', scene: 'good-night' }],
    });
    expect(created.status).toBe(201);
    const start = published.length;
    expect(await api('POST', 'automations/night-scene/run')).toEqual({ status: 200, body: { id: 'night-scene', started: true } });
    await until(() => device(RELAY)?.capabilities.power?.value === false, 'the relay off');
    // The hall is occupied (this morning's motion) and its light was switched off by hand with the scene: that hand
    // holds it (respectManual), so only the relay, in no room, is sent its state.
    expect(sets(start)).toEqual([{ topic: 'XefilHome/GARDEN02/cmnd/POWER1', payload: 'OFF' }]);
    const relay = await api<{ why: { writer: string; text: string; roomId: string } }>(
      'GET',
      `devices/${encodeURIComponent(RELAY)}/why`,
    );
    expect(relay.body.why).toMatchObject({
      writer: 'rule',
      roomId: '',
      text: expect.stringMatching(/ → off: automation 'Night scene', run at 10:30 after .*; scene “Good night”$/),
    });
    await until(
      async () => (await api<Trace[]>('GET', 'automations/night-scene/traces')).body[0]?.result === 'finished',
      'the run',
    );
    const [trace] = (await api<Trace[]>('GET', 'automations/night-scene/traces')).body;
    expect(trace!.actions).toEqual([
      expect.objectContaining({
        type: 'scene',
        ok: true,
        detail: expect.stringMatching(
          /^scene Good night \(2 devices set; Hall light: kept power: switched off by hand with the scene/,
        ),
      }),
    ]);
    await api('DELETE', 'automations/night-scene');
  });
});

describe('loops', () => {
  it('two automations that undo each other are stopped and reported in diagnostics', async () => {
    const ping = {
      name: 'Ping',
      triggers: [{ type: 'state', device: RELAY, capability: 'power', to: true }],
      actions: [{ type: 'command', device: RELAY, command: { power: false } }],
    };
    const pong = {
      name: 'Pong',
      triggers: [{ type: 'state', device: RELAY, capability: 'power', to: false }],
      actions: [{ type: 'command', device: RELAY, command: { power: true } }],
    };
    await api('POST', 'automations', ping);
    await api('POST', 'automations', pong);
    await api('POST', `devices/${encodeURIComponent(RELAY)}/command`, { power: true });
    await until(async () => {
      const list = (await api<Diagnostic[]>('GET', 'diagnostics')).body;
      return list.some((d) => d.subject === 'Automation “Ping”' && /ran more than 20 times within 60 s/.test(d.message));
    }, 'the loop diagnostic');
    const diagnostics = (await api<Diagnostic[]>('GET', 'diagnostics')).body.filter((d) => d.subject.startsWith('Automation'));
    expect(diagnostics.find((d) => d.subject === 'Automation “Ping”')).toMatchObject({ level: 'error' });
    expect(await api('POST', 'automations/ping/run')).toEqual({ status: 200, body: { id: 'ping', started: false } });
    await api('DELETE', 'automations/ping');
    await api('DELETE', 'automations/pong');
  });
});

describe('the backup', () => {
  it('holds automations and scenes and restores them into another hub', async () => {
    const backup = (await api<{ version: number; automations: Automation[]; scenes: Scene[] }>('GET', 'export')).body;
    expect(backup.version).toBe(3);
    expect(backup.automations.map((a) => a.id)).toEqual(['hallway-at-night']);
    expect(backup.scenes.map((s) => s.id)).toEqual(['now', 'good-night', 'both']);
    const otherDir = mkdtempSync(join(tmpdir(), 'homeroom-automations-restore-'));
    const other = await startHub(
      { mqttUrl: broker.url, dataDir: otherDir },
      { clock: new ManualClock(NIGHT), logger: silentLogger },
    );
    try {
      const report = await other.handlers.importSettings({ backup });
      expect(report).toMatchObject({ ok: true });
      expect(await other.handlers.listAutomations({})).toEqual(backup.automations);
      expect(await other.handlers.listScenes({})).toEqual(backup.scenes);
      const duplicate = await other.handlers.importSettings({
        backup: { ...backup, scenes: [...backup.scenes, backup.scenes[0]] },
      });
      expect(duplicate).toMatchObject({
        ok: false,
        problems: [{ path: 'scenes[3].id', message: 'duplicate id "now" (also scenes[0])' }],
      });
    } finally {
      await other.stop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
