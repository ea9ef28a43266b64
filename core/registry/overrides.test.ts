import { describe, expect, it } from 'vitest';
import type { DeviceDescription } from '../integrations/integration';
import type { Device } from '../model';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { Registry } from './registry';

const description: DeviceDescription = {
  id: 'x:lamp',
  name: 'TRADFRI bulb',
  kind: 'light',
  integration: 'x',
  availability: 'online',
  capabilities: { power: { value: null, writable: true } },
};

describe('Registry overrides', () => {
  it('apply on top of what the integration reports and survive re-announcements', () => {
    const registry = new Registry({ clock: new ManualClock(0), logger: silentLogger });
    const changes: Device[] = [];
    registry.events.on('deviceChanged', 'test', (d) => changes.push(d));
    registry.setOverrides([['x:lamp', { name: 'Reading lamp', roomId: 'living-room', hidden: true }]]);
    const host = registry.hostFor('x');
    host.upsertDevice(description);
    expect(registry.get('x:lamp')).toMatchObject({
      name: 'Reading lamp',
      reportedName: 'TRADFRI bulb',
      roomId: 'living-room',
      hidden: true,
    });
    host.upsertDevice({ ...description, name: 'TRADFRI bulb E27' });
    expect(registry.get('x:lamp')).toMatchObject({ name: 'Reading lamp', reportedName: 'TRADFRI bulb E27' });
    host.reportState('x:lamp', { power: true });
    expect(registry.get('x:lamp')?.name).toBe('Reading lamp');

    registry.setOverride('x:lamp', { roomId: 'hall' });
    const device = registry.get('x:lamp');
    expect(device).toMatchObject({ name: 'TRADFRI bulb E27', roomId: 'hall' });
    expect(device?.reportedName).toBeUndefined();
    expect(device?.hidden).toBeUndefined();
    expect(changes.at(-1)).toBe(device);

    registry.setOverride('x:lamp', undefined);
    expect(registry.get('x:lamp')?.roomId).toBeUndefined();
  });
});
