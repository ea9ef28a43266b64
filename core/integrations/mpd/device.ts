/**
 * One added MPD server. Two connections: one for commands and state reads, one that sits in
 * `idle player mixer options playlist` and wakes up when something changes (a command on an idling
 * connection would have to `noidle` first; a second connection keeps both simple). The command
 * connection pings so MPD's connection_timeout never closes it. When either connection ends,
 * the server is offline with the reason and the session reconnects with backoff.
 */
import type { Command, MediaValue } from '../../model';
import type { Timer } from '../../util/clock';
import { CommandError } from '../integration';
import { closeSignal, type Connection } from '../lan/session';
import { SessionDevice, type SessionDeviceOptions } from '../lan/session-device';
import { MpdConnection } from './client';
import { commandToMpd, describe, IDLE_SUBSYSTEMS, mediaFromStatus } from './mapping';
import { ACK_ERRORS, MpdAckError, pairsToRecord, parsePairs } from './protocol';

export interface MpdDeviceOptions extends SessionDeviceOptions {
  password: () => string | undefined;
  timeoutMs?: number;
  /** Keep-alive on the command connection (MPD's default connection_timeout is 60 s). */
  pingMs?: number;
}

export class MpdManagedDevice extends SessionDevice<MpdDeviceOptions> {
  protected readonly label = 'The MPD server';
  private control: MpdConnection | undefined;
  private media: MediaValue | undefined;
  /** The volume before muting, restored by unmute. */
  private lastVolume: number | undefined;

  async send(_deviceId: string, command: Command): Promise<void> {
    const lines = commandToMpd(command, { state: this.media?.state ?? null, lastVolume: this.lastVolume });
    if (lines.length === 0) throw new CommandError('not_writable', 'An MPD server only takes media commands');
    const control = this.control;
    if (!control) throw this.unavailable('is offline');
    if (command.media?.muted === true && this.media?.volume) this.lastVolume = this.media.volume;
    try {
      await control.commands(lines);
    } catch (error) {
      // An ACK is the server's answer (e.g. `pause` with an empty queue); anything else is the connection.
      if (error instanceof MpdAckError) throw new CommandError('invalid', `The MPD server refused: ${error.text}`);
      throw this.unavailable(error);
    }
    // idle reports the change too; reading now confirms without waiting for the other connection.
    await this.refresh(control).catch(() => undefined);
  }

  private async refresh(connection: MpdConnection): Promise<void> {
    const [status = [], song = []] = await connection.commands(['status', 'currentsong']);
    const media = mediaFromStatus(pairsToRecord(parsePairs(status)), pairsToRecord(parsePairs(song)));
    if (media.volume) this.lastVolume = media.volume;
    this.media = media;
    if (this.deviceIds[0]) this.options.host.reportState(this.deviceIds[0], { media });
  }

  private async open(): Promise<MpdConnection> {
    try {
      return await MpdConnection.open(this.address, { password: this.options.password(), timeoutMs: this.options.timeoutMs });
    } catch (error) {
      if (error instanceof MpdAckError && error.code === ACK_ERRORS.password) throw new Error('did not accept the password');
      throw error;
    }
  }

  protected async connect(): Promise<Connection> {
    const control = await this.open();
    let watcher: MpdConnection | undefined;
    try {
      watcher = await this.open();
      const description = describe(this.address.host, this.address.port, this.added.name, control.version);
      // The id stays the one it was added with, even after the server moved.
      description.id = this.added.id;
      this.deviceIds = [description.id];
      this.options.host.upsertDevice(description);
      await this.refresh(control).catch((error: unknown) => {
        if (error instanceof MpdAckError && error.code === ACK_ERRORS.permission) throw new Error('asks for a password');
        throw error;
      });
    } catch (error) {
      control.close();
      watcher?.close();
      throw error;
    }
    this.control = control;
    return this.watch(control, watcher);
  }

  private watch(control: MpdConnection, watcher: MpdConnection): Connection {
    const { clock } = this.options;
    const { closed, end } = closeSignal();
    let stopped = false;
    let ping: Timer | undefined;
    const finish = (reason: string) => {
      if (stopped) return;
      stopped = true;
      if (ping !== undefined) clock.clearTimeout(ping);
      if (this.control === control) this.control = undefined;
      control.close();
      watcher.close();
      end(reason);
    };
    void control.closed.then(finish);
    void watcher.closed.then(finish);
    const loop = async () => {
      while (!stopped) {
        await watcher.idle([...IDLE_SUBSYSTEMS]);
        if (!stopped) await this.refresh(control);
      }
    };
    loop().catch((error: unknown) => finish(error instanceof Error ? error.message : String(error)));
    const keepAlive = () => {
      if (stopped) return;
      ping = clock.setTimeout(() => {
        control.command('ping').then(keepAlive, () => undefined);
      }, this.options.pingMs ?? 20_000);
    };
    keepAlive();
    return { closed, close: () => finish('stopped') };
  }
}
