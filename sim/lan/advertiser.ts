/**
 * mDNS advertisement for one simulated device (bonjour-service `publish`). Opt-in, and
 * only ever used inside `scripts/netns.sh`: multicast must not reach a real network.
 * `unadvertise()` stops each service, which sends the goodbye (TTL 0) records.
 */
import { Bonjour, type Service } from 'bonjour-service';
import { assertIsolatedNetwork } from '../../core/util/netns';

export interface MdnsService {
  name: string;
  /** Without the leading underscore or protocol, as bonjour-service wants it: `shelly`, `http`. */
  type: string;
  port: number;
  txt: Record<string, string>;
}

export class Advertiser {
  private bonjour: Bonjour | undefined;
  private readonly ownsBonjour: boolean;
  private published: Service[] = [];

  /** Pass a shared Bonjour to keep one responder per process (see index.ts). */
  constructor(shared?: Bonjour) {
    this.bonjour = shared;
    this.ownsBonjour = !shared;
  }

  get isAdvertising(): boolean {
    return this.published.length > 0;
  }

  advertise(services: readonly MdnsService[], host?: string): void {
    if (this.published.length) return;
    assertIsolatedNetwork(); // the simulator never multicasts on a real network
    this.bonjour ??= new Bonjour();
    const bonjour = this.bonjour;
    this.published = services.map((s) =>
      bonjour.publish({ name: s.name, type: s.type, protocol: 'tcp', port: s.port, txt: s.txt, host, disableIPv6: true }),
    );
  }

  async unadvertise(): Promise<void> {
    const services = this.published;
    this.published = [];
    await Promise.all(services.map((s) => new Promise<void>((resolve) => s.stop?.(() => resolve()))));
  }

  async destroy(): Promise<void> {
    await this.unadvertise();
    if (this.ownsBonjour && this.bonjour) {
      const bonjour = this.bonjour;
      this.bonjour = undefined;
      await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
    }
  }
}
