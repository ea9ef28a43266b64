/**
 * Where room calendars are kept: their config (never credentials) and the last good events, so a restart shows
 * bookings before the first sync. The store's `calendars.ts`, or memory without a data folder.
 */
import type { CalendarConfig, CalendarEvent } from '../model';

export interface StoredEvents {
  events: CalendarEvent[];
  syncedAt: number;
}

export interface CalendarRepository {
  list(): { roomId: string; config: CalendarConfig }[];
  put(roomId: string, config: CalendarConfig): void;
  delete(roomId: string): void;
  lastEvents(roomId: string): StoredEvents | undefined;
  saveEvents(roomId: string, stored: StoredEvents): void;
}

export class MemoryCalendarRepository implements CalendarRepository {
  private readonly configs = new Map<string, CalendarConfig>();
  private readonly events = new Map<string, StoredEvents>();

  list(): { roomId: string; config: CalendarConfig }[] {
    return [...this.configs].map(([roomId, config]) => ({ roomId, config }));
  }
  put(roomId: string, config: CalendarConfig): void {
    this.configs.set(roomId, config);
  }
  delete(roomId: string): void {
    this.configs.delete(roomId);
    this.events.delete(roomId);
  }
  lastEvents(roomId: string): StoredEvents | undefined {
    return this.events.get(roomId);
  }
  saveEvents(roomId: string, stored: StoredEvents): void {
    if (this.configs.has(roomId)) this.events.set(roomId, stored);
  }
}
