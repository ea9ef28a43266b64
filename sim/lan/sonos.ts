/**
 * A simulated Sonos player on a 1400-style port: UPnP device description, SOAP control of
 * AVTransport and RenderingControl (envelopes and UPnPError faults as in
 * protocols/speakers/sonos), and GENA events (`SUBSCRIBE …/Event`, NOTIFY with LastChange).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MdnsService } from './advertiser';
import { LanDevice, type LanDeviceOptions } from './device';
import { readBody, requestUrl, sendText } from './http';
import { SsdpResponder } from './ssdp';
import { deviceDescription } from './sonos-description';
import { GenaService } from './sonos-gena';
import { parseSoapCall, soapFault, soapResponse, UpnpError, UPNP_ERRORS } from './sonos-soap';
import { DEMO_QUEUE, hms, SonosState, type Track } from './sonos-state';

export interface SonosOptions extends LanDeviceOptions {
  roomName?: string;
  /** 12 upper-case hex digits; the player's id is RINCON_<MAC>01400. */
  mac?: string;
  queue?: Track[];
  /** Answer SSDP M-SEARCH (and announce alive/byebye) while running (only inside scripts/netns.sh). */
  ssdp?: boolean;
}

const AVT = 'urn:schemas-upnp-org:service:AVTransport:1';
const RC = 'urn:schemas-upnp-org:service:RenderingControl:1';
const XML = 'text/xml; charset="utf-8"';

export class SonosSpeaker extends LanDevice {
  readonly state: SonosState;
  readonly roomName: string;
  readonly udn: string;
  private readonly avtEvents: GenaService;
  private readonly rcEvents: GenaService;
  private readonly ssdpOnStart: boolean;
  private ssdp: SsdpResponder | undefined;

  constructor(options: SonosOptions = {}) {
    super(options);
    this.roomName = options.roomName ?? 'Living Room';
    this.udn = `RINCON_${(options.mac ?? '347E5C0F1A2B').toUpperCase()}01400`;
    this.state = new SonosState(options.queue ?? DEMO_QUEUE, this.clock);
    this.avtEvents = new GenaService(this.udn, this.clock, () => this.state.avTransportEvent());
    this.rcEvents = new GenaService(this.udn, this.clock, () => this.state.renderingEvent());
    this.ssdpOnStart = options.ssdp ?? false;
  }

  override async start(): Promise<{ port: number; url: string }> {
    const address = await super.start();
    if (this.ssdpOnStart) await this.advertiseSsdp();
    return address;
  }

  override async stop(): Promise<void> {
    await this.unadvertiseSsdp();
    await super.stop();
  }

  /** Answers M-SEARCH for ZonePlayer / ssdp:all as a Sonos player does (refuses outside scripts/netns.sh). */
  async advertiseSsdp(): Promise<void> {
    if (this.ssdp) return;
    const responder = new SsdpResponder({
      st: 'urn:schemas-upnp-org:device:ZonePlayer:1',
      uuid: `uuid:${this.udn}`,
      location: `http://127.0.0.1:${this.port}/xml/device_description.xml`,
      headers: { 'X-RINCON-HOUSEHOLD': 'Sonos_SimHousehold0123456789', 'X-RINCON-BOOTSEQ': '3' },
    });
    await responder.start();
    this.ssdp = responder;
  }

  /** Sends ssdp:byebye and stops answering. */
  async unadvertiseSsdp(): Promise<void> {
    const responder = this.ssdp;
    this.ssdp = undefined;
    await responder?.stop();
  }

  mdnsServices(): MdnsService[] {
    // Instance name form from the research pack; TXT keys as Sonos players announce them (unverified)
    return [
      {
        name: `${this.udn}@${this.roomName}`,
        type: 'sonos',
        port: this.port,
        txt: { info: `/api/v1/players/${this.udn}/info`, vers: '3', protovers: '1.24.1' },
      },
    ];
  }

  get subscriptionCount(): number {
    return this.avtEvents.count + this.rcEvents.count;
  }

  /** The play/pause button on top of the speaker. */
  pressButton(): void {
    this.state.setTransport(this.state.transport === 'PLAYING' ? 'PAUSED_PLAYBACK' : 'PLAYING');
    this.avtEvents.notifyAll();
  }

  /** Volume buttons / another controller: changes the volume and notifies subscribers. */
  setVolume(volume: number): void {
    this.state.volume = Math.max(0, Math.min(100, Math.round(volume)));
    this.rcEvents.notifyAll();
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname;
    if (req.method === 'GET' && path === '/xml/device_description.xml') {
      return sendText(
        res,
        200,
        deviceDescription({ udn: this.udn, roomName: this.roomName, host: `127.0.0.1:${this.port}` }),
        XML,
      );
    }
    if (path === '/MediaRenderer/AVTransport/Event') return this.avtEvents.handle(req, res);
    if (path === '/MediaRenderer/RenderingControl/Event') return this.rcEvents.handle(req, res);
    if (req.method === 'POST' && path === '/MediaRenderer/AVTransport/Control') return this.control(req, res, AVT);
    if (req.method === 'POST' && path === '/MediaRenderer/RenderingControl/Control') return this.control(req, res, RC);
    sendText(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html');
  }

  private async control(req: IncomingMessage, res: ServerResponse, serviceType: string): Promise<void> {
    const call = parseSoapCall(req.headers.soapaction as string | undefined, await readBody(req));
    try {
      if (!call || call.serviceType !== serviceType) throw new UpnpError(...UPNP_ERRORS.invalidAction);
      if (call.args.InstanceID !== '0') throw new UpnpError(...UPNP_ERRORS.invalidArgs);
      const values = serviceType === AVT ? this.avTransport(call.action, call.args) : this.rendering(call.action, call.args);
      sendText(res, 200, soapResponse(serviceType, call.action, values), XML);
    } catch (err) {
      if (!(err instanceof UpnpError)) throw err;
      sendText(res, 500, soapFault(err.code, err.description), XML);
    }
  }

  private avTransport(action: string, args: Record<string, string>): Record<string, string | number> {
    const s = this.state;
    const changed = () => this.avtEvents.notifyAll();
    switch (action) {
      case 'Play':
        if (args.Speed !== undefined && args.Speed !== '1') throw new UpnpError(...UPNP_ERRORS.invalidArgs);
        if (!s.track) throw new UpnpError(...UPNP_ERRORS.transitionNotAvailable);
        s.setTransport('PLAYING');
        changed();
        return {};
      case 'Pause':
        if (s.transport === 'STOPPED') throw new UpnpError(...UPNP_ERRORS.transitionNotAvailable);
        s.setTransport('PAUSED_PLAYBACK');
        changed();
        return {};
      case 'Stop':
        s.setTransport('STOPPED');
        changed();
        return {};
      case 'Next':
      case 'Previous':
        if (!s.skip(action === 'Next' ? 1 : -1)) throw new UpnpError(...UPNP_ERRORS.transitionNotAvailable);
        changed();
        return {};
      case 'GetTransportInfo':
        return { CurrentTransportState: s.transport, CurrentTransportStatus: 'OK', CurrentSpeed: 1 };
      case 'GetPositionInfo': {
        const t = s.track;
        return {
          Track: t ? s.trackIndex + 1 : 0,
          TrackDuration: hms(t?.durationS ?? 0),
          TrackMetaData: s.didl(),
          TrackURI: t?.uri ?? '',
          RelTime: hms(s.position()),
          AbsTime: 'NOT_IMPLEMENTED',
          RelCount: 2147483647,
          AbsCount: 2147483647,
        };
      }
      default:
        throw new UpnpError(...UPNP_ERRORS.invalidAction);
    }
  }

  private rendering(action: string, args: Record<string, string>): Record<string, string | number> {
    const s = this.state;
    if (!['Master', 'LF', 'RF'].includes(args.Channel ?? '')) throw new UpnpError(...UPNP_ERRORS.invalidArgs);
    switch (action) {
      case 'GetVolume':
        return { CurrentVolume: s.volume };
      case 'GetMute':
        return { CurrentMute: s.muted ? 1 : 0 };
      case 'SetVolume': {
        const v = args.DesiredVolume ?? '';
        if (!/^\d+$/.test(v) || Number(v) > 100) throw new UpnpError(...UPNP_ERRORS.invalidArgs);
        s.volume = Number(v);
        this.rcEvents.notifyAll();
        return {};
      }
      case 'SetMute': {
        const m = args.DesiredMute;
        if (!['0', '1', 'true', 'false'].includes(m ?? '')) throw new UpnpError(...UPNP_ERRORS.invalidArgs);
        s.muted = m === '1' || m === 'true';
        this.rcEvents.notifyAll();
        return {};
      }
      default:
        throw new UpnpError(...UPNP_ERRORS.invalidAction);
    }
  }

  protected override onStop(): void {
    this.avtEvents.stop();
    this.rcEvents.stop();
  }
}
