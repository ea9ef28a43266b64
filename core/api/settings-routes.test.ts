/**
 * The settings over REST and WebSocket against a real startHub (data directory, embedded broker, a real
 * mosquitto to switch to), and what the hub does with them: the broker it connects to and the sun times
 * of the rooms' circadian light. The hub runs on a manual clock so the sun stands where the test says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import { freePort, startMosquitto, type Mosquitto } from '../test-support/mosquitto';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';

const token = 'test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-api-settings-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
/** 21 June 2026, 11:00 UTC: midday in Berlin, 01:00 in Honolulu. */
const clock = new ManualClock(Date.UTC(2026, 5, 21, 11, 0));
const BERLIN = { latitude: 52.52, longitude: 13.4 };
const HONOLULU = { latitude: 21.3, longitude: -157.86 };
let hub: Hub;
let mosquitto: Mosquitto;

const boot = () =>
  startHub(
    { dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token, uiDir } },
    { logger: silentLogger, clock },
  );

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const mqttStatus = async () => (await api('GET', 'health')).body.mqtt;

beforeAll(async () => {
  mosquitto = await startMosquitto();
  hub = await boot();
});

afterAll(async () => {
  await hub?.stop();
  await mosquitto?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('settings over REST', () => {
  it('are empty at first, change by PATCH, clear with null, and are refused when invalid', async () => {
    expect(await api('GET', 'settings')).toEqual({ status: 200, body: {} });
    const patched = await api('PATCH', 'settings', { units: 'fahrenheit', theme: 'dark', location: BERLIN });
    expect(patched).toEqual({ status: 200, body: { units: 'fahrenheit', theme: 'dark', location: BERLIN } });
    expect((await api('GET', 'settings')).body).toEqual({ units: 'fahrenheit', theme: 'dark', location: BERLIN });

    expect((await api('PATCH', 'settings', { theme: null })).body).toEqual({ units: 'fahrenheit', location: BERLIN });
    expect(await api('PATCH', 'settings', { units: 'kelvin' })).toMatchObject({
      status: 400,
      body: { code: 'invalid', message: expect.stringMatching(/^Invalid updateSettings request: units: /) },
    });
    expect(await api('PATCH', 'settings', { mqttUrl: 'mqtt://user:secret@broker.local' })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('without a password') },
    });
    expect((await api('PATCH', 'settings', { colour: 'red' })).status).toBe(400);
    expect((await api('PATCH', 'settings', [1, 2])).body).toEqual({
      code: 'invalid',
      message: 'The request body must be a JSON object',
    });
    expect((await api('GET', 'settings')).body).toEqual({ units: 'fahrenheit', location: BERLIN });
  });

  it('pushes settingsChanged to WebSocket clients', async () => {
    const ws = new WebSocket(`${hub.url!.replace('http', 'ws')}api/ws`);
    const frames: { type: string; name?: string; payload?: unknown; id?: number }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'auth', token }));
    ws.send(JSON.stringify({ type: 'subscribe', events: ['settingsChanged'] }));
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'updateSettings', params: { theme: 'light' } }));
    await expect
      .poll(() => frames.find((f) => f.type === 'event' && f.name === 'settingsChanged')?.payload)
      .toEqual({
        units: 'fahrenheit',
        location: BERLIN,
        theme: 'light',
      });
    expect(frames.find((f) => f.id === 1)).toMatchObject({ ok: true, result: { theme: 'light' } });
    ws.close();
  });

  it('survive a restart of the hub', async () => {
    await hub.stop();
    hub = await boot();
    expect((await api('GET', 'settings')).body).toEqual({ units: 'fahrenheit', location: BERLIN, theme: 'light' });
  });
});

describe('the broker password', () => {
  const PASSWORD = 'correct horse battery staple';
  it('is stored as the secret mqtt:password and never echoed back', async () => {
    expect(await api('GET', 'settings/mqtt-password')).toEqual({ status: 200, body: { stored: false } });
    const put = await api('PUT', 'settings/mqtt-password', { password: PASSWORD });
    expect(put).toEqual({ status: 200, body: { stored: true } });
    expect(hub.store!.secrets.get('mqtt:password')).toBe(PASSWORD);
    expect(await api('GET', 'settings/mqtt-password')).toEqual({ status: 200, body: { stored: true } });
    // Nowhere in what the API answers: settings, the backup, health.
    for (const path of ['settings', 'export', 'health', 'settings/mqtt-password'])
      expect(JSON.stringify((await api('GET', path)).body)).not.toContain('horse');
    expect(await api('PUT', 'settings/mqtt-password', { password: '' })).toMatchObject({ status: 400 });
    expect(await api('PUT', 'settings/mqtt-password', { password: null })).toEqual({ status: 200, body: { stored: false } });
    expect(hub.store!.secrets.get('mqtt:password')).toBeUndefined();
  });
});

describe('the home location feeds the sun times of the rooms', () => {
  it('a circadian room is in daylight in Berlin and at night in Honolulu at the same moment', async () => {
    const room = (await api('POST', 'rooms', { name: 'Study' })).body;
    const curve = await api('PATCH', `rooms/${room.id}/behaviour`, { lighting: { curve: { kind: 'circadian' } } });
    expect(curve.body.lighting.curve).toEqual({
      kind: 'circadian',
      minKelvin: 2200,
      maxKelvin: 5000,
      minBrightness: 20,
      maxBrightness: 100,
    });
    expect((await api('GET', `rooms/${room.id}/status`)).body.preference).toBe("the room's circadian daylight setting");
    await api('PATCH', 'settings', { location: HONOLULU });
    expect((await api('GET', `rooms/${room.id}/status`)).body.preference).toBe("the room's circadian night setting");
    await api('PATCH', 'settings', { location: BERLIN });
    expect((await api('GET', `rooms/${room.id}/status`)).body.preference).toBe("the room's circadian daylight setting");
  });
});

describe('the broker URL in the settings', () => {
  it('reconnects the hub to the new broker, whose devices then appear', async () => {
    expect(await mqttStatus()).toMatchObject({ embedded: true, state: 'connected' });
    const plug = await mqtt.connectAsync(mosquitto.url);
    await plug.publishAsync(
      'homeassistant/switch/test_plug/config',
      JSON.stringify({
        name: null,
        unique_id: 'test_plug_relay',
        command_topic: 'test_plug/set',
        state_topic: 'test_plug/state',
        device: { identifiers: ['test_plug'], name: 'Balcony plug' },
      }),
      { retain: true, qos: 1 },
    );
    await plug.publishAsync('test_plug/state', 'ON', { retain: true, qos: 1 });
    await plug.endAsync();

    expect((await api('PATCH', 'settings', { mqttUrl: mosquitto.url })).body.mqttUrl).toBe(mosquitto.url);
    await expect.poll(mqttStatus).toMatchObject({ embedded: false, state: 'connected', url: mosquitto.url });
    await expect
      .poll(async () => (await api('GET', 'devices')).body.map((d: { name: string }) => d.name))
      .toContain('Balcony plug');
    expect((await api('GET', 'health')).body.demo).toMatchObject({ available: false });

    // Without --mqtt, a restarted hub goes to the stored broker straight away.
    await hub.stop();
    hub = await boot();
    expect(hub.mqttUrl).toBe(mosquitto.url);
    await expect.poll(mqttStatus).toMatchObject({ embedded: false, state: 'connected' });
  });

  it('shows an unreachable or unusable broker in the MQTT status, and null goes back to the embedded one', async () => {
    const closed = `mqtt://127.0.0.1:${await freePort()}`;
    await api('PATCH', 'settings', { mqttUrl: closed });
    await expect.poll(mqttStatus).toMatchObject({ embedded: false, state: 'reconnecting', error: expect.any(String) });

    await api('PATCH', 'settings', { mqttUrl: 'tcp://127.0.0.1:1883' });
    await expect.poll(mqttStatus).toMatchObject({
      state: 'offline',
      error: expect.stringContaining('Unsupported MQTT broker URL scheme'),
    });

    await api('PATCH', 'settings', { mqttUrl: null });
    await expect.poll(mqttStatus).toMatchObject({ embedded: true, state: 'connected' });
    expect((await api('GET', 'health')).body.demo).toMatchObject({ available: true });
  });
});
