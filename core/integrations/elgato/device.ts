/**
 * One added Elgato light. The product pushes nothing, so the state is polled (every 2 s while it
 * answers); a failed poll marks it offline and the session retries with backoff. A command's
 * answer carries the new state, which is reported at once.
 */
import type { AddedDevice } from '../../discovery/types';
import type { Command } from '../../model';
import type { Clock, Timer } from '../../util/clock';
import { CommandError, type IntegrationHost } from '../integration';
import { DeviceUnreachableError, httpJson, urlHost } from '../lan/http';
import type { ManagedDevice } from '../lan/managed';
import { closeSignal, DeviceSession, type Connection } from '../lan/session';
import { AccessoryInfo, commandToLights, describe, Lights, stateFromLights, uniqueIdOf } from './mapping';

export interface ElgatoDeviceOptions {
  host: IntegrationHost;
  clock: Clock;
  pollMs?: number;
  timeoutMs?: number;
  retryBaseMs?: number;
}

export class ElgatoManagedDevice implements ManagedDevice {
  deviceIds: string[] = [];
  private address: { host: string; port: number };
  private readonly session: DeviceSession;

  constructor(
    private readonly added: AddedDevice,
    private readonly options: ElgatoDeviceOptions,
  ) {
    this.address = { host: added.host, port: added.port };
    this.session = new DeviceSession({
      clock: options.clock,
      connect: () => this.connect(),
      online: () => this.setAvailability('online'),
      offline: (reason) => this.setAvailability('offline', `The Elgato light at ${this.where()} ${reason}`),
      baseDelayMs: options.retryBaseMs,
    });
  }

  start(): void {
    this.session.start();
  }
  stop(): void {
    this.session.stop();
  }
  ready(waitMs: number): Promise<void> {
    return this.session.ready(waitMs);
  }
  relocate(host: string, port: number): void {
    this.address = { host, port };
    this.session.restart();
  }

  async send(_deviceId: string, command: Command): Promise<void> {
    const body = commandToLights(command);
    if (!body) throw new CommandError('not_writable', 'The Elgato light cannot carry out that command');
    if (!this.session.connected) throw new CommandError('unavailable', `The Elgato light at ${this.where()} is offline`);
    try {
      const answer = await httpJson(`http://${this.where()}/elgato/lights`, {
        method: 'PUT',
        body,
        timeoutMs: this.options.timeoutMs,
      });
      if (answer.status !== 200) throw new Error(`answered HTTP ${answer.status}`);
      this.report(answer.body);
    } catch (error) {
      throw new CommandError(
        'unavailable',
        `The Elgato light at ${this.where()} ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private where(): string {
    return urlHost(this.address.host, this.address.port);
  }

  private setAvailability(availability: 'online' | 'offline', reason?: string): void {
    for (const id of this.deviceIds) this.options.host.setAvailability(id, availability, reason);
  }

  private report(lights: unknown): void {
    const state = stateFromLights(lights);
    if (this.deviceIds[0] && Object.keys(state).length) this.options.host.reportState(this.deviceIds[0], state);
  }

  private async readLights(): Promise<unknown> {
    const { status, body } = await httpJson(`http://${this.where()}/elgato/lights`, { timeoutMs: this.options.timeoutMs });
    if (status !== 200 || !Lights.safeParse(body).success)
      throw new DeviceUnreachableError('does not answer like an Elgato light');
    return body;
  }

  private async connect(): Promise<Connection> {
    const { body } = await httpJson(`http://${this.where()}/elgato/accessory-info`, { timeoutMs: this.options.timeoutMs });
    const info = AccessoryInfo.safeParse(body);
    if (!info.success) throw new DeviceUnreachableError('does not answer like an Elgato light');
    if (uniqueIdOf(info.data) !== this.added.uniqueId) throw new DeviceUnreachableError('is now another device');
    const lights = await this.readLights();
    const description = describe(info.data, Lights.parse(lights));
    this.deviceIds = [description.id];
    this.options.host.upsertDevice(description);
    this.report(lights);
    return this.poll();
  }

  private poll(): Connection {
    const { clock } = this.options;
    const { closed, end } = closeSignal();
    let timer: Timer | undefined;
    let stopped = false;
    const tick = async () => {
      try {
        this.report(await this.readLights());
      } catch (error) {
        return end(error instanceof Error ? error.message : String(error));
      }
      if (!stopped) timer = clock.setTimeout(() => void tick(), this.options.pollMs ?? 2000);
    };
    timer = clock.setTimeout(() => void tick(), this.options.pollMs ?? 2000);
    return {
      closed,
      close: () => {
        stopped = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        end('stopped');
      },
    };
  }
}
