/** Against a real Music Player Daemon (Debian's `mpd`, null output) on 127.0.0.1. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Registry } from '../../registry/registry';
import { startMpd, type TestMpd } from '../../test-support/mpd';
import { systemClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { deviceWhere } from '../lan/test-support';
import { MemorySecretStore } from '../secrets';
import { pairsToRecord, parsePairs } from './protocol';
import { MpdIntegration } from './integration';

let mpd: TestMpd;
let registry: Registry;
let integration: MpdIntegration;
let id: string;

beforeAll(async () => {
  mpd = await startMpd();
}, 20_000);
afterAll(async () => {
  await mpd?.stop();
});

beforeEach(async () => {
  // A killed mpd forgets its queue (no state written): every test starts from the same one.
  await mpd.send('stop', 'clear', 'add "Tone A.wav"', 'add "Tone C.wav"', 'add "Tone E.wav"', 'setvol "50"', 'play "0"', 'stop');
  registry = new Registry({ clock: systemClock, logger: silentLogger, confirmTimeoutMs: 3000 });
  integration = new MpdIntegration({
    host: registry.hostFor('mpd'),
    clock: systemClock,
    secrets: new MemorySecretStore(),
    retryBaseMs: 50,
    timeoutMs: 2000,
  });
  registry.addIntegration(integration);
  id = await integration.addMpdServer(mpd.host, mpd.port, undefined, { name: 'Kitchen MPD' });
});
afterEach(async () => {
  await integration.stop();
});

const status = async () => pairsToRecord(parsePairs((await mpd.send('status'))[0]!));
const media = () => registry.get(id)?.capabilities.media?.value;

describe('MPD integration against a real mpd', () => {
  it('adds the server as a speaker with what it plays', async () => {
    expect(id).toBe(`mpd:127.0.0.1-${mpd.port}`);
    expect(registry.get(id)).toMatchObject({
      name: 'Kitchen MPD',
      kind: 'speaker',
      availability: 'online',
      model: expect.stringMatching(/^MPD 0\.\d+\.\d+$/),
      capabilities: {
        media: {
          writable: true,
          value: {
            state: 'stopped',
            volume: 50,
            muted: false,
            track: { title: 'Morning Tone', artist: 'Test Signals', album: 'Sine Waves', durationS: 120 },
          },
        },
      },
    });
    expect(await integration.probe(mpd.host, mpd.port)).toMatchObject({ uniqueId: `127.0.0.1-${mpd.port}`, needsPairing: false });
    expect(await integration.probe(mpd.host, 1)).toBeUndefined();
  });

  it('play, pause, next, previous, volume and mute reach the server and are confirmed', async () => {
    await registry.command(id, { media: { action: 'play' } });
    expect((await status()).state).toBe('play');
    await registry.command(id, { media: { action: 'pause' } });
    expect((await status()).state).toBe('pause');
    await registry.command(id, { media: { action: 'play' } });
    expect(await status()).toMatchObject({ state: 'play', song: '0' }); // resumed, not restarted
    await registry.command(id, { media: { action: 'next' } });
    await deviceWhere(registry, id, () => media()?.track?.title === 'Noon Tone');
    expect((await status()).song).toBe('1');
    await registry.command(id, { media: { action: 'previous' } });
    expect((await status()).song).toBe('0');
    await registry.command(id, { media: { volume: 35 } });
    expect((await status()).volume).toBe('35');
    await registry.command(id, { media: { muted: true } });
    expect((await status()).volume).toBe('0');
    expect(media()).toMatchObject({ muted: true });
    await registry.command(id, { media: { muted: false } });
    expect((await status()).volume).toBe('35');
    await registry.command(id, { media: { action: 'stop' } });
    expect((await status()).state).toBe('stop');
  });

  it('pushes changes made by another client through idle within 500 ms', async () => {
    const started = Date.now();
    await mpd.send('play "2"');
    await deviceWhere(registry, id, () => media()?.state === 'playing' && media()?.track?.title === 'Evening Tone', 500);
    await mpd.send('setvol "80"');
    await deviceWhere(registry, id, () => media()?.volume === 80, 500);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('play with an empty queue is reported failed (mpd accepts it and stays stopped)', async () => {
    await mpd.send('clear');
    await deviceWhere(registry, id, () => media()?.track === null);
    await expect(registry.command(id, { media: { action: 'play' } })).rejects.toThrow(/did not confirm the change within 3 s/);
  });

  it('offline with a reason while mpd is down, recovered after it restarts', async () => {
    await mpd.kill();
    const down = await deviceWhere(registry, id, (d) => d.availability === 'offline', 2000);
    expect(down.availabilityReason).toMatch(
      new RegExp(`^The MPD server at 127\\.0\\.0\\.1:${mpd.port} (closed|dropped) the connection`),
    );
    await mpd.restart();
    await deviceWhere(registry, id, (d) => d.availability === 'online', 5000);
    // push works again on the new connection
    await mpd.send('setvol "64"');
    await deviceWhere(registry, id, () => media()?.volume === 64, 1000);
  }, 15_000);
});

describe('MPD with a password', () => {
  let locked: TestMpd;
  beforeAll(async () => {
    locked = await startMpd({ password: 'open sesame' });
  }, 20_000);
  afterAll(async () => {
    await locked?.stop();
  });

  it('probe asks for pairing; a wrong password is refused; the right one is kept and used', async () => {
    const candidate = (await integration.probe(locked.host, locked.port))!;
    expect(candidate).toMatchObject({ needsPairing: true, needsPassword: true });
    expect(await integration.pair(candidate, { password: 'wrong' })).toEqual({
      ok: false,
      message: expect.stringMatching(/did not accept/),
    });
    expect(await integration.pair(candidate, { password: 'open sesame' })).toEqual({ ok: true });
    const [lockedId] = await integration.manage({ ...candidate, id: `mpd:${candidate.uniqueId}`, addedAt: 0 }, { waitMs: 3000 });
    await registry.command(lockedId!, { media: { volume: 22 } });
    expect(pairsToRecord(parsePairs((await locked.send('status'))[0]!)).volume).toBe('22');
  });

  it('without the password an added server says why it is offline', async () => {
    await expect(integration.addMpdServer(locked.host, locked.port, undefined, { waitMs: 1000 })).rejects.toThrow(/password/);
  });
});
