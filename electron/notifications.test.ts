import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../core/api/contract';
import { notificationFor, NOTIFICATIONS, NOTIFYING_EVENTS } from './notifications';

const note = { automationId: 'a1', automationName: 'Door left open', text: 'The front door has been open for 10 minutes', at: 0 };

describe('desktop notifications', () => {
  it('shows an automation’s notify action, titled by its title or the automation’s name', () => {
    expect(notificationFor('automationNotification', note)).toEqual({
      title: 'Door left open',
      body: 'The front door has been open for 10 minutes',
    });
    expect(notificationFor('automationNotification', { ...note, title: 'Front door' })?.title).toBe('Front door');
    expect(notificationFor('automationNotification', { ...note, title: '  ' })?.title).toBe('Door left open');
  });

  it('says which meeting was released, in which room', () => {
    const released = {
      roomId: 'summit',
      roomName: 'Summit',
      title: 'Budget, Q3',
      start: '2026-12-01T09:00:00.000Z',
      text: 'Summit: “Budget, Q3” (09:00–10:00) was released at 09:10 — nobody came within 10 min',
    };
    expect(notificationFor('meetingReleased', released)).toEqual({ title: 'Summit: meeting released', body: released.text });
  });

  it('cuts long texts', () => {
    const shown = notificationFor('automationNotification', { ...note, text: 'x'.repeat(1000) });
    expect(shown?.body).toHaveLength(400);
    expect(shown?.body.endsWith('…')).toBe(true);
  });

  it('every row is a real hub event; other events show nothing', () => {
    for (const name of NOTIFYING_EVENTS) expect(EVENT_NAMES).toContain(name);
    expect(Object.keys(NOTIFICATIONS)).toEqual(['automationNotification', 'meetingReleased']);
    expect(notificationFor('diagnostic', {})).toBeUndefined();
  });
});
