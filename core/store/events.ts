import type { LogbookEntry, Room, Settings } from '../model';
import { SafeEmitter } from '../util/events';
import type { Logger } from '../util/logger';

/** What the store announces to API clients. */
export type StoreEvents = {
  roomsChanged: { rooms: Room[] };
  logbookEntry: LogbookEntry;
  /** All settings after a change (the API, or a restored backup). */
  settingsChanged: Settings;
};

export function createStoreEvents(logger: Logger): SafeEmitter<StoreEvents> {
  return new SafeEmitter<StoreEvents>((owner, event, error) =>
    logger.error(`listener "${owner}" failed on ${event}: ${error instanceof Error ? error.stack : String(error)}`),
  );
}
