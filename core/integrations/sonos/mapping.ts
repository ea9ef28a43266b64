/**
 * Sonos ↔ the common model, pure: the device description → device, SOAP answers and GENA
 * `LastChange` events → the `media` value, DIDL-Lite → track, ZoneGroupState → groups,
 * a media command → SOAP actions (argument lists as SoCo sends them).
 */
import type { Candidate, DiscoveredService } from '../../discovery/types';
import type { Command, MediaValue } from '../../model';
import type { DeviceDescription } from '../integration';
import { AVT, RC, type SoapArgs } from './soap';
import { attr, child, list, parseXml, text, type XmlValue } from './xml';
import { unreportedMedia } from '../../model';

export const SONOS = 'sonos';
export const SONOS_PORT = 1400;
export const DESCRIPTION_PATH = '/xml/device_description.xml';
const RINCON = /^RINCON_[0-9A-F]{12}\d{5}$/;

export interface PlayerDescription {
  /** `RINCON_<MAC>01400`, the player's own unique id. */
  udn: string;
  roomName: string;
  modelName: string;
  softwareVersion?: string;
}

export function parseDescription(xml: string): PlayerDescription | undefined {
  const device = child(parseXml(xml), 'root', 'device');
  const udn = text(child(device, 'UDN'))?.replace(/^uuid:/, '');
  if (!udn || !RINCON.test(udn)) return undefined;
  const version = text(child(device, 'softwareVersion'));
  return {
    udn,
    roomName: text(child(device, 'roomName')) || 'Sonos',
    modelName: text(child(device, 'modelName')) || 'Sonos player',
    ...(version ? { softwareVersion: version } : {}),
  };
}

export function describe(player: PlayerDescription): DeviceDescription {
  return {
    id: `${SONOS}:${player.udn}`,
    name: player.roomName,
    kind: 'speaker',
    integration: SONOS,
    manufacturer: 'Sonos',
    model: player.modelName,
    availability: 'unknown',
    capabilities: {
      media: unreportedMedia(),
    },
  };
}

export function candidateFromDescription(player: PlayerDescription, host: string, port: number): Candidate {
  return {
    integration: SONOS,
    uniqueId: player.udn,
    kind: 'speaker',
    name: player.roomName,
    manufacturer: 'Sonos',
    model: player.modelName,
    host,
    port,
    needsPairing: false,
  };
}

/** `_sonos._tcp`, instance `RINCON_<MAC>01400@<Room>` (the model is learned by probing). */
export function claimService(service: DiscoveredService): Candidate | undefined {
  if (service.type !== 'sonos') return undefined;
  const [udn, ...room] = service.name.split('@');
  const host = service.addresses.find((a) => !a.includes(':')) ?? service.addresses[0];
  if (!udn || !RINCON.test(udn) || !host || !service.port) return undefined;
  return {
    integration: SONOS,
    uniqueId: udn,
    kind: 'speaker',
    name: room.join('@') || 'Sonos',
    manufacturer: 'Sonos',
    model: 'Sonos player',
    host,
    port: service.port,
    needsPairing: false,
  };
}

const TRANSPORT: Record<string, MediaValue['state']> = { PLAYING: 'playing', PAUSED_PLAYBACK: 'paused', STOPPED: 'stopped' };

/** TRANSITIONING and unknown states say nothing (undefined): the next event settles it. */
export function mediaState(transport: string | undefined): MediaValue['state'] | undefined {
  return transport ? TRANSPORT[transport] : undefined;
}

/** `H:MM:SS` → seconds; undefined for `NOT_IMPLEMENTED` and nonsense. */
export function parseHms(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d+):([0-5]\d):([0-5]\d)(?:\.\d+)?$/);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

export interface TrackInfo {
  track: NonNullable<MediaValue['track']>;
  /** Raw `upnp:albumArtURI`, still untrusted. */
  albumArt?: string;
}

/** DIDL-Lite item → title/artist/album (+ art). Undefined when empty or unreadable. */
export function parseDidl(didl: string | undefined): TrackInfo | undefined {
  if (!didl || !didl.trim() || didl === 'NOT_IMPLEMENTED') return undefined;
  let item: XmlValue | undefined;
  try {
    item = child(parseXml(didl), 'DIDL-Lite', 'item');
  } catch {
    return undefined;
  }
  if (item === undefined) return undefined;
  const track: TrackInfo['track'] = {};
  const title = text(child(item, 'title'));
  const artist = text(child(item, 'creator')) ?? text(child(item, 'albumArtist'));
  const album = text(child(item, 'album'));
  if (title) track.title = title;
  if (artist) track.artist = artist;
  if (album) track.album = album;
  const art = text(child(item, 'albumArtURI'));
  return { track, ...(art ? { albumArt: art } : {}) };
}

/** GetPositionInfo's answer → the track with duration and position. */
export function trackFromPositionInfo(values: Record<string, string>): TrackInfo | undefined {
  const info = parseDidl(values.TrackMetaData);
  if (!info && !values.TrackURI) return undefined;
  const track = { ...info?.track };
  const duration = parseHms(values.TrackDuration);
  const position = parseHms(values.RelTime);
  if (duration) track.durationS = duration;
  if (position !== undefined && duration) track.positionS = position;
  return { track, ...(info?.albumArt ? { albumArt: info.albumArt } : {}) };
}

export interface LastChange {
  media: Partial<MediaValue>;
  albumArt?: string;
}

/** A GENA NOTIFY body (`propertyset` with an escaped `LastChange`) → what changed. */
export function parseNotify(body: string): LastChange {
  const properties = list(child(parseXml(body), 'propertyset', 'property'));
  const out: LastChange = { media: {} };
  for (const property of properties) {
    const lastChange = text(child(property, 'LastChange'));
    if (lastChange) Object.assign(out, mergeChange(out, parseLastChange(lastChange)));
  }
  return out;
}

function mergeChange(a: LastChange, b: LastChange): LastChange {
  return { media: { ...a.media, ...b.media }, ...((b.albumArt ?? a.albumArt) ? { albumArt: b.albumArt ?? a.albumArt } : {}) };
}

/** The unescaped `<Event>` of AVTransport or RenderingControl. */
export function parseLastChange(xml: string): LastChange {
  const instance = child(parseXml(xml), 'Event', 'InstanceID');
  const out: LastChange = { media: {} };
  if (!instance) return out;
  const val = (name: string) => attr(child(instance, name), 'val');
  const state = mediaState(val('TransportState'));
  if (state !== undefined) out.media.state = state;
  // RenderingControl lists channels (Master, LF, RF): Master is the one people mean.
  const master = (name: string) => list(child(instance, name)).find((v) => (attr(v, 'channel') ?? 'Master') === 'Master');
  const volume = Number(attr(master('Volume'), 'val'));
  if (attr(master('Volume'), 'val') !== undefined && Number.isFinite(volume))
    out.media.volume = Math.max(0, Math.min(100, volume));
  const mute = attr(master('Mute'), 'val');
  if (mute !== undefined) out.media.muted = mute === '1' || mute === 'true';
  const meta = val('CurrentTrackMetaData');
  if (meta !== undefined) {
    const info = parseDidl(meta);
    const duration = parseHms(val('CurrentTrackDuration'));
    out.media.track = info || duration ? { ...info?.track, ...(duration ? { durationS: duration } : {}) } : null;
    if (info?.albumArt) out.albumArt = info.albumArt;
  }
  return out;
}

/**
 * Album art from a device is untrusted: only http(s) on the player's own host passes (relative
 * `/getaa?…` paths resolve against it). Anything else — another host, javascript:, data: — is dropped.
 */
export function trustedAlbumArt(raw: string | undefined, playerBase: string): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw, playerBase);
  } catch {
    return undefined;
  }
  const base = new URL(playerBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname !== base.hostname || url.username || url.password) return undefined;
  return url.href.length <= 2000 ? url.href : undefined;
}

export interface ZoneGroup {
  coordinator: string;
  members: { udn: string; location?: string; zoneName?: string }[];
}

/**
 * ZoneGroupTopology's `ZoneGroupState` (GetZoneGroupState, or the ZoneGroupTopology event):
 * which players play together and which one coordinates. Older firmware wraps it in
 * `<ZoneGroupState><ZoneGroups>`, newer answers `<ZoneGroups>` directly.
 */
export function parseZoneGroupState(xml: string): ZoneGroup[] {
  const doc = parseXml(xml);
  const groups = child(doc, 'ZoneGroupState', 'ZoneGroups') ?? child(doc, 'ZoneGroups');
  return list(child(groups, 'ZoneGroup')).flatMap((g) => {
    const coordinator = attr(g, 'Coordinator');
    if (!coordinator) return [];
    const members = list(child(g, 'ZoneGroupMember')).flatMap((m) => {
      const udn = attr(m, 'UUID');
      if (!udn) return [];
      const location = attr(m, 'Location');
      const zoneName = attr(m, 'ZoneName');
      return [{ udn, ...(location ? { location } : {}), ...(zoneName ? { zoneName } : {}) }];
    });
    return [{ coordinator, members }];
  });
}

/** Where transport commands for `udn` go: its group's coordinator (its description URL), or itself. */
export function coordinatorOf(groups: ZoneGroup[], udn: string): { udn: string; location?: string } | undefined {
  const group = groups.find((g) => g.members.some((m) => m.udn === udn));
  if (!group || group.coordinator === udn) return undefined;
  const member = group.members.find((m) => m.udn === group.coordinator);
  return { udn: group.coordinator, ...(member?.location ? { location: member.location } : {}) };
}

export interface SoapAction {
  service: typeof AVT | typeof RC;
  action: string;
  args: SoapArgs;
}

const SPEED: SoapArgs = [
  ['InstanceID', 0],
  ['Speed', 1],
];
const TRANSPORT_ACTIONS = { play: 'Play', pause: 'Pause', stop: 'Stop', next: 'Next', previous: 'Previous' } as const;

/** A media command → SOAP actions (transport first, then volume, then mute), args as SoCo sends them. */
export function commandToSoap(command: Command): SoapAction[] {
  const media = command.media;
  if (!media) return [];
  const out: SoapAction[] = [];
  if (media.action) out.push({ service: AVT, action: TRANSPORT_ACTIONS[media.action], args: SPEED });
  if (media.volume !== undefined)
    out.push({
      service: RC,
      action: 'SetVolume',
      args: [
        ['InstanceID', 0],
        ['Channel', 'Master'],
        ['DesiredVolume', Math.round(media.volume)],
      ],
    });
  if (media.muted !== undefined)
    out.push({
      service: RC,
      action: 'SetMute',
      args: [
        ['InstanceID', 0],
        ['Channel', 'Master'],
        ['DesiredMute', media.muted ? 1 : 0],
      ],
    });
  return out;
}
