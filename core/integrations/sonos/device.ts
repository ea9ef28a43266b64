/**
 * One added Sonos player. Connecting reads the description (same RINCON id?), the group it is
 * in, and the full state over SOAP, then subscribes to AVTransport and RenderingControl events
 * (GENA). Without events it polls. Either way a light heartbeat (GetTransportInfo) notices a
 * player that has gone; the session then marks it offline with the reason and reconnects with backoff.
 * Transport commands of a grouped player go to its group's coordinator; volume and mute stay its own.
 */
import type { Command, MediaValue } from '../../model';
import type { Timer } from '../../util/clock';
import { CommandError } from '../integration';
import { DeviceUnreachableError, httpJson } from '../lan/http';
import { pollUntilPush } from '../lan/push-fallback';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import { GenaSubscription, type GenaListener } from './gena';
import {
  commandToSoap,
  coordinatorOf,
  describe,
  DESCRIPTION_PATH,
  mediaState,
  parseDescription,
  parseNotify,
  parseZoneGroupState,
  trackFromPositionInfo,
  trustedAlbumArt,
  type LastChange,
  type ZoneGroup,
} from './mapping';
import { AVT, faultText, RC, soapCall, UpnpFault, ZGT, type SoapArgs } from './soap';

export interface SonosDeviceOptions extends SessionDeviceOptions {
  listener: GenaListener;
  timeoutMs?: number;
  /** Poll interval when events are unavailable. */
  pollMs?: number;
  /** Liveness check while events flow. */
  heartbeatMs?: number;
  /** First delay before subscribing is tried again while polled (default 5 s). */
  pushRetryBaseMs?: number;
  /** Requested GENA lifetime. */
  subscriptionTimeoutS?: number;
}

export class SonosManagedDevice extends SessionDevice<SonosDeviceOptions> {
  protected readonly label = 'The Sonos player';
  /** Where transport commands go when the player is grouped (`host:port`). */
  coordinator: string | undefined;
  /** 'events' while subscribed, 'polling' as the fallback. */
  mode: 'events' | 'polling' | undefined;
  subscriptions: GenaSubscription[] = [];
  private connected = false;
  private albumArt: string | undefined;
  private attributes: Record<string, unknown> = {};
  private description: ReturnType<typeof describe> | undefined;

  async send(_deviceId: string, command: Command): Promise<void> {
    const actions = commandToSoap(command);
    if (actions.length === 0) throw new CommandError('not_writable', 'A Sonos player only takes media commands');
    if (!this.connected) throw this.unavailable('is offline');
    for (const { service, action, args } of actions) {
      const target = service === AVT && this.coordinator ? this.coordinator : this.where();
      try {
        await this.call(service, action, args, target);
      } catch (error) {
        if (error instanceof UpnpFault) throw new CommandError('invalid', `The Sonos player ${faultText(error)}`);
        throw new CommandError(
          'unavailable',
          `The Sonos player at ${target} ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    // Events confirm on their own; polling would only notice at the next tick.
    if (this.mode === 'polling') await this.readState().catch(() => undefined);
  }

  private call(service: string, action: string, args: SoapArgs, host = this.where()): Promise<Record<string, string>> {
    return soapCall({ host, timeoutMs: this.options.timeoutMs }, service, action, args);
  }

  private report(media: Partial<MediaValue>, albumArt?: string): void {
    const id = this.deviceIds[0];
    if (!id) return;
    if (Object.keys(media).length) this.options.host.reportState(id, { media: media as MediaValue });
    if ('track' in media) this.setAlbumArt(trustedAlbumArt(albumArt, `http://${this.where()}/`));
  }

  /** Album art is an attribute (a URL on the player itself), re-announced only when it changes. */
  private setAlbumArt(url: string | undefined): void {
    if (url === this.albumArt || !this.description) return;
    this.albumArt = url;
    this.announce();
  }

  private announce(): void {
    if (!this.description) return;
    const attributes = { ...this.attributes, ...(this.albumArt ? { albumArtUrl: this.albumArt } : {}) };
    this.options.host.upsertDevice({ ...this.description, ...(Object.keys(attributes).length ? { attributes } : {}) });
  }

  private async readState(): Promise<void> {
    const instance: SoapArgs = [['InstanceID', 0]];
    const master: SoapArgs = [...instance, ['Channel', 'Master']];
    const transport = await this.call(AVT, 'GetTransportInfo', instance);
    const position = await this.call(AVT, 'GetPositionInfo', instance);
    const volume = await this.call(RC, 'GetVolume', master);
    const mute = await this.call(RC, 'GetMute', master);
    const info = trackFromPositionInfo(position);
    const media: Partial<MediaValue> = { track: info?.track ?? null };
    const state = mediaState(transport.CurrentTransportState);
    if (state !== undefined) media.state = state;
    const v = Number(volume.CurrentVolume);
    if (volume.CurrentVolume !== undefined && Number.isFinite(v)) media.volume = Math.max(0, Math.min(100, v));
    if (mute.CurrentMute !== undefined) media.muted = mute.CurrentMute === '1';
    this.report(media, info?.albumArt);
  }

  /** Group awareness: a player whose group is coordinated by another sends transport commands there. */
  private async readGroup(udn: string): Promise<void> {
    let groups: ZoneGroup[];
    try {
      const answer = await this.call(ZGT, 'GetZoneGroupState', []);
      groups = parseZoneGroupState(answer.ZoneGroupState ?? '');
    } catch {
      groups = []; // a player without ZoneGroupTopology (or the simulator) plays alone
    }
    const coordinator = coordinatorOf(groups, udn);
    const location = coordinator?.location ? safeUrl(coordinator.location) : undefined;
    this.coordinator = location ? location.host : undefined;
    this.attributes = coordinator ? { groupCoordinator: coordinator.udn } : {};
  }

  protected async connect(): Promise<Connection> {
    const { status, body } = await httpJson(`http://${this.where()}${DESCRIPTION_PATH}`, { timeoutMs: this.options.timeoutMs });
    const player = status === 200 && typeof body === 'string' ? parseDescription(body) : undefined;
    if (!player) throw new DeviceUnreachableError('does not answer like a Sonos player');
    if (player.udn !== this.added.uniqueId) throw new DeviceUnreachableError('is now another player');
    await this.readGroup(player.udn);
    this.description = describe(player);
    this.deviceIds = [this.description.id];
    this.announce();
    await this.readState();
    const subscriptions = await this.subscribe();
    this.connected = true;
    if (subscriptions) {
      this.setPolled(false);
      return this.watch(subscriptions);
    }
    // No events (the player refused the subscriptions): polled, and subscribing tried again with backoff.
    const polling = pollUntilPush({
      clock: this.options.clock,
      pollMs: this.options.pollMs ?? 2000,
      pushRetryBaseMs: this.options.pushRetryBaseMs ?? 5000,
      poll: () => this.readState(),
      openPush: async () => {
        const again = await this.subscribe();
        if (!again) throw new Error('refused event subscriptions');
        return this.watch(again);
      },
      polled: (polled) => this.setPolled(polled),
    });
    void polling.closed.then(() => (this.connected = false));
    return polling;
  }

  /** 'polling' with "updates every N s" in the device's model, or 'events'. */
  private setPolled(polled: boolean): void {
    this.mode = polled ? 'polling' : 'events';
    if (this.description) {
      const next = { ...this.description };
      delete next.updateIntervalS;
      this.description = polled ? { ...next, updateIntervalS: (this.options.pollMs ?? 2000) / 1000 } : next;
    }
    this.announce();
  }

  private async subscribe(): Promise<GenaSubscription[] | undefined> {
    const subscriptions = ['AVTransport', 'RenderingControl'].map(
      (service) =>
        new GenaSubscription({
          clock: this.options.clock,
          listener: this.options.listener,
          eventUrl: `http://${this.where()}/MediaRenderer/${service}/Event`,
          timeoutS: this.options.subscriptionTimeoutS,
          requestTimeoutMs: this.options.timeoutMs,
          onEvent: (event) => this.onEvent(event.body),
          onLost: (reason) => this.lost?.(reason),
        }),
    );
    try {
      await Promise.all(subscriptions.map((s) => s.start()));
      return subscriptions;
    } catch {
      await Promise.all(subscriptions.map((s) => s.stop()));
      return undefined; // no events: poll instead
    }
  }

  private lost: ((reason: string) => void) | undefined;

  private onEvent(body: string): void {
    let change: LastChange;
    try {
      change = parseNotify(body);
    } catch {
      return;
    }
    this.report(change.media, change.albumArt);
  }

  private watch(subscriptions: GenaSubscription[] | undefined): Connection {
    const { clock } = this.options;
    const { closed, end } = closeSignal();
    let stopped = false;
    let timer: Timer | undefined;
    this.subscriptions = subscriptions ?? [];
    if (subscriptions) this.mode = 'events';
    const finish = (reason: string) => {
      if (stopped) return;
      stopped = true;
      this.connected = false;
      this.lost = undefined;
      if (timer !== undefined) clock.clearTimeout(timer);
      for (const s of subscriptions ?? []) void s.stop();
      end(reason);
    };
    this.lost = finish;
    const interval = subscriptions ? (this.options.heartbeatMs ?? 15_000) : (this.options.pollMs ?? 2000);
    const tick = async () => {
      try {
        if (subscriptions) await this.call(AVT, 'GetTransportInfo', [['InstanceID', 0]]);
        else await this.readState();
      } catch (error) {
        return finish(error instanceof Error ? error.message : String(error));
      }
      if (!stopped) timer = clock.setTimeout(() => void tick(), interval);
    };
    timer = clock.setTimeout(() => void tick(), interval);
    return { closed, close: () => finish('stopped') };
  }
}

function safeUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
