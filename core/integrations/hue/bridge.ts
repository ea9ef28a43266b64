/**
 * One added Hue bridge: reads every CLIP v2 resource, keeps the eventstream open for push, and
 * sends commands as `PUT /clip/v2/resource/...`. All over HTTPS with the certificate pinned at
 * pairing; a different certificate keeps the bridge offline with that diagnosis. Without the
 * eventstream (a bridge refusing it) the resources are polled and the stream retried in the
 * background (lan/push-fallback.ts); each device then says "updates every N s".
 */
import type { Command, CommandOptions } from '../../model';
import type { Timer } from '../../util/clock';
import { CommandError, type DeviceDescription } from '../integration';
import { DeviceUnreachableError } from '../lan/http';
import { pollUntilPush } from '../lan/push-fallback';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import { commandToBody, devicesFrom, parseResources, reportsFromEvents, type Resource } from './mapping';
import { CertificateMismatchError, pinnedRequest, pinnedStream, type PinnedTarget } from './pinned-tls';
import { SseParser } from './sse';
import { parseDeviceJson } from '../../util/safe-json';

/** The eventstream sends nothing while nothing changes: check the bridge this often. */
const HEALTH_EVERY_MS = 30_000;

export interface HueBridgeOptions extends SessionDeviceOptions {
  appKey: () => string | undefined;
  timeoutMs?: number;
  /** How often the resources are read while the eventstream is unavailable (default 5 s). */
  pollMs?: number;
  /** First delay before the eventstream is tried again (default 5 s). */
  pushRetryBaseMs?: number;
}

const DEFAULT_POLL_MS = 5000;

export class HueManagedBridge extends SessionDevice<HueBridgeOptions> {
  protected readonly label = 'The Hue bridge';
  /** registry device id → the resource a command goes to */
  private targets = new Map<string, { type: string; id: string; mirek?: { min: number; max: number } }>();
  private reportedMismatch = false;
  private descriptions: DeviceDescription[] = [];
  /** Set while polled for want of the eventstream. */
  private polled = false;

  async send(deviceId: string, command: Command, options: CommandOptions = {}): Promise<void> {
    const target = this.targets.get(deviceId);
    const body = target && commandToBody(command, target.mirek, options);
    if (!target || !body) throw new CommandError('not_writable', 'The Hue bridge cannot carry out that command');
    if (!this.session.connected) throw this.unavailable('is offline');
    let status: number;
    let answer: unknown;
    try {
      ({ status, body: answer } = await this.request('PUT', `/clip/v2/resource/${target.type}/${target.id}`, body));
    } catch (error) {
      throw this.unavailable(error);
    }
    if (status !== 200) {
      const description = (answer as { errors?: { description?: string }[] })?.errors?.[0]?.description;
      throw new CommandError(
        status === 400 ? 'invalid' : 'unavailable',
        `The Hue bridge refused the change: ${String(description ?? `HTTP ${status}`).slice(0, 200)}`,
      );
    }
    // Polled, no event will confirm the change: read it back at once.
    if (this.polled) void this.refresh().catch(() => undefined);
  }

  private target(): PinnedTarget {
    return { ...this.address, fingerprint: this.added.data?.certFingerprint, timeoutMs: this.options.timeoutMs };
  }

  private headers(): Record<string, string> {
    const key = this.options.appKey();
    if (!key) throw new DeviceUnreachableError('has no application key: pair it again from the discovery inbox');
    return { 'hue-application-key': key };
  }

  private request(method: string, path: string, body?: unknown) {
    return pinnedRequest(this.target(), { method, path, headers: this.headers(), body });
  }

  protected async connect(): Promise<Connection> {
    let resources: Resource[];
    try {
      const { status, body } = await this.request('GET', '/clip/v2/resource');
      if (status === 403) throw new DeviceUnreachableError('no longer accepts our application key: pair it again');
      if (status !== 200) throw new DeviceUnreachableError(`answered HTTP ${status}`);
      resources = parseResources((body as { data?: unknown })?.data);
    } catch (error) {
      if (error instanceof CertificateMismatchError && !this.reportedMismatch) {
        this.reportedMismatch = true;
        this.options.host.diagnostic({
          level: 'error',
          subject: `Hue bridge ${this.added.uniqueId}`,
          message: `The Hue bridge at ${this.where()} ${error.message}`,
        });
      }
      throw error;
    }
    this.announce(resources);
    try {
      const stream = await this.openStream();
      this.setPolled(false);
      return stream;
    } catch (error) {
      if (error instanceof DeviceUnreachableError && /application key/.test(error.message)) throw error;
      return pollUntilPush({
        clock: this.options.clock,
        pollMs: this.options.pollMs ?? DEFAULT_POLL_MS,
        pushRetryBaseMs: this.options.pushRetryBaseMs ?? 5000,
        poll: () => this.refresh(),
        openPush: () => this.openStream(),
        polled: (polled) => this.setPolled(polled),
      });
    }
  }

  /** Every resource's state, as the eventstream would have reported it. */
  private async refresh(): Promise<void> {
    const { status, body } = await this.request('GET', '/clip/v2/resource');
    if (status === 403) throw new DeviceUnreachableError('no longer accepts our application key: pair it again');
    if (status !== 200) throw new DeviceUnreachableError(`answered HTTP ${status}`);
    for (const { description, state } of devicesFrom(parseResources((body as { data?: unknown })?.data))) {
      if (this.deviceIds.includes(description.id) && Object.keys(state).length)
        this.options.host.reportState(description.id, state);
    }
  }

  /** "Updates every N s" on each of the bridge's devices while polled; gone once the eventstream is back. */
  private setPolled(polled: boolean): void {
    if (this.polled === polled) return;
    this.polled = polled;
    const updateIntervalS = (this.options.pollMs ?? DEFAULT_POLL_MS) / 1000;
    for (const description of this.descriptions)
      this.options.host.upsertDevice({ ...description, ...(polled ? { updateIntervalS } : {}) });
  }

  private announce(resources: Resource[]): void {
    const devices = devicesFrom(resources);
    this.deviceIds = devices.map((d) => d.description.id);
    this.targets = new Map(
      resources
        .filter((r) => r.type === 'light' || r.type === 'grouped_light')
        .map((r) => {
          const schema = r.color_temperature?.mirek_schema;
          return [
            `hue:${r.id}`,
            { type: r.type, id: r.id, ...(schema ? { mirek: { min: schema.mirek_minimum, max: schema.mirek_maximum } } : {}) },
          ];
        }),
    );
    this.descriptions = devices.map((d) => d.description);
    for (const { description, state } of devices) {
      this.options.host.upsertDevice({
        ...description,
        ...(this.polled ? { updateIntervalS: (this.options.pollMs ?? DEFAULT_POLL_MS) / 1000 } : {}),
      });
      if (Object.keys(state).length) this.options.host.reportState(description.id, state);
    }
  }

  private async openStream(): Promise<Connection> {
    const { clock } = this.options;
    const parser = new SseParser((data) => {
      let message: unknown;
      try {
        message = parseDeviceJson(data);
      } catch {
        return;
      }
      for (const [id, state] of reportsFromEvents(message))
        if (this.deviceIds.includes(id)) this.options.host.reportState(id, state);
    });
    const stream = await pinnedStream(this.target(), { path: '/eventstream/clip/v2', headers: this.headers() }, (text) =>
      parser.push(text),
    );
    const { closed, end } = closeSignal();
    void stream.ended.then(end);
    let timer: Timer | undefined;
    const check = async () => {
      try {
        const { status } = await this.request('GET', '/clip/v2/resource/bridge');
        if (status !== 200) throw new Error(`answered HTTP ${status}`);
        timer = clock.setTimeout(() => void check(), HEALTH_EVERY_MS);
      } catch (error) {
        stream.close();
        end(error instanceof Error ? error.message : String(error));
      }
    };
    timer = clock.setTimeout(() => void check(), HEALTH_EVERY_MS);
    void closed.then(() => timer !== undefined && clock.clearTimeout(timer));
    return {
      closed,
      close: () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        stream.close();
      },
    };
  }
}
