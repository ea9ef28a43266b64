/**
 * `npm run hub -- [--mqtt URL] [--port N] [--host H] [--data DIR] [--token T]`
 * The headless hub: runs automations on an always-on machine and serves the UI to browsers.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { allowedHosts, brokerPassword, checkToken, CliError } from './cli-options';
import { parseListenAddress } from './broker/lan';
import { startHub } from './hub';
import type { BrokerLan } from './model';
import { onlyLoopback } from './discovery/interfaces';
import { loadOrCreateToken, saveToken } from './store/hub-token';
import { withoutPassword } from './util/url';
import { consoleLogger, type LogLevel } from './util/logger';
import { applyHubMemoryPolicy } from './util/memory-policy';
import { HUB_VERSION } from './version';

const USAGE = `Homeroom hub ${HUB_VERSION}

Usage: npm run hub -- [options]
  --mqtt URL         your MQTT broker (mqtt://, mqtts://, ws://, wss://; user:password@ allowed).
                     Wins over the broker in the settings (PATCH /api/settings mqttUrl); without
                     either the hub starts its own broker on 127.0.0.1:1883.
  --mqtt-port N      port of the embedded broker (default 1883)
  --mqtt-listen ADDR:PORT
                     also let devices on the network reach the embedded broker, e.g. 0.0.0.0:1883
                     (with --mqtt-port 1884, or another port here). Never anonymous: the username
                     and password are generated and shown in Settings → Broker. Wins over the setting.
  --mqtt-listen-cert FILE, --mqtt-listen-key FILE
                     serve that listener over TLS with your own certificate and key (PEM)
  --demo             start a virtual home on the embedded broker (no hardware needed;
                     its devices never leave this machine); --scenario home|office
  --mqtt-user NAME   MQTT username (or put it in the URL)
  --mqtt-password-file F
                     read the MQTT password from file F (or set HOMEROOM_MQTT_PASSWORD);
                     --mqtt-password P still works but every user sees it in \`ps\`
  --port N           HTTP port for the UI and the HubApi (default 8321)
  --host H           address to listen on (default 127.0.0.1; use 0.0.0.0 for the whole network)
  --allow-host NAMES more host names the hub answers to (comma-separated, repeatable), e.g. the
                     name of a reverse proxy; loopback and the --host address always work, others get 421
  --token T          the owner's (first admin's) token, at least 128 bits (22+ base64url characters or 32 hex digits;
                     default: one made on first start, kept in the data folder)
  --data DIR         where the hub keeps its data (default ~/.homeroom)
  --no-discovery     do not browse the network for devices (mDNS); adding by address still works.
                     A --demo hub never browses, except inside scripts/netns.sh.
  --discovery-interfaces LIST
                     interfaces to browse on, comma-separated names or addresses
                     (default: every non-internal interface)
  --log LEVEL        debug | info | warn | error (default info)
  --help             this text`;

function fail(message: string): never {
  console.error(`homeroom: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function port(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${flag} must be a port number (0–65535), got "${value}"`);
  return n;
}

/**
 * mDNS is multicast on the real network: on by default for the product, off for --demo and
 * --no-discovery — unless this process runs in a namespace with only loopback (scripts/netns.sh).
 */
function discoverySetting(values: { demo?: boolean; 'no-discovery'?: boolean; 'discovery-interfaces'?: string }) {
  const isolated = onlyLoopback();
  const enabled = !values['no-discovery'] && (!values.demo || isolated);
  const interfaces = values['discovery-interfaces']
    ?.split(',')
    .map((i) => i.trim())
    .filter(Boolean);
  return { enabled, ...(interfaces?.length ? { interfaces } : {}) };
}

function lanListenSetting(values: {
  mqtt?: string;
  'mqtt-listen'?: string;
  'mqtt-listen-cert'?: string;
  'mqtt-listen-key'?: string;
}): BrokerLan | undefined {
  const cert = values['mqtt-listen-cert'];
  const key = values['mqtt-listen-key'];
  if (values['mqtt-listen'] === undefined) {
    if (cert || key) fail('--mqtt-listen-cert and --mqtt-listen-key need --mqtt-listen');
    return undefined;
  }
  if (values.mqtt) fail('--mqtt-listen opens the embedded broker to the network; with --mqtt the hub does not run it');
  if (!cert !== !key) fail('TLS needs both --mqtt-listen-cert and --mqtt-listen-key');
  let address;
  try {
    address = parseListenAddress(values['mqtt-listen']);
  } catch (error) {
    fail(`--mqtt-listen ${(error as Error).message}`);
  }
  return { ...address, ...(cert && key ? { tlsCertPath: resolve(cert), tlsKeyPath: resolve(key) } : {}) };
}

async function main(): Promise<void> {
  applyHubMemoryPolicy();
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        mqtt: { type: 'string' },
        'mqtt-port': { type: 'string' },
        'mqtt-listen': { type: 'string' },
        'mqtt-listen-cert': { type: 'string' },
        'mqtt-listen-key': { type: 'string' },
        'mqtt-user': { type: 'string' },
        'mqtt-password': { type: 'string' },
        'mqtt-password-file': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        data: { type: 'string' },
        log: { type: 'string' },
        demo: { type: 'boolean' },
        'no-discovery': { type: 'boolean' },
        'discovery-interfaces': { type: 'string' },
        scenario: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const level = (values.log ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) fail(`--log must be debug, info, warn or error`);
  if (values.mqtt !== undefined) {
    try {
      const protocol = new URL(values.mqtt).protocol;
      if (!['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'].includes(protocol)) throw new Error();
    } catch {
      fail(`--mqtt must be a URL such as mqtt://192.168.1.10:1883, got "${values.mqtt}"`);
    }
  }
  if (values.demo && values.mqtt) fail('--demo runs on the embedded broker; leave out --mqtt');
  const scenario = values.scenario ?? 'home';
  if (scenario !== 'home' && scenario !== 'office') fail(`--scenario must be home or office`);
  let password: ReturnType<typeof brokerPassword>;
  let hosts: string[];
  try {
    checkToken(values.token);
    hosts = allowedHosts(values['allow-host']);
    password = brokerPassword(values, process.env, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof CliError) fail(error.message);
    throw error;
  }

  const brokerLan = lanListenSetting(values);

  const logger = consoleLogger(level);
  if (password.warning) logger.warn(password.warning);
  const dataDir = resolve(values.data ?? join(homedir(), '.homeroom'));
  const token = values.token ?? loadOrCreateToken(dataDir, logger);
  const uiDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
  const hub = await startHub(
    {
      mqttUrl: values.mqtt,
      mqttUsername: values['mqtt-user'],
      mqttPassword: password.password,
      // A demo's broker takes any free port, so it never collides with a real zigbee2mqtt setup.
      embeddedBrokerPort: port(values['mqtt-port'], values.demo ? 0 : 1883, '--mqtt-port'),
      brokerLan,
      demo: values.demo ? { scenario } : undefined,
      http: {
        host: values.host ?? '127.0.0.1',
        port: port(values.port, 8321, '--port'),
        token,
        uiDir,
        // A token given with --token stays the owner's at every start; one the hub made is kept in its file.
        ...(values.token === undefined ? { saveToken: (renewed: string) => saveToken(dataDir, renewed) } : {}),
        ...(hosts.length ? { allowedHosts: hosts } : {}),
      },
      dataDir,
      discovery: discoverySetting(values),
    },
    { logger },
  );

  const loginUrl = `${hub.url}?token=${encodeURIComponent(hub.token ?? '')}`;
  // Never print the broker password (it may be in the URL); the hub's status hides it too.
  const brokerUrl = withoutPassword(hub.mqttUrl);
  console.log(
    `\nHomeroom hub is running.\n  Open:  ${loginUrl}\n  API:   ${hub.url}api/ (Authorization: Bearer ${hub.token})\n  MQTT:  ${brokerUrl}\n`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, stopping`);
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`homeroom: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
