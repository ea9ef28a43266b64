/**
 * The part of a managed LAN device that is the same for every protocol: its address, the
 * DeviceSession that keeps it connected, and the availability it reports. A subclass says how to
 * connect and how to send a command.
 */
import type { AddedDevice } from '../../discovery/types';
import type { Command, CommandOptions } from '../../model';
import type { Clock } from '../../util/clock';
import { CommandError, type IntegrationHost } from '../integration';
import { urlHost } from './http';
import type { ManagedDevice } from './managed';
import { DeviceSession, type Connection } from './session';

export interface SessionDeviceOptions {
  host: IntegrationHost;
  clock: Clock;
  retryBaseMs?: number;
}

export abstract class SessionDevice<O extends SessionDeviceOptions = SessionDeviceOptions> implements ManagedDevice {
  deviceIds: string[] = [];
  protected address: { host: string; port: number };
  protected readonly session: DeviceSession;
  /** How messages name the device, e.g. 'The Shelly' → "The Shelly at 10.0.0.5:80 is offline". */
  protected abstract readonly label: string;

  constructor(
    protected readonly added: AddedDevice,
    protected readonly options: O,
  ) {
    this.address = { host: added.host, port: added.port };
    this.session = new DeviceSession({
      clock: options.clock,
      connect: () => this.connect(),
      online: () => this.setAvailability('online'),
      offline: (reason) => this.setAvailability('offline', `${this.label} at ${this.where()} ${reason}`),
      baseDelayMs: options.retryBaseMs,
    });
  }

  /** Reads the full state and opens the push channel (or starts polling); rejects when the device does not answer. */
  protected abstract connect(): Promise<Connection>;
  abstract send(deviceId: string, command: Command, options?: CommandOptions): Promise<void>;

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

  protected where(): string {
    return urlHost(this.address.host, this.address.port);
  }

  /** A command that did not get through: "<label> at <host:port> <reason>". */
  protected unavailable(reason: unknown): CommandError {
    return new CommandError(
      'unavailable',
      `${this.label} at ${this.where()} ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }

  private setAvailability(availability: 'online' | 'offline', reason?: string): void {
    for (const id of this.deviceIds) this.options.host.setAvailability(id, availability, reason);
  }
}
