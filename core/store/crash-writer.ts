/**
 * Child process for crash.test.ts: writes renames, rooms and settings through the store as fast
 * as it can (plus history, on its NORMAL connection) and prints `ack <kind> <n>` after each
 * write has returned — i.e. after the store acknowledged it. The test kills it with SIGKILL.
 *   node --import tsx core/store/crash-writer.ts <dataDir> <round>
 */
import { systemClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openStore } from './store';

const [dataDir, roundArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-writer.ts <dataDir> <round>');
const round = Number(roundArg ?? 0);
const store = openStore({ dataDir, clock: systemClock, logger: silentLogger, batchIntervalMs: 20 });
const ack = (line: string) => process.stdout.write(`ack ${line}\n`);

for (let n = 0; ; n++) {
  store.overrides.update(`mqtt:dev-${round}-${n}`, { name: `Renamed ${round}/${n}`, ...(n % 3 === 0 ? { hidden: true } : {}) });
  ack(`rename ${round} ${n}`);
  store.settings.update({ location: { latitude: (round * 100_000 + n) / 10_000, longitude: 1 } });
  ack(`setting ${round} ${n}`);
  if (n % 10 === 0) {
    const room = store.rooms.create({ name: `Room ${round}-${n}`, kind: 'office' });
    ack(`room ${room.id}`);
  }
  for (let i = 0; i < 20; i++)
    store.history.record(`mqtt:dev-${round}-${n % 7}`, 'temperature', Math.random() * 30, Date.now() + i);
  if (n % 50 === 0) store.writer.flush();
}
