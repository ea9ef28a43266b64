/**
 * One added Shelly: reads its identity and status over HTTP, keeps a WebSocket RPC channel open
 * for NotifyStatus (Shelly docs: notifications go to peers that have sent a frame with `src`),
 * and sends commands as RPC calls. Offline, with the reason, when the channel drops or a ping
 * goes unanswered; the session reconnects with backoff.
 */
import { WebSocket } from 'ws';
import type { AddedDevice } from '../../discovery/types';
import type { Command } from '../../model';
import type { Clock } from '../../util/clock';
import { CommandError } from '../integration';
import { DeviceUnreachableError, httpJson } from '../lan/http';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import {
  commandToRpc,
  componentsOf,
  describeComponent,
  DeviceInfo,
  deviceIdFor,
  stateFromStatus,
  type ComponentKey,
} from './mapping';
import { ShellyAuthError, ShellyRpcClient } from './rpc-client';
import { parseDeviceJson } from '../../util/safe-json';

const PING_EVERY_MS = 15_000;

export interface ShellyDeviceOptions extends SessionDeviceOptions {
  password: () => string | undefined;
  timeoutMs?: number;
}

export class ShellyManagedDevice extends SessionDevice<ShellyDeviceOptions> {
  protected readonly label = 'The Shelly';
  private readonly rpc: ShellyRpcClient;
  private components: ComponentKey[] = [];
  private info: DeviceInfo | undefined;

  constructor(added: AddedDevice, options: ShellyDeviceOptions) {
    super(added, options);
    this.rpc = new ShellyRpcClient({ host: added.host, port: added.port }, options.password, options.timeoutMs);
  }

  /** The RPC client keeps its own copy of the address. */
  override relocate(host: string, port: number): void {
    this.rpc.address = { host, port };
    super.relocate(host, port);
  }

  async send(deviceId: string, command: Command): Promise<void> {
    const key = this.components.find((k) => deviceIdFor(this.added.uniqueId, k, this.components) === deviceId);
    const call = key && commandToRpc(key, command);
    if (!call) throw new CommandError('not_writable', 'This Shelly cannot carry out that command');
    if (!this.session.connected) throw this.unavailable('is offline');
    try {
      await this.rpc.call(call.method, call.params);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  protected async connect(): Promise<Connection> {
    const identity = await httpJson(`${this.rpc.baseUrl}/shelly`, { timeoutMs: this.options.timeoutMs });
    const info = DeviceInfo.safeParse(identity.body);
    if (!info.success) throw new DeviceUnreachableError('does not answer like a Shelly Gen2+ device');
    if (info.data.id.toLowerCase() !== this.added.uniqueId)
      throw new DeviceUnreachableError(`is now another device (${info.data.id.slice(0, 60)})`);
    this.info = info.data;
    let status: Record<string, unknown>;
    try {
      status = (await this.rpc.call('Shelly.GetStatus')) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof ShellyAuthError)
        throw new DeviceUnreachableError(`${error.message}: enter it again by adding the device from the inbox`);
      throw error;
    }
    this.announce(status);
    return this.openChannel();
  }

  private announce(status: Record<string, unknown>): void {
    const info = this.info!;
    this.components = componentsOf(status);
    this.deviceIds = this.components.map((key) => deviceIdFor(info.id, key, this.components));
    for (const key of this.components) {
      const description = describeComponent(info, key, status[key], this.components);
      this.options.host.upsertDevice(description);
      this.options.host.reportState(description.id, stateFromStatus(key, status[key]));
    }
  }

  private apply(params: Record<string, unknown>): void {
    for (const key of this.components) {
      if (params[key] === undefined) continue;
      const state = stateFromStatus(key, params[key]);
      if (Object.keys(state).length) this.options.host.reportState(deviceIdFor(this.added.uniqueId, key, this.components), state);
    }
  }

  /** Opens `ws://<device>/rpc` and registers for notifications with one authenticated call. */
  private openChannel(): Promise<Connection> {
    const { clock } = this.options;
    const ws = new WebSocket(`ws://${this.where()}/rpc`, {
      handshakeTimeout: 3000,
      maxPayload: 1 << 20,
    });
    const { closed, end } = closeSignal();
    let pingTimer: ReturnType<Clock['setTimeout']> | undefined;
    let alive = true;
    const ping = () => {
      if (!alive) return void ws.terminate();
      alive = false;
      ws.ping();
      pingTimer = clock.setTimeout(ping, PING_EVERY_MS);
    };
    const stop = (reason: string) => {
      if (pingTimer !== undefined) clock.clearTimeout(pingTimer);
      end(reason);
    };
    return new Promise<Connection>((resolve, reject) => {
      let registered = false;
      let firstId = 0;
      const register = () => {
        const frame = this.rpc.frame('Shelly.GetStatus');
        firstId = frame.id as number;
        ws.send(JSON.stringify(frame));
      };
      ws.on('open', register);
      ws.on('pong', () => (alive = true));
      ws.on('message', (data) => {
        let frame: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { code?: number } };
        try {
          const parsed = parseDeviceJson(data.toString());
          if (typeof parsed !== 'object' || parsed === null) return;
          frame = parsed as typeof frame; // every field is checked where it is used
        } catch {
          return;
        }
        if (frame.method === 'NotifyStatus' || frame.method === 'NotifyFullStatus') {
          if (frame.params && typeof frame.params === 'object') this.apply(frame.params as Record<string, unknown>);
          return;
        }
        if (registered || frame.id !== firstId) return;
        if (frame.error?.code === 401) {
          if (this.rpc.learnChallenge(frame.error) && !('retried' in ws)) {
            Object.assign(ws, { retried: true });
            return register();
          }
          ws.terminate();
          return reject(new DeviceUnreachableError('did not accept the password'));
        }
        registered = true;
        if (frame.result && typeof frame.result === 'object') this.apply(frame.result as Record<string, unknown>);
        pingTimer = clock.setTimeout(ping, PING_EVERY_MS);
        resolve({ closed, close: () => ws.terminate() });
      });
      ws.on('error', (error) => {
        if (!registered) reject(new DeviceUnreachableError(`refused its WebSocket (${error.message})`));
      });
      ws.on('close', () => {
        if (!registered) reject(new DeviceUnreachableError('closed its WebSocket'));
        stop('stopped answering');
      });
    });
  }
}
