/**
 * The embedded broker's network listener with real clients. mosquitto_pub/mosquitto_sub (Debian's
 * mosquitto-clients) are not installed here, so the clients are mqtt.js plus a real mosquitto bridging
 * to the listener with the generated credentials (libmosquitto's client side, as a device's would be).
 * Tests only bind loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startMosquitto } from '../test-support/mosquitto';
import { startEmbeddedBroker, type BrokerCredentials } from './embedded';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const CREDENTIALS: BrokerCredentials = { username: 'devices-a1b2c3', password: 'Zq3-generated_password_xx' };

async function brokerWithLan(
  credentials: () => BrokerCredentials = () => CREDENTIALS,
  tls?: { certPath: string; keyPath: string },
) {
  const broker = await startEmbeddedBroker({ port: 0 });
  cleanups.push(() => broker.close());
  const lan = await broker.listenLan({ host: '127.0.0.1', port: 0, credentials, ...(tls ? { tls } : {}) });
  return { broker, lan };
}

/** The CONNACK return code a client gets (0: accepted). */
async function connackCode(url: string, options: mqtt.IClientOptions): Promise<number> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
  try {
    return await new Promise<number>((resolve, reject) => {
      client.once('connect', () => resolve(0));
      client.once('error', (error) => {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'number') resolve(code);
        else reject(error);
      });
    });
  } finally {
    await client.endAsync(true);
  }
}

describe('the embedded broker’s network listener', () => {
  it('refuses anonymous clients and a wrong password; the generated credentials connect', async () => {
    const { lan } = await brokerWithLan();
    expect(await connackCode(lan.url, {})).toBe(5); // MQTT 5 = not authorised (aedes answers no credentials so)
    expect(await connackCode(lan.url, { username: CREDENTIALS.username })).not.toBe(0);
    expect(await connackCode(lan.url, { username: CREDENTIALS.username, password: 'wrong' })).toBe(4);
    expect(await connackCode(lan.url, { username: 'someone', password: CREDENTIALS.password })).toBe(4);
    expect(await connackCode(lan.url, { ...CREDENTIALS })).toBe(0);
  });

  it('the loopback listener stays anonymous, and both share one broker', async () => {
    const { broker, lan } = await brokerWithLan();
    const hub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => hub.endAsync(true));
    await hub.subscribeAsync('homeassistant/#');
    const received = new Promise<string>((resolve) => hub.on('message', (topic) => resolve(topic)));
    const device = await mqtt.connectAsync(lan.url, { reconnectPeriod: 0, ...CREDENTIALS });
    cleanups.push(() => device.endAsync(true));
    await device.publishAsync('homeassistant/switch/plug/config', '{}', { qos: 1 });
    expect(await received).toBe('homeassistant/switch/plug/config');
  });

  it('a device cannot take over the hub’s client id', async () => {
    const { broker, lan } = await brokerWithLan();
    const hub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, clientId: 'homeroom_hub' });
    cleanups.push(() => hub.endAsync(true));
    expect(await connackCode(lan.url, { ...CREDENTIALS, clientId: 'homeroom_hub' })).toBe(2);
    expect(hub.connected).toBe(true);
  });

  it('new credentials apply at once, and disconnectClients drops those connected with the old ones', async () => {
    let credentials = CREDENTIALS;
    const { lan } = await brokerWithLan(() => credentials);
    const device = await mqtt.connectAsync(lan.url, { reconnectPeriod: 0, ...CREDENTIALS });
    const dropped = new Promise<void>((resolve) => device.once('close', () => resolve()));
    credentials = { username: 'devices-ffffff', password: 'another-password-000000' };
    lan.disconnectClients();
    await dropped;
    await device.endAsync(true);
    expect(await connackCode(lan.url, { ...CREDENTIALS })).toBe(4);
    expect(await connackCode(lan.url, { ...credentials })).toBe(0);
  });

  it('a real mosquitto bridges to it with the generated credentials (and not with a wrong password)', async () => {
    let lanConnectAttempts = 0;
    const { broker, lan } = await brokerWithLan(() => {
      lanConnectAttempts++;
      return CREDENTIALS;
    });
    // The hub side publishes retained; the bridge pulls `devices/#` into mosquitto, where we read it.
    const hub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => hub.endAsync(true));
    await hub.publishAsync('devices/lamp/state', 'ON', { qos: 1, retain: true });
    for (const [password, reaches] of [
      ['wrong', false],
      [CREDENTIALS.password, true],
    ] as const) {
      const mosquitto = await startMosquitto({
        config: [
          'connection homeroom',
          `address 127.0.0.1:${lan.port}`,
          'bridge_protocol_version mqttv311',
          `remote_username ${CREDENTIALS.username}`,
          `remote_password ${password}`,
          'remote_clientid bridge-test',
          'try_private false',
          // A bridge announces itself on $SYS/broker/connection/…, which aedes reserves (and would drop it for).
          'notifications false',
          'restart_timeout 1',
          'topic devices/# in 1',
        ].join('\n'),
      });
      cleanups.push(() => mosquitto.stop());
      const reader = await mqtt.connectAsync(mosquitto.url, { reconnectPeriod: 0 });
      cleanups.push(() => reader.endAsync(true));
      const got: string[] = [];
      reader.on('message', (_topic, payload) => got.push(payload.toString()));
      await reader.subscribeAsync('devices/#', { qos: 1 });
      if (reaches) await expect.poll(() => got, { timeout: 10_000 }).toEqual(['ON']);
      else {
        // Refused: the bridge retries each second; after a few attempts nothing has come through. The accepted
        // bridge in the next round proves the same setup delivers when the password is right.
        await expect.poll(() => lanConnectAttempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
        expect(got).toEqual([]);
        lanConnectAttempts = 0;
      }
      await mosquitto.stop();
    }
  }, 30_000);

  it('speaks TLS with the user’s certificate and key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const certPath = path.join(dir, 'cert.pem');
    const keyPath = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'ignore' },
    );
    const { lan } = await brokerWithLan(undefined, { certPath, keyPath });
    expect(lan.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(certPath);
    expect(await connackCode(lan.url, { ...CREDENTIALS, ca, rejectUnauthorized: true })).toBe(0);
    expect(await connackCode(lan.url, { ca, rejectUnauthorized: true })).toBe(5);
  });

  it('refuses a certificate it cannot read, with the path in the message', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    cleanups.push(() => broker.close());
    const missing = path.join(os.tmpdir(), 'homeroom-no-such-cert.pem');
    await expect(
      broker.listenLan({
        host: '127.0.0.1',
        port: 0,
        credentials: () => CREDENTIALS,
        tls: { certPath: missing, keyPath: missing },
      }),
    ).rejects.toThrow(`Cannot read the broker's TLS certificate ${missing}`);
  });

  it('taking over the loopback port on a wildcard address keeps this machine anonymous and the hub connected', async () => {
    const port = await freePort();
    const broker = await startEmbeddedBroker({ port });
    cleanups.push(() => broker.close());
    const hub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => hub.endAsync(true));
    const lan = await broker.listenLan({ host: '0.0.0.0', port, credentials: () => CREDENTIALS });
    expect(hub.connected).toBe(true);
    // From loopback through the wildcard listener: anonymous as before (tests only reach it via 127.0.0.1).
    expect(await connackCode(`mqtt://127.0.0.1:${port}`, {})).toBe(0);
    await lan.close();
    expect(await connackCode(`mqtt://127.0.0.1:${port}`, {})).toBe(0);
  });
});
