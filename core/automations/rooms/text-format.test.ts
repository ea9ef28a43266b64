/**
 * The hub's sentences follow the settings' units and time format, read when each sentence is built:
 * the same room, first on 24 h and °C, then on 12 h and °F, without a restart.
 */
import { describe, expect, it } from 'vitest';
import { textFormat, type Command, type TextFormat } from '../../model';
import type { Integration, StateReport } from '../../integrations/integration';
import { Registry } from '../../registry/registry';
import { describeCommandChange } from '../../store/logbook-messages';
import { ManualClock } from '../../util/clock';
import { silentLogger } from '../../util/logger';
import { describeCommand } from './arbiter';
import { occupancyFact } from './explain';
import { InMemoryRepository } from './repository';
import { RoomRunner } from './runner';

const flush = () => new Promise<void>((r) => setImmediate(r));

class EchoIntegration implements Integration {
  readonly name = 'fake';
  constructor(private readonly report: (id: string, state: StateReport) => void) {}
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    queueMicrotask(() => this.report(id, { power: command.power, brightness: command.brightness }));
  }
}

describe('sentences in the chosen units and time format', () => {
  it('a room explains itself in 12 h after the setting changes', async () => {
    const clock = new ManualClock(new Date(2026, 0, 12, 19, 2).getTime());
    const registry = new Registry({ clock, logger: silentLogger });
    registry.addIntegration(new EchoIntegration((id, state) => registry.hostFor('fake').reportState(id, state)));
    registry.setOverrides([
      ['lamp', { roomId: 'living' }],
      ['motion', { roomId: 'living' }],
    ]);
    const host = registry.hostFor('fake');
    host.upsertDevice({
      id: 'lamp',
      name: 'Lamp',
      kind: 'light',
      integration: 'fake',
      availability: 'online',
      capabilities: { power: { value: false, writable: true }, brightness: { value: 100, writable: true } },
    });
    host.upsertDevice({
      id: 'motion',
      name: 'Motion',
      kind: 'sensor',
      integration: 'fake',
      availability: 'online',
      capabilities: { occupancy: { value: false, writable: false }, illuminance: { value: 5, writable: false } },
    });
    let format: TextFormat = textFormat('celsius', '24h');
    const runner = new RoomRunner({
      registry,
      clock,
      repository: new InMemoryRepository({ behaviours: [{ roomId: 'living' }] }),
      rooms: () => [{ id: 'living', name: 'Living room' }],
      format: () => format,
    });
    runner.start();
    try {
      host.reportState('motion', { occupancy: true, illuminance: 5 });
      await flush();
      expect(runner.arbiter.why('lamp')?.text).toContain('occupied since 19:02 by Motion');
      expect(runner.status('living').next.map((n) => n.text)).toContain('Lights follow the next step of the curve from 22:30');

      format = textFormat('fahrenheit', '12h');
      expect(runner.status('living').next.map((n) => n.text)).toContain('Lights follow the next step of the curve from 10:30 PM');
      clock.advance(60_000);
      host.reportState('lamp', { brightness: 30 }); // by hand: the manual writer explains it
      await flush();
      expect(runner.arbiter.why('lamp')?.text).toMatch(/set by hand .*at 7:03 PM/);
    } finally {
      runner.stop();
    }
  });

  it('temperatures in commands and facts', () => {
    const f = textFormat('fahrenheit', '12h');
    expect(describeCommand({ climate: { targetTemperature: 21, mode: 'heat' } }, f)).toBe('70 °F heat');
    expect(describeCommand({ climate: { targetTemperature: 21.5 } })).toBe('21.5 °C');
    expect(describeCommandChange('Office TRV', { climate: { targetTemperature: 21, mode: 'heat' } }, f)).toBe(
      'Office TRV set to 70 °F, heat',
    );
    expect(describeCommandChange('Office TRV', { climate: { targetTemperature: 21 } })).toBe('Office TRV set to 21.0 °C');
    const since = new Date(2026, 0, 12, 14, 59).getTime();
    expect(occupancyFact({ state: 'vacant', since, source: null, until: null, paused: false }, f)).toBe('vacant since 2:59 PM');
  });
});
