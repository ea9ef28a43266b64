/**
 * The gallery's starting points filled in with this home's devices (the first motion sensor, a light in its room,
 * every room for "Good night"…), as drafts for the editor. Pure. A starting point needs a device the home lacks:
 * its field is left empty, and the form asks for it ("choose a device").
 */
import { GALLERY } from '../../../../core/model/automation-gallery';
import type { Device, Room } from '../../../../core/model';
import { isWritable, toDraft, type Draft } from './editor-draft';

export type GalleryId = (typeof GALLERY)[number]['id'];

export const GALLERY_TEXT: Record<GalleryId, string> = {
  'motion-light': 'A light comes on with motion after dark, and goes off 5 minutes after the motion stops.',
  'good-night': 'At 23:00 every room goes dark and the heating goes down to eco.',
  'leaving-home': 'When the last person leaves: everything off, heating down, and a note saying so.',
  'wake-up-light': 'On weekdays at 07:00 a light rises over a quarter of an hour, warm to daylight.',
  'door-left-open': 'A notification when a door has been open for 10 minutes.',
  'temperature-alert': 'A notification when it has been below 5 °C or above 30 °C for 10 minutes.',
};

export const galleryIds = GALLERY.map((g) => g.id);
export const isGalleryId = (id: string | null): id is GalleryId => galleryIds.some((g) => g === id);

/** Stands in for a device the home does not have; the builders validate, so they need some id. */
const UNCHOSEN = '\u0000unchosen';

function blank(value: unknown): unknown {
  if (value === UNCHOSEN) return '';
  if (Array.isArray(value)) return value.map(blank);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blank(v)]));
  return value;
}

const has = (d: Device, capability: string) => Object.hasOwn(d.capabilities, capability);

export function galleryDraft(id: GalleryId, devices: readonly Device[], rooms: readonly Room[]): Draft {
  try {
    return fill(id, devices, rooms);
  } catch {
    // A home with no rooms cannot say "Good night" yet: the form starts with its name and asks for the rest.
    return toDraft({ name: GALLERY.find((g) => g.id === id)?.name ?? '' });
  }
}

function fill(id: GalleryId, devices: readonly Device[], rooms: readonly Room[]): Draft {
  const byName = [...devices].sort((a, b) => a.name.localeCompare(b.name));
  const lights = byName.filter((d) => d.kind === 'light' && isWritable(d, 'power'));
  const thermostats = byName.filter((d) => isWritable(d, 'climate')).map((d) => d.id);
  const roomIds = rooms.map((r) => r.id);
  const pick = (d: Device | undefined) => d?.id ?? UNCHOSEN;
  switch (id) {
    case 'motion-light': {
      const sensor = byName.find((d) => has(d, 'motion')) ?? byName.find((d) => has(d, 'occupancy') && d.kind === 'sensor');
      const light = lights.find((l) => sensor?.roomId && l.roomId === sensor.roomId) ?? lights[0];
      const capability = sensor && !has(sensor, 'motion') ? 'occupancy' : 'motion';
      return toDraft(blank(GALLERY[0].build({ motion: pick(sensor), capability, light: pick(light) })));
    }
    case 'good-night':
      return toDraft(GALLERY[1].build({ rooms: roomIds, thermostats }));
    case 'leaving-home':
      return toDraft(GALLERY[2].build({ rooms: roomIds, thermostats }));
    case 'wake-up-light': {
      const light = lights.find((l) => isWritable(l, 'colorTemperature')) ?? lights.find((l) => isWritable(l, 'brightness'));
      return toDraft(blank(GALLERY[3].build({ light: pick(light) })));
    }
    case 'door-left-open':
      return toDraft(blank(GALLERY[4].build({ door: pick(byName.find((d) => has(d, 'contact'))) })));
    case 'temperature-alert': {
      const sensor = byName.find((d) => has(d, 'temperature') && !has(d, 'climate'));
      return toDraft(blank(GALLERY[5].build({ sensor: pick(sensor) })));
    }
  }
}
