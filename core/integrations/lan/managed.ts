/**
 * What LAN integrations share: a map of added devices, each a ManagedDevice that owns its
 * connection, and command routing from a registry device id to the device that owns it.
 */
import type { AddedDevice } from '../../discovery/types';
import type { Command, CommandOptions } from '../../model';
import { CommandError, type IntegrationHost } from '../integration';

/** One added device (or bridge) and its connection. */
export interface ManagedDevice {
  /** The registry devices it provides (a bridge has several); known after the first answer. */
  readonly deviceIds: readonly string[];
  start(): void;
  stop(): void;
  ready(waitMs: number): Promise<void>;
  relocate(host: string, port: number): void;
  send(deviceId: string, command: Command, options?: CommandOptions): Promise<void>;
}

export abstract class LanIntegrationBase {
  abstract readonly name: string;
  protected readonly managed = new Map<string, ManagedDevice>();

  constructor(protected readonly host: IntegrationHost) {}

  protected abstract create(device: AddedDevice): ManagedDevice;

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const device of this.managed.values()) device.stop();
    this.managed.clear();
  }

  async manage(device: AddedDevice, options: { waitMs?: number } = {}): Promise<string[]> {
    this.managed.get(device.id)?.stop();
    const managed = this.create(device);
    this.managed.set(device.id, managed);
    managed.start();
    if (options.waitMs) await managed.ready(options.waitMs);
    return [...managed.deviceIds];
  }

  relocate(id: string, host: string, port: number): void {
    this.managed.get(id)?.relocate(host, port);
  }

  async forget(id: string): Promise<void> {
    const managed = this.managed.get(id);
    if (!managed) return;
    managed.stop();
    this.managed.delete(id);
    for (const deviceId of managed.deviceIds) this.host.removeDevice(deviceId);
  }

  async sendCommand(deviceId: string, command: Command, options: CommandOptions = {}): Promise<void> {
    for (const managed of this.managed.values()) {
      if (managed.deviceIds.includes(deviceId)) return managed.send(deviceId, command, options);
    }
    throw new CommandError('not_found', `No ${this.name} device "${deviceId}"`);
  }
}
