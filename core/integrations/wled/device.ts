/**
 * One added WLED strip: reads `/json/info` and `/json/state`, keeps the `/ws` WebSocket open
 * (WLED pushes `{state, info}` after every change), sends commands as `POST /json/state`.
 *
 * The WebSocket is optional: WLED has 4 client slots (phones and other apps take them) and some
 * builds have none. Without it the strip is polled — it says "updates every N s" — and the
 * WebSocket is tried again in the background with backoff; once it opens, polling stops.
 */
import { WebSocket } from 'ws';
import type { Command, CommandOptions } from '../../model';
import type { Timer } from '../../util/clock';
import { CommandError } from '../integration';
import { DeviceUnreachableError, httpJson } from '../lan/http';
import { pollUntilPush } from '../lan/push-fallback';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import { commandToState, describe, Info, stateFromJson } from './mapping';
import { parseDeviceJson } from '../../util/safe-json';

const PING_EVERY_MS = 15_000;

export interface WledDeviceOptions extends SessionDeviceOptions {
  timeoutMs?: number;
  /** How often a strip without its WebSocket is polled (default 5 s). */
  pollMs?: number;
  /** First delay before the WebSocket is tried again (default 5 s, doubling up to 5 min). */
  pushRetryBaseMs?: number;
}

const DEFAULT_POLL_MS = 5000;

export class WledManagedDevice extends SessionDevice<WledDeviceOptions> {
  protected readonly label = 'WLED';
  private info: Info | undefined;
  /** Set while the strip is polled for want of its WebSocket. */
  private polled = false;

  async send(_deviceId: string, command: Command, options: CommandOptions = {}): Promise<void> {
    const body = commandToState(command, options);
    if (!body) throw new CommandError('not_writable', 'WLED cannot carry out that command');
    if (!this.session.connected) throw this.unavailable('is offline');
    let status: number;
    let answer: unknown;
    try {
      // Polled, no push will confirm the change: `"v": true` makes WLED answer with its new state.
      ({ status, body: answer } = await httpJson(`http://${this.where()}/json/state`, {
        method: 'POST',
        body: this.polled ? { ...body, v: true } : body,
        timeoutMs: this.options.timeoutMs,
      }));
    } catch (error) {
      throw this.unavailable(error);
    }
    if (status !== 200) throw this.unavailable(`answered HTTP ${status}`);
    if (this.polled) this.report(answer);
  }

  protected async connect(): Promise<Connection> {
    const { body } = await httpJson(`http://${this.where()}/json/info`, { timeoutMs: this.options.timeoutMs });
    const info = Info.safeParse(body);
    if (!info.success) throw new DeviceUnreachableError('does not answer like a WLED device');
    if (info.data.mac.toLowerCase() !== this.added.uniqueId)
      throw new DeviceUnreachableError(`is now another device (${info.data.mac})`);
    this.info = info.data;
    const description = describe(info.data);
    this.deviceIds = [description.id];
    this.options.host.upsertDevice(description);
    const state = await httpJson(`http://${this.where()}/json/state`, { timeoutMs: this.options.timeoutMs });
    this.report(state.body);
    try {
      const push = await this.openChannel();
      this.setPolled(false);
      return push;
    } catch {
      return this.poll();
    }
  }

  /** "Updates every N s" in the device's model while polled; gone again once it pushes. */
  private setPolled(polled: boolean): void {
    if (!this.info || this.polled === polled) return;
    this.polled = polled;
    const pollS = (this.options.pollMs ?? DEFAULT_POLL_MS) / 1000;
    this.options.host.upsertDevice({ ...describe(this.info), ...(polled ? { updateIntervalS: pollS } : {}) });
  }

  /** Without its WebSocket: `/json/state` every pollMs, `/ws` tried again with backoff (lan/push-fallback.ts). */
  private poll(): Connection {
    return pollUntilPush({
      clock: this.options.clock,
      pollMs: this.options.pollMs ?? DEFAULT_POLL_MS,
      pushRetryBaseMs: this.options.pushRetryBaseMs ?? 5000,
      poll: async () => {
        const state = await httpJson(`http://${this.where()}/json/state`, { timeoutMs: this.options.timeoutMs });
        if (state.status !== 200) throw new DeviceUnreachableError(`answered HTTP ${state.status}`);
        this.report(state.body);
      },
      openPush: () => this.openChannel(),
      polled: (polled) => this.setPolled(polled),
    });
  }

  private report(state: unknown): void {
    if (!this.info || !this.deviceIds[0]) return;
    const report = stateFromJson(state, this.info);
    if (Object.keys(report).length) this.options.host.reportState(this.deviceIds[0], report);
  }

  private openChannel(): Promise<Connection> {
    const { clock } = this.options;
    const ws = new WebSocket(`ws://${this.where()}/ws`, { handshakeTimeout: 3000, maxPayload: 1 << 20 });
    const { closed, end } = closeSignal();
    let pingTimer: Timer | undefined;
    let alive = true;
    const ping = () => {
      if (!alive) return void ws.terminate();
      alive = false;
      ws.ping();
      pingTimer = clock.setTimeout(ping, PING_EVERY_MS);
    };
    return new Promise<Connection>((resolve, reject) => {
      let open = false;
      ws.on('open', () => {
        open = true;
        pingTimer = clock.setTimeout(ping, PING_EVERY_MS);
        resolve({ closed, close: () => ws.terminate() });
      });
      ws.on('pong', () => (alive = true));
      ws.on('message', (data) => {
        try {
          const message = parseDeviceJson(data.toString()) as { state?: unknown };
          if (message.state) this.report(message.state);
        } catch {
          // not JSON (WLED also sends binary live-LED frames when asked): ignored
        }
      });
      ws.on('error', (error) => {
        if (!open) reject(new DeviceUnreachableError(`refused its WebSocket (${error.message})`));
      });
      ws.on('close', () => {
        if (pingTimer !== undefined) clock.clearTimeout(pingTimer);
        if (!open) reject(new DeviceUnreachableError('closed its WebSocket'));
        end('stopped answering');
      });
    });
  }
}
