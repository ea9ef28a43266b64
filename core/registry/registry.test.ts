import { describe, expect, it, vi } from 'vitest';
import { CommandError, type Integration, type IntegrationHost } from '../integrations/integration';
import type { Command, CommandUpdate, Device } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Registry } from './registry';

/** A scripted integration: records what it was asked to send and echoes when told to. */
class ScriptedIntegration implements Integration {
  readonly name = 'scripted';
  sent: Command[] = [];
  host!: IntegrationHost;
  echo = true;
  failWith?: CommandError;
  async start() {}
  async stop() {}
  async sendCommand(id: string, command: Command) {
    if (this.failWith) throw this.failWith;
    this.sent.push(command);
    if (this.echo) queueMicrotask(() => this.host.reportState(id, command as never));
  }
}

function setup() {
  const clock = new ManualClock(1_000_000);
  const registry = new Registry({ clock, logger: silentLogger });
  const integration = new ScriptedIntegration();
  integration.host = registry.hostFor(integration.name);
  registry.addIntegration(integration);
  integration.host.upsertDevice({
    id: 'scripted:lamp',
    name: 'Desk lamp',
    kind: 'light',
    integration: 'scripted',
    availability: 'online',
    capabilities: {
      power: { value: false, writable: true },
      brightness: { value: 10, writable: true, min: 0, max: 100, unit: '%' },
      temperature: { value: 20, writable: false, unit: '°C' },
    },
  });
  const updates: CommandUpdate[] = [];
  registry.events.on('commandUpdate', 'test', (u) => updates.push(u));
  return { clock, registry, integration, updates };
}

describe('Registry commands', () => {
  it('confirms a command when the device reports the new state', async () => {
    const { registry, updates } = setup();
    const device = await registry.command('scripted:lamp', { power: true, brightness: 40 });
    expect(device.capabilities.power?.value).toBe(true);
    expect(device.capabilities.brightness?.value).toBe(40);
    expect(updates.map((u) => u.status)).toEqual(['pending', 'confirmed']);
  });

  it('retries an unconfirmed command and then reports it failed with a reason', async () => {
    const { registry, integration, clock, updates } = setup();
    integration.echo = false;
    const result = registry.command('scripted:lamp', { power: true }).catch((e: unknown) => e);
    for (let i = 0; i < 4; i++) {
      await vi.waitFor(() => expect(integration.sent).toHaveLength(i + 1)); // sent (again) before its deadline passes
      clock.advance(1250);
    }
    const error = (await result) as CommandError;
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/Desk lamp did not confirm the change within 5 s \(sent 4 times\)/);
    expect(integration.sent).toHaveLength(4);
    expect(updates.at(-1)?.status).toBe('failed');
  });

  it('rejects unknown devices, read-only capabilities and out-of-range values before sending', async () => {
    const { registry, integration } = setup();
    await expect(registry.command('nope', { power: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(registry.command('scripted:lamp', { color: { hue: 1, saturation: 1 } })).rejects.toMatchObject({
      code: 'not_writable',
    });
    expect(integration.sent).toHaveLength(0);
  });

  it('passes the integration’s refusal on as a failed command', async () => {
    const { registry, integration, updates } = setup();
    integration.failWith = new CommandError('unavailable', 'Not sent: the MQTT broker is disconnected');
    await expect(registry.command('scripted:lamp', { power: true })).rejects.toMatchObject({ code: 'unavailable' });
    expect(updates.at(-1)).toMatchObject({ status: 'failed', reason: 'Not sent: the MQTT broker is disconnected' });
  });
});

describe('Registry state', () => {
  it('ignores invalid values from a device and says so in diagnostics', () => {
    const { registry, integration } = setup();
    integration.host.reportState('scripted:lamp', { brightness: 400 });
    expect(registry.get('scripted:lamp')?.capabilities.brightness?.value).toBe(10);
    expect(registry.listDiagnostics()[0]?.message).toMatch(/invalid brightness/);
  });

  it('keeps reported values when a device is announced again', () => {
    const { registry, integration } = setup();
    integration.host.reportState('scripted:lamp', { brightness: 55 });
    integration.host.upsertDevice({
      id: 'scripted:lamp',
      name: 'Desk lamp\u202e',
      kind: 'light',
      integration: 'scripted',
      availability: 'online',
      capabilities: { power: { value: null, writable: true }, brightness: { value: null, writable: true } },
    });
    const device = registry.get('scripted:lamp');
    expect(device?.capabilities.brightness?.value).toBe(55);
    expect(device?.name).toBe('Desk lamp');
  });

  it('rejects an invalid value every time it is sent, keeping the last good one, and accepts the next good one', () => {
    const { registry, integration } = setup();
    const messages: string[] = [];
    registry.events.on('diagnostic', 'test', (d) => messages.push(`${d.message} ${d.detail}`));
    integration.host.reportState('scripted:lamp', { brightness: 40 });
    for (let i = 0; i < 3; i++) integration.host.reportState('scripted:lamp', { brightness: 400, power: 'on' as never });
    const device = registry.get('scripted:lamp')!;
    expect(device.capabilities.brightness?.value).toBe(40);
    expect(device.capabilities.power?.value).toBe(false);
    expect(messages.filter((m) => m === 'Ignored an invalid brightness value from the device 400')).toHaveLength(3);
    expect(messages.filter((m) => m === 'Ignored an invalid power value from the device "on"')).toHaveLength(3);
    integration.host.reportState('scripted:lamp', { brightness: 41, power: true });
    expect(registry.get('scripted:lamp')?.capabilities.brightness?.value).toBe(41);
    expect(registry.get('scripted:lamp')?.capabilities.power?.value).toBe(true);
  });

  it('a report of unchanged values is a new device with a new lastSeen, and keeps each value and its since', () => {
    const { registry, integration, clock } = setup();
    const seen: Device[] = [];
    registry.events.on('deviceChanged', 'test', (d) => seen.push(d));
    integration.host.reportState('scripted:lamp', { power: true, brightness: 30 });
    const first = registry.get('scripted:lamp')!;
    clock.advance(5_000);
    integration.host.reportState('scripted:lamp', { power: true, brightness: 30 });
    const second = registry.get('scripted:lamp')!;
    expect(seen).toEqual([first, second]);
    expect(second).not.toBe(first);
    expect(second.lastSeen).toBe(first.lastSeen! + 5_000);
    expect(second.capabilities).toEqual(first.capabilities);
    clock.advance(5_000);
    integration.host.reportState('scripted:lamp', { brightness: 31 });
    const third = registry.get('scripted:lamp')!;
    // The earlier devices are left as they were: listeners compare the one they saw with the next.
    expect(second.capabilities.brightness?.value).toBe(30);
    expect(third.capabilities.brightness).toMatchObject({ value: 31, since: first.lastSeen! + 10_000 });
    expect(third.capabilities.power).toBe(second.capabilities.power);
  });

  it('ignores report keys that are not capabilities of the device, inherited names included', () => {
    const { registry, integration } = setup();
    integration.host.reportState('scripted:lamp', { toString: 1, colorTemperature: 3000, brightness: 20 } as never);
    const device = registry.get('scripted:lamp')!;
    expect(Object.keys(device.capabilities)).toEqual(['power', 'brightness', 'temperature']);
    expect(device.capabilities.brightness?.value).toBe(20);
  });

  it('records since when each value has been as it is', () => {
    const { registry, integration, clock } = setup();
    integration.host.reportState('scripted:lamp', { power: true });
    const on = clock.now();
    clock.advance(60_000);
    integration.host.reportState('scripted:lamp', { power: true, brightness: 30 });
    const device = registry.get('scripted:lamp')!;
    expect(device.capabilities.power?.since).toBe(on);
    expect(device.capabilities.brightness?.since).toBe(on + 60_000);
  });

  it('records when availability changed and why', () => {
    const { registry, integration, clock } = setup();
    clock.advance(5000);
    integration.host.setAvailability('scripted:lamp', 'offline', 'zigbee2mqtt bridge is offline');
    expect(registry.get('scripted:lamp')).toMatchObject({
      availability: 'offline',
      availabilityReason: 'zigbee2mqtt bridge is offline',
      availabilitySince: 1_005_000,
    });
  });

  it('a listener that throws does not stop the others', () => {
    const { registry, integration } = setup();
    const seen: string[] = [];
    registry.events.on('deviceChanged', 'broken', () => {
      throw new Error('boom');
    });
    registry.events.on('deviceChanged', 'fine', (d) => seen.push(d.id));
    integration.host.reportState('scripted:lamp', { power: true });
    expect(seen).toEqual(['scripted:lamp']);
  });
});
