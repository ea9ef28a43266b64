import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../hub';
import { tempDataDir } from '../store/test-support';
import { freePort } from '../test-support/mosquitto';
import { silentLogger } from '../util/logger';
import { addressForDevices, deviceSetup, type DeviceSetup, generateCredentials, parseListenAddress } from './lan';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe('parseListenAddress', () => {
  it('reads IPv4 and bracketed IPv6 addresses with a port', () => {
    expect(parseListenAddress('0.0.0.0:1883')).toEqual({ host: '0.0.0.0', port: 1883 });
    expect(parseListenAddress('[::]:8883')).toEqual({ host: '::', port: 8883 });
    expect(parseListenAddress(' 192.168.1.5:1884 ')).toEqual({ host: '192.168.1.5', port: 1884 });
  });
  it.each(['0.0.0.0', '1883', 'broker.local:1883', '0.0.0.0:0', '0.0.0.0:70000', '999.1.1.1:1883', '::1:1883'])(
    'refuses %s with an example',
    (text) => expect(() => parseListenAddress(text)).toThrow(/such as 0\.0\.0\.0:1883/),
  );
});

describe('generateCredentials', () => {
  it('makes a 160-bit password that fits Tasmota’s 32-character field and needs no quoting', () => {
    const { username, password } = generateCredentials();
    expect(username).toMatch(/^devices-[0-9a-f]{6}$/);
    expect(password).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(generateCredentials().password).not.toBe(password);
  });
});

describe('deviceSetup', () => {
  const setups = deviceSetup({ host: '192.168.1.5', port: 1883, tls: false, username: 'devices-abc', password: 'pw' });
  const byId = Object.fromEntries(setups.map((s) => [s.id, s])) as Record<'tasmota' | 'esphome' | 'zigbee2mqtt', DeviceSetup>;
  it('gives Tasmota, ESPHome and zigbee2mqtt the host, port, user, password and topics', () => {
    expect(setups.map((s) => s.name)).toEqual(['Tasmota', 'ESPHome', 'zigbee2mqtt']);
    expect(byId.tasmota.snippet).toBe(
      'Backlog MqttHost 192.168.1.5; MqttPort 1883; MqttUser devices-abc; MqttPassword pw; SetOption19 1',
    );
    expect(byId.esphome.snippet).toContain('  broker: 192.168.1.5\n  port: 1883\n  username: devices-abc\n  password: pw');
    expect(byId.esphome.snippet).toContain('discovery_prefix: homeassistant');
    expect(byId.zigbee2mqtt.fields).toContainEqual({ label: 'Server', value: 'mqtt://192.168.1.5:1883' });
    expect(byId.zigbee2mqtt.snippet).toContain('homeassistant:\n  enabled: true');
    for (const setup of setups) expect(setup.fields.map((f) => f.value)).toEqual(expect.arrayContaining(['devices-abc', 'pw']));
  });
  it('says mqtts:// when the listener has TLS, and brackets IPv6', () => {
    const [, , z2m] = deviceSetup({ host: 'fd00::5', port: 8883, tls: true, username: 'u', password: 'p' });
    expect(z2m!.fields[0]).toEqual({ label: 'Server', value: 'mqtts://[fd00::5]:8883' });
  });
});

describe('addressForDevices', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({
    address,
    family,
    internal,
    netmask: '',
    mac: '',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  });
  const interfaces = {
    lo: [nic('127.0.0.1', 'IPv4', true)],
    eth0: [nic('fe80::1', 'IPv6'), nic('192.168.1.5', 'IPv4'), nic('fd00::5', 'IPv6')],
  } as unknown as ReturnType<typeof import('node:os').networkInterfaces>;
  it('names this machine’s LAN address for a wildcard, the bound address otherwise', () => {
    expect(addressForDevices('0.0.0.0', interfaces)).toBe('192.168.1.5');
    expect(addressForDevices('::', interfaces)).toBe('fd00::5');
    expect(addressForDevices('10.0.0.2', interfaces)).toBe('10.0.0.2');
    expect(addressForDevices('0.0.0.0', { lo: interfaces.lo })).toBe('127.0.0.1');
  });
});

describe('the hub’s broker network listener', () => {
  async function hub(dataDir: string, brokerLan?: { host: string; port: number }): Promise<Hub> {
    const started = await startHub(
      { embeddedBrokerPort: 0, dataDir, ...(brokerLan ? { brokerLan } : {}) },
      { logger: silentLogger },
    );
    cleanups.push(() => started.stop());
    return started;
  }

  it('is off until the setting turns it on; the credentials are secrets that survive a restart', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const first = await hub(data.dir);
    expect(await first.handlers.getBrokerLan({})).toEqual({ enabled: false, listening: false, tls: false, setups: [] });
    const port = await freePort();
    await first.handlers.updateSettings({ brokerLan: { host: '127.0.0.1', port } });
    await expect.poll(async () => (await first.handlers.getBrokerLan({})).listening).toBe(true);
    const status = await first.handlers.getBrokerLan({});
    expect(status).toMatchObject({ enabled: true, source: 'settings', host: '127.0.0.1', port, tls: false });
    expect(status.setups.map((s) => s.id)).toEqual(['tasmota', 'esphome', 'zigbee2mqtt']);
    const { username, password } = status;
    // Stored encrypted, never as a plain setting.
    expect(JSON.stringify(await first.handlers.getSettings({}))).not.toContain(password!);
    expect(first.store!.secrets.names()).toEqual(expect.arrayContaining(['broker-lan:password', 'broker-lan:username']));
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, username, password });
    await device.endAsync(true);
    await first.stop();

    const second = await hub(data.dir);
    await expect.poll(async () => (await second.handlers.getBrokerLan({})).listening).toBe(true);
    expect(await second.handlers.getBrokerLan({})).toMatchObject({ username, password });
    // Regenerated: the old password stops working at once.
    const renewed = await second.handlers.regenerateBrokerCredentials({});
    expect(renewed.password).not.toBe(password);
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, username, password })).rejects.toThrow(
      /Bad username or password/i,
    );
    // Off again: nothing listens on the port.
    await second.handlers.updateSettings({ brokerLan: null });
    await expect.poll(async () => (await second.handlers.getBrokerLan({})).listening).toBe(false);
    await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('--mqtt-listen wins over the setting, and a taken port is a problem shown, not a crash', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const port = await freePort();
    const first = await hub(data.dir, { host: '127.0.0.1', port });
    expect(await first.handlers.getBrokerLan({})).toMatchObject({ source: 'command line', listening: true, port });
    await first.handlers.updateSettings({ brokerLan: { host: '127.0.0.1', port: port === 65535 ? 1 : port + 1 } });
    expect(await first.handlers.getBrokerLan({})).toMatchObject({ listening: true, port });
    const other = tempDataDir();
    cleanups.push(() => other.remove());
    const second = await hub(other.dir, { host: '127.0.0.1', port });
    expect(await second.handlers.getBrokerLan({})).toMatchObject({
      enabled: true,
      listening: false,
      problem: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`),
    });
  });
});
