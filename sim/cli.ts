import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { startLanDevices, type LanDevices } from './lan';
import { startVirtualHome } from './virtual-home';

/** `npm run sim -- [--mqtt URL] [--scenario home|office] [--speed X] [--seed N] [--devices N] [--rate R] [--start HH:MM] [--availability] [--no-lan] [--advertise] [--http-host 127.0.0.1] [--verbose]` */
export function parseCliArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      mqtt: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      scenario: { type: 'string', default: 'home' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      devices: { type: 'string', default: '0' },
      rate: { type: 'string', default: '0' },
      start: { type: 'string' },
      availability: { type: 'boolean', default: false },
      'no-lan': { type: 'boolean', default: false },
      advertise: { type: 'boolean', default: false },
      'http-host': { type: 'string', default: '127.0.0.1' },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const number = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };
  if (values.scenario !== 'home' && values.scenario !== 'office')
    throw new Error(`--scenario must be home or office, got "${values.scenario}"`);
  let start: number | undefined;
  if (values.start) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(values.start);
    if (!m) throw new Error(`--start must be HH:MM, got "${values.start}"`);
    const d = new Date();
    d.setHours(Number(m[1]), Number(m[2]), 0, 0);
    start = d.getTime();
  }
  return {
    help: values.help,
    verbose: values.verbose,
    mqttUrl: values.mqtt,
    scenario: values.scenario as 'home' | 'office',
    speed: number('speed', values.speed, 0.001),
    seed: Math.floor(number('seed', values.seed, 0)),
    extraDevices: Math.floor(number('devices', values.devices, 0)),
    rate: number('rate', values.rate, 0),
    start,
    deviceAvailability: values.availability,
    lan: !values['no-lan'],
    advertise: values.advertise,
    httpHost: values['http-host'],
  };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(
      'usage: npm run sim -- [--mqtt mqtt://127.0.0.1:1883] [--scenario home|office] [--speed 60] [--seed 1] [--devices 0] [--rate 0] [--start 06:30] [--availability] [--no-lan] [--advertise] [--http-host 127.0.0.1] [--verbose]\n' +
        '  --rate R     R extra state reports a second (real time) spread over every device, as load for benchmarks\n' +
        '  --no-lan     do not start the simulated Shelly, WLED, Hue, Elgato and Sonos devices (HTTP on 127.0.0.1)\n' +
        '  --advertise  announce them over mDNS — only inside scripts/netns.sh, never on a real network\n' +
        '  --http-host  address the LAN devices listen on (default 127.0.0.1)',
    );
    return;
  }
  const calendarDir = args.scenario === 'office' ? join(tmpdir(), `homeroom-sim-${process.pid}`) : undefined;
  let home: Awaited<ReturnType<typeof startVirtualHome>>;
  try {
    home = await startVirtualHome({
      ...args,
      calendarDir,
      serveCalendars: args.scenario === 'office',
      caldav: args.scenario === 'office',
      onCommand: args.verbose ? (d, c) => console.log(`← ${d.name} ${JSON.stringify(c)}`) : undefined,
    });
  } catch (e) {
    console.error(`Cannot start the virtual ${args.scenario} on ${args.mqttUrl}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `Virtual ${home.scenario} on ${args.mqttUrl} — seed ${args.seed}, speed ×${args.speed}, simulated time ${new Date(home.clock.now()).toLocaleString()}`,
  );
  for (const room of home.rooms) {
    const devices = home.devices.filter((d) => d.roomId === room.spec.id);
    console.log(
      `  ${room.spec.name} (${room.tempC.toFixed(1)} °C): ${devices.map((d) => `${d.name} [${d.info.modelId}]`).join(', ')}`,
    );
  }
  console.log(`${home.devices.length} devices as zigbee2mqtt (topics zigbee2mqtt/…, discovery homeassistant/…)`);
  for (const c of home.calendars) {
    console.log(`  calendar ${c.name}: ${c.path}${c.url ? `  ICS ${c.url}` : ''}`);
    if (c.caldav) console.log(`    CalDAV ${c.caldav.url} (user ${c.caldav.username}, password ${c.caldav.password})`);
  }

  let lan: LanDevices | undefined;
  if (args.lan) {
    try {
      lan = await startLanDevices({ advertise: args.advertise, host: args.httpHost });
    } catch (e) {
      console.error(`Cannot start the LAN devices: ${e instanceof Error ? e.message : String(e)}`);
      await home.stop();
      process.exitCode = 1;
      return;
    }
    const d = lan.devices;
    console.log(
      `LAN devices on 127.0.0.1${args.advertise ? ' (announced over mDNS)' : ' (not announced; add them by address)'}:`,
    );
    console.log(`  Shelly plug     ${d.shellyPlug.url}   Shelly dimmer ${d.shellyDimmer.url}`);
    console.log(`  WLED strip      ${d.wled.url}   Elgato light  ${d.elgato.url}`);
    console.log(`  Hue bridge      ${d.hue.url}   Sonos speaker ${d.sonos.url}`);
    if (process.stdin.isTTY) {
      console.log('Type "h" and Enter to press the Hue bridge\'s link button.');
      createInterface({ input: process.stdin }).on('line', (line) => {
        if (line.trim() !== 'h') return;
        d.hue.pressLinkButton();
        console.log('Hue link button pressed: pair within 30 s.');
      });
    }
  }
  console.log('Ctrl-C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    // A broker that is already gone never completes the goodbye (the bridge's "offline", the DISCONNECT): a simulator
    // left waiting for it kept its parent (a benchmark) from exiting. Leave anyway.
    setTimeout(() => process.exit(0), 3000).unref();
    await lan?.stop();
    await home.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Run only when executed directly (tests import parseCliArgs).
if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]) && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  void main();
}
