/**
 * A small SSDP responder for one simulated UPnP device: answers `M-SEARCH` for its search
 * target (or `ssdp:all`) with a unicast response, announces `ssdp:alive` on start and
 * `ssdp:byebye` on stop. Opt-in, and only ever inside `scripts/netns.sh`: it refuses to
 * start unless the process is in a namespace whose only interface is loopback.
 */
import dgram from 'node:dgram';
import { assertIsolatedNetwork } from '../../core/util/netns';
import { parseSsdpMessage, SSDP_GROUP, SSDP_PORT } from '../../core/protocols/ssdp';

export interface SsdpResponderOptions {
  /** Search target, e.g. `urn:schemas-upnp-org:device:ZonePlayer:1`. */
  st: string;
  /** `uuid:<UDN>` (the USN is `uuid:<UDN>::<ST>`). */
  uuid: string;
  location: string;
  /** Extra response headers (Sonos: `X-RINCON-HOUSEHOLD`…). */
  headers?: Record<string, string>;
  /** The interface to join the group on and send from (default 127.0.0.1). */
  interfaceAddress?: string;
}

const SERVER = 'Linux UPnP/1.0 Sonos/80.1-55240 (ZPS18)';

export class SsdpResponder {
  private socket: dgram.Socket | undefined;
  /** Searches answered (for tests). */
  answered = 0;

  constructor(private readonly options: SsdpResponderOptions) {}

  get usn(): string {
    return `${this.options.uuid}::${this.options.st}`;
  }

  get running(): boolean {
    return this.socket !== undefined;
  }

  async start(): Promise<void> {
    if (this.socket) return;
    assertIsolatedNetwork(); // the simulator never multicasts on a real network
    const iface = this.options.interfaceAddress ?? '127.0.0.1';
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(SSDP_PORT, '0.0.0.0', () => {
        socket.removeListener('error', reject);
        resolve();
      });
    });
    socket.addMembership(SSDP_GROUP, iface);
    socket.setMulticastInterface(iface);
    socket.on('error', () => {});
    socket.on('message', (data, rinfo) => {
      const message = parseSsdpMessage(data);
      if (message?.kind !== 'search' || message.headers.man !== '"ssdp:discover"') return;
      const st = message.headers.st;
      if (st !== this.options.st && st !== 'ssdp:all') return;
      this.answered++;
      socket.send(this.response(), rinfo.port, rinfo.address);
    });
    this.socket = socket;
    await this.notify('ssdp:alive');
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    await this.notify('ssdp:byebye');
    this.socket = undefined;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private response(): string {
    return (
      'HTTP/1.1 200 OK\r\n' +
      'CACHE-CONTROL: max-age = 1800\r\n' +
      'EXT:\r\n' +
      `LOCATION: ${this.options.location}\r\n` +
      `SERVER: ${SERVER}\r\n` +
      `ST: ${this.options.st}\r\n` +
      `USN: ${this.usn}\r\n` +
      this.extraHeaders() +
      '\r\n'
    );
  }

  private notify(nts: 'ssdp:alive' | 'ssdp:byebye'): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    const alive = nts === 'ssdp:alive';
    const message =
      'NOTIFY * HTTP/1.1\r\n' +
      `HOST: ${SSDP_GROUP}:${SSDP_PORT}\r\n` +
      (alive ? `CACHE-CONTROL: max-age = 1800\r\nLOCATION: ${this.options.location}\r\nSERVER: ${SERVER}\r\n` : '') +
      `NT: ${this.options.st}\r\n` +
      `NTS: ${nts}\r\n` +
      `USN: ${this.usn}\r\n` +
      (alive ? this.extraHeaders() : '') +
      '\r\n';
    return new Promise((resolve) => socket.send(message, SSDP_PORT, SSDP_GROUP, () => resolve()));
  }

  private extraHeaders(): string {
    return Object.entries(this.options.headers ?? {})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
  }
}
