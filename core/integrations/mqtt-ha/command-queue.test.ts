import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock';
import { CommandError } from '../integration';
import { commandKeys, CommandQueue, withoutKeys } from './command-queue';

describe('command queue', () => {
  it('command keys and removal per capability path', () => {
    expect(commandKeys({ power: true, climate: { mode: 'heat', targetTemperature: 20 } })).toEqual([
      'power',
      'climate.mode',
      'climate.targetTemperature',
    ]);
    expect(withoutKeys({ power: true, climate: { mode: 'heat' } }, ['climate.mode'])).toEqual({ power: true });
  });

  it('drops a command after the TTL with clear words', async () => {
    const clock = new ManualClock();
    const q = new CommandQueue(clock, 10_000, () => 'the MQTT broker is disconnected');
    const p = q.enqueue('d', { power: true });
    clock.advance(10_000);
    await expect(p).rejects.toEqual(
      new CommandError('unavailable', 'Not sent: the MQTT broker is disconnected (dropped after 10 s)'),
    );
    expect(q.size).toBe(0);
  });

  it('a newer command replaces the overlapping part of an older one', async () => {
    const q = new CommandQueue(new ManualClock(), 10_000, () => '');
    const old = q.enqueue('d', { power: true, brightness: 10 });
    const other = q.enqueue('e', { brightness: 50 });
    q.enqueue('d', { brightness: 20 });
    const replaced = q.enqueue('d', { power: false });
    q.enqueue('d', { power: true });
    await expect(old).rejects.toMatchObject({ message: expect.stringContaining('replaced') });
    await expect(replaced).rejects.toMatchObject({ code: 'unavailable' });
    const ready = q.take((id) => id === 'd');
    expect(ready.map((r) => r.command)).toEqual([{ brightness: 20 }, { power: true }]);
    expect(q.size).toBe(1);
    q.clear(() => new CommandError('unavailable', 'stopped'));
    await expect(other).rejects.toMatchObject({ message: 'stopped' });
  });
});
