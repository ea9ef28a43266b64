/**
 * What a simulated Sonos player is doing: a small queue, transport state, position
 * (advanced by the clock while playing), volume and mute; plus the XML views UPnP
 * clients read (DIDL-Lite track metadata, LastChange events).
 */
import type { Clock } from '../../core/util/clock';
import { xmlEscape } from './sonos-soap';

export type TransportState = 'PLAYING' | 'PAUSED_PLAYBACK' | 'STOPPED';

export interface Track {
  title: string;
  artist: string;
  album: string;
  durationS: number;
  uri: string;
}

export const DEMO_QUEUE: Track[] = [
  {
    title: 'Morning Light',
    artist: 'The Simulators',
    album: 'Virtual Home',
    durationS: 205,
    uri: 'x-file-cifs://nas/music/morning-light.mp3',
  },
  {
    title: 'Quiet Room',
    artist: 'The Simulators',
    album: 'Virtual Home',
    durationS: 187,
    uri: 'x-file-cifs://nas/music/quiet-room.mp3',
  },
  {
    title: 'Evening Dim',
    artist: 'Loopback Trio',
    album: '127.0.0.1',
    durationS: 242,
    uri: 'x-file-cifs://nas/music/evening-dim.mp3',
  },
];

export function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export class SonosState {
  transport: TransportState = 'STOPPED';
  volume = 20;
  muted = false;
  trackIndex = 0;
  private positionS = 0;
  private playingSince: number | undefined;

  constructor(
    readonly queue: Track[],
    private readonly clock: Clock,
  ) {}

  get track(): Track | undefined {
    return this.queue[this.trackIndex];
  }

  position(): number {
    const running = this.playingSince === undefined ? 0 : (this.clock.now() - this.playingSince) / 1000;
    return Math.min(this.positionS + running, this.track?.durationS ?? 0);
  }

  setTransport(next: TransportState): void {
    this.positionS = next === 'STOPPED' ? 0 : this.position();
    this.playingSince = next === 'PLAYING' ? this.clock.now() : undefined;
    this.transport = next;
  }

  /** Moves within the queue; false at either end (the player answers 701). */
  skip(delta: 1 | -1): boolean {
    const next = this.trackIndex + delta;
    if (next < 0 || next >= this.queue.length) return false;
    this.trackIndex = next;
    this.positionS = 0;
    if (this.playingSince !== undefined) this.playingSince = this.clock.now();
    return true;
  }

  /** DIDL-Lite for the current track, as `TrackMetaData` / `CurrentTrackMetaData` carry it. */
  didl(): string {
    const t = this.track;
    if (!t) return '';
    return (
      '<DIDL-Lite xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:upnp="urn:schemas-upnp-org:metadata-1-0/upnp/" ' +
      'xmlns:r="urn:schemas-rinconnetworks-com:metadata-1-0/" xmlns="urn:schemas-upnp-org:metadata-1-0/DIDL-Lite/">' +
      `<item id="-1" parentID="-1" restricted="true"><res protocolInfo="x-file-cifs:*:audio/mpeg:*" duration="${hms(t.durationS)}">${xmlEscape(t.uri)}</res>` +
      `<r:streamContent></r:streamContent><dc:title>${xmlEscape(t.title)}</dc:title><upnp:class>object.item.audioItem.musicTrack</upnp:class>` +
      `<dc:creator>${xmlEscape(t.artist)}</dc:creator><upnp:album>${xmlEscape(t.album)}</upnp:album></item></DIDL-Lite>`
    );
  }

  /** The AVTransport `LastChange` document (unescaped). */
  avTransportEvent(): string {
    const t = this.track;
    const vals: [string, string][] = [
      ['TransportState', this.transport],
      ['CurrentPlayMode', 'NORMAL'],
      ['NumberOfTracks', String(this.queue.length)],
      ['CurrentTrack', String(this.trackIndex + 1)],
      ['CurrentTrackDuration', hms(t?.durationS ?? 0)],
      ['CurrentTrackURI', t?.uri ?? ''],
      ['CurrentTrackMetaData', this.didl()],
    ];
    const body = vals.map(([k, v]) => `<${k} val="${xmlEscape(v)}"/>`).join('');
    return `<Event xmlns="urn:schemas-upnp-org:metadata-1-0/AVT/" xmlns:r="urn:schemas-rinconnetworks-com:metadata-1-0/"><InstanceID val="0">${body}</InstanceID></Event>`;
  }

  /** The RenderingControl `LastChange` document (unescaped). */
  renderingEvent(): string {
    return (
      '<Event xmlns="urn:schemas-upnp-org:metadata-1-0/RCS/"><InstanceID val="0">' +
      `<Volume channel="Master" val="${this.volume}"/><Mute channel="Master" val="${this.muted ? 1 : 0}"/>` +
      '</InstanceID></Event>'
    );
  }
}
