import { describe, expect, it } from 'vitest';
import { logbookFilters, paths, scrollKey, sectionOf } from './paths';

describe('paths', () => {
  it('make each view’s address, with its query only when it says something', () => {
    expect(paths.devices()).toBe('/devices');
    expect(paths.devices('desk lamp')).toBe('/devices?q=desk+lamp');
    expect(paths.device('mqtt:0x01/light')).toBe('/devices/mqtt%3A0x01%2Flight');
    expect(paths.device('mqtt:1', 'living room')).toBe('/rooms/living%20room/devices/mqtt%3A1');
    expect(paths.room('living')).toBe('/rooms/living');
    expect(paths.logbook()).toBe('/logbook');
    expect(paths.logbook({ period: '7d', room: 'kitchen' })).toBe('/logbook?period=7d&room=kitchen');
    expect(paths.settings()).toBe('/settings/general');
    expect(paths.settings('access')).toBe('/settings/access');
  });

  it('read the logbook’s filters back, ignoring what they do not know', () => {
    expect(logbookFilters(new URLSearchParams('period=7d&room=kitchen&device=x'))).toEqual({
      period: '7d',
      room: 'kitchen',
      device: 'x',
    });
    expect(logbookFilters(new URLSearchParams('period=forever'))).toEqual({ period: '24h', room: '', device: '' });
    const round = paths.logbook({ period: '30d', device: 'mqtt:1' });
    expect(logbookFilters(new URL(round, 'http://hub').searchParams)).toEqual({ period: '30d', room: '', device: 'mqtt:1' });
  });

  it('put a room’s page under Rooms and a device panel under the view behind it', () => {
    expect(sectionOf('/rooms/kitchen')).toBe('rooms');
    expect(sectionOf('/rooms/kitchen/devices/x')).toBe('rooms');
    expect(sectionOf('/devices/x')).toBe('devices');
    expect(sectionOf('/settings/backup')).toBe('settings');
    expect(sectionOf('/nowhere')).toBeUndefined();
  });

  it('keep one scroll position per view; a device panel keeps the position of the view it is drawn over', () => {
    expect(scrollKey('/devices')).toBe('/devices');
    expect(scrollKey('/devices/mqtt%3A1')).toBe('/devices');
    expect(scrollKey('/rooms/kitchen')).toBe('/rooms/kitchen');
    expect(scrollKey('/rooms/kitchen/devices/x')).toBe('/rooms/kitchen');
    expect(scrollKey('/rooms/')).toBe('/rooms');
    expect(scrollKey('/logbook')).not.toBe(scrollKey('/devices'));
    expect(scrollKey('/')).toBe('/devices');
  });
});
