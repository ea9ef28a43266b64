/**
 * The discovery inbox over REST and WebSocket against a real startHub with a data directory and the
 * virtual home's LAN devices on 127.0.0.1 (added by address: no multicast here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startLanDevices, type LanDevices } from '../../sim/lan';
import { startHub, type Hub } from '../hub';
import { silentLogger } from '../util/logger';

const token = 'test-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-api-discovery-'));
const uiDir = mkdtempSync(join(tmpdir(), 'homeroom-ui-'));
let hub: Hub;
let lan: LanDevices;

const boot = () =>
  startHub({ dataDir, embeddedBrokerPort: 0, http: { host: '127.0.0.1', port: 0, token, uiDir } }, { logger: silentLogger });

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  lan = await startLanDevices({ advertise: false });
  hub = await boot();
});

afterAll(async () => {
  await hub?.stop();
  await lan?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

describe('discovery over REST', () => {
  it('manual add of every kind of LAN device fills the inbox', async () => {
    const { shellyPlug, wled, hue, elgato } = lan.devices;
    for (const port of [shellyPlug.port, wled.port, hue.port, elgato.port]) {
      const { status } = await api('POST', 'discovery/manual', { host: '127.0.0.1', port });
      expect(status).toBe(200);
    }
    const { body } = await api('GET', 'discovery');
    expect(body.map((e: { integration: string }) => e.integration).sort()).toEqual(['elgato', 'hue', 'shelly', 'wled']);
  });

  it('nothing at an address: 404 with words; a bad host: 400', async () => {
    expect(await api('POST', 'discovery/manual', { host: '127.0.0.1', port: 9 })).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    expect(await api('POST', 'discovery/manual', { host: 'a b' })).toMatchObject({ status: 400, body: { code: 'invalid' } });
  });

  it('add puts the device on the dashboard, in a room, under its new name; it can be controlled', async () => {
    const room = await api('POST', 'rooms', { name: 'Office' });
    const id = `shelly:${lan.devices.shellyPlug.id}`;
    const added = await api('POST', `discovery/${encodeURIComponent(id)}/add`, { name: 'Desk lamp', roomId: room.body.id });
    expect(added).toMatchObject({ status: 201, body: [{ id, name: 'Desk lamp', roomId: room.body.id, availability: 'online' }] });
    const command = await api('POST', `devices/${encodeURIComponent(id)}/command`, { power: true });
    expect(command).toMatchObject({ status: 200, body: { capabilities: { power: { value: true } } } });
    expect(lan.devices.shellyPlug.state.output).toBe(true);
    expect((await api('GET', 'discovery')).body.some((e: { id: string }) => e.id === id)).toBe(false);
  });

  it('the Hue bridge answers 409 with the instruction until it is paired', async () => {
    const id = 'hue:001788fffe6a6c72';
    expect(await api('POST', `discovery/${id}/add`)).toEqual({
      status: 409,
      body: { code: 'needs_pairing', message: 'Press the link button on the bridge, then click Pair' },
    });
    lan.devices.hue.pressLinkButton();
    expect(await api('POST', `discovery/${id}/pair`)).toMatchObject({ status: 200, body: { id, needsPairing: false } });
    const added = await api('POST', `discovery/${id}/add`, {});
    expect(added.status).toBe(201);
    expect(added.body).toHaveLength(4);
  });

  it('ignore hides a device and pushes discoveryChanged to WebSocket clients', async () => {
    const ws = new WebSocket(`${hub.url!.replace('http', 'ws')}api/ws`);
    const frames: { type: string; name?: string; payload?: { devices: { id: string }[] } }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'auth', token }));
    ws.send(JSON.stringify({ type: 'subscribe', events: ['discoveryChanged'] }));
    // Frames are handled in order: the answer to a later request means the subscription is in place.
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'health', params: {} }));
    await vi.waitFor(() => expect(frames.some((f) => f.type === 'response')).toBe(true));
    const id = `elgato:${lan.devices.elgato.macAddress.replace(/:/g, '').toLowerCase()}`;
    expect(await api('POST', `discovery/${id}/ignore`)).toEqual({ status: 200, body: { id } });
    await vi.waitFor(() =>
      expect(frames.find((f) => f.name === 'discoveryChanged')?.payload?.devices.map((d) => d.id)).toEqual([
        `wled:${lan.devices.wled.state.mac}`,
      ]),
    );
    ws.close();
  });

  it('added devices come back after a restart of the hub', async () => {
    await hub.stop();
    hub = await boot();
    const id = `shelly:${lan.devices.shellyPlug.id}`;
    await vi.waitFor(() => expect(hub.registry.get(id)).toMatchObject({ name: 'Desk lamp', availability: 'online' }), 3000);
    expect(hub.registry.list().filter((d) => d.integration === 'hue').length).toBe(4);
    // Ignored stays ignored; what was only found is found again when it announces or is asked for.
    expect((await api('GET', 'discovery')).body).toEqual([]);
  });
});
