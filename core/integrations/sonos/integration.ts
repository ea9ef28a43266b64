/**
 * Sonos players over their documented local UPnP control (port 1400): found by `_sonos._tcp` or
 * by address, identified by the RINCON id in `/xml/device_description.xml`. One GENA listener
 * (started by the first subscription) takes the events of every player.
 */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { httpJson, urlHost } from '../lan/http';
import { LanIntegrationBase } from '../lan/managed';
import { SonosManagedDevice } from './device';
import { GenaListener } from './gena';
import { candidateFromDescription, claimService, DESCRIPTION_PATH, parseDescription, SONOS, SONOS_PORT } from './mapping';

export interface SonosIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  /**
   * The one address players send events to, and the only one the event listener binds (127.0.0.1
   * for the simulator). Unset: the listener binds every interface and each player is given the
   * hub's address on the route to it.
   */
  callbackHost?: string;
  timeoutMs?: number;
  retryBaseMs?: number;
  pollMs?: number;
  /** First delay before a player that refused events is subscribed again (default 5 s). */
  pushRetryBaseMs?: number;
  heartbeatMs?: number;
  subscriptionTimeoutS?: number;
}

export class SonosIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = SONOS;
  readonly serviceTypes = ['sonos'] as const;
  private readonly listener: GenaListener;

  constructor(private readonly options: SonosIntegrationOptions) {
    super(options.host);
    this.listener = new GenaListener(options.callbackHost);
  }

  override async stop(): Promise<void> {
    const devices = [...this.managed.values()] as SonosManagedDevice[];
    await super.stop();
    // Unsubscribe before the listener goes (stop() above already began it; wait for the requests).
    await Promise.all(devices.flatMap((d) => d.subscriptions.map((s) => s.stop())));
    await this.listener.stop();
  }

  claims(service: DiscoveredService): Candidate | undefined {
    return claimService(service);
  }

  async probe(host: string, port = SONOS_PORT): Promise<Candidate | undefined> {
    const { status, body } = await httpJson(`http://${urlHost(host, port)}${DESCRIPTION_PATH}`, {
      timeoutMs: this.options.timeoutMs,
    });
    const player = status === 200 && typeof body === 'string' ? parseDescription(body) : undefined;
    return player ? candidateFromDescription(player, host, port) : undefined;
  }

  /**
   * Adds a player by its URL (`http://192.168.1.30:1400`, or the description URL) without the
   * discovery inbox. Resolves with the registry id once it answered.
   */
  async addSonosPlayer(url: string, options: { waitMs?: number } = {}): Promise<string> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:') throw new Error('A Sonos player is reached over http://');
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(parsed.port) || SONOS_PORT;
    const candidate = await this.probe(host, port);
    if (!candidate) throw new Error(`Nothing at ${url} answered as a Sonos player`);
    const device: AddedDevice = { ...candidate, id: `${SONOS}:${candidate.uniqueId}`, addedAt: this.options.clock.now() };
    try {
      const [id] = await this.manage(device, { waitMs: options.waitMs ?? 5000 });
      return id ?? device.id;
    } catch (error) {
      await this.forget(device.id);
      throw error;
    }
  }

  protected create(device: AddedDevice) {
    return new SonosManagedDevice(device, { ...this.options, listener: this.listener });
  }
}
