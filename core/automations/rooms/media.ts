/**
 * Room speakers and occupancy, pure: which speakers to pause when a room goes vacant, and which
 * to resume when it is occupied again — only those this behaviour paused and that are still
 * paused (someone who stopped or restarted a speaker meanwhile is not overruled). Capabilities
 * only, never vendors. Off by default: the room behaviour that calls these decides whether to.
 */
import type { Command, Device } from '../../model';

export interface MediaAction {
  deviceId: string;
  command: Command;
}

export function isSpeaker(d: Device): boolean {
  return d.capabilities.media?.writable === true && d.availability === 'online';
}

/** Every online speaker of the room that is playing → pause. Remember the ids for `speakersToResume`. */
export function speakersToPause(roomDevices: readonly Device[]): MediaAction[] {
  return roomDevices
    .filter((d) => isSpeaker(d) && d.capabilities.media?.value.state === 'playing')
    .map((d) => ({ deviceId: d.id, command: { media: { action: 'pause' } } }));
}

/** The speakers paused by `speakersToPause` (`pausedIds`) that are still paused → play. */
export function speakersToResume(roomDevices: readonly Device[], pausedIds: readonly string[]): MediaAction[] {
  const paused = new Set(pausedIds);
  return roomDevices
    .filter((d) => paused.has(d.id) && isSpeaker(d) && d.capabilities.media?.value.state === 'paused')
    .map((d) => ({ deviceId: d.id, command: { media: { action: 'play' } } }));
}
