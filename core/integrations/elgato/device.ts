/**
 * One added Elgato light. The product pushes nothing, so the state is polled (every 2 s while it
 * answers); a failed poll marks it offline and the session retries with backoff. A command's
 * answer carries the new state, which is reported at once.
 */
import type { Command } from '../../model';
import type { Timer } from '../../util/clock';
import { CommandError } from '../integration';
import { DeviceUnreachableError, httpJson } from '../lan/http';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import { AccessoryInfo, commandToLights, describe, Lights, stateFromLights, uniqueIdOf } from './mapping';

export interface ElgatoDeviceOptions extends SessionDeviceOptions {
  pollMs?: number;
  timeoutMs?: number;
}

export class ElgatoManagedDevice extends SessionDevice<ElgatoDeviceOptions> {
  protected readonly label = 'The Elgato light';

  async send(_deviceId: string, command: Command): Promise<void> {
    const body = commandToLights(command);
    if (!body) throw new CommandError('not_writable', 'The Elgato light cannot carry out that command');
    if (!this.session.connected) throw this.unavailable('is offline');
    try {
      const answer = await httpJson(`http://${this.where()}/elgato/lights`, {
        method: 'PUT',
        body,
        timeoutMs: this.options.timeoutMs,
      });
      if (answer.status !== 200) throw new Error(`answered HTTP ${answer.status}`);
      this.report(answer.body);
    } catch (error) {
      throw this.unavailable(error);
    }
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

  protected async connect(): Promise<Connection> {
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
