/**
 * Desktop notifications for hub events: one row per event, naming what the notification says. Add an
 * event by adding a row. Pure: main.ts shows
 * each result with Electron's `Notification`.
 */
import type { EventName, EventPayload } from '../core/api/contract';

export interface DesktopNotification {
  title: string;
  body: string;
}

type Rows = { [E in EventName]?: (payload: EventPayload<E>) => DesktopNotification | undefined };

export const NOTIFICATIONS: Rows = {
  automationNotification: (n) => ({ title: n.title?.trim() || n.automationName, body: n.text }),
  meetingReleased: (m) => ({ title: `${m.roomName}: meeting released`, body: m.text }),
};

/** The events that show a notification (main.ts subscribes to these). */
export const NOTIFYING_EVENTS = Object.keys(NOTIFICATIONS) as EventName[];

/** The notification for one event, if its row gives one. Long texts are cut (notification centres truncate anyway). */
export function notificationFor(name: EventName, payload: unknown): DesktopNotification | undefined {
  if (!Object.hasOwn(NOTIFICATIONS, name)) return undefined;
  const row = NOTIFICATIONS[name] as ((payload: unknown) => DesktopNotification | undefined) | undefined;
  const shown = row?.(payload);
  if (!shown) return undefined;
  return { title: cut(shown.title, 120), body: cut(shown.body, 400) };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
