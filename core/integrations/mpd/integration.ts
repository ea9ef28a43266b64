/**
 * Music Player Daemon servers (Volumio, moOde, DIY multi-room): found by `_mpd._tcp` or added by
 * address (port 6600), paired with the server's password when it has one (kept in the secret store).
 */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration, PairingResult } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { LanIntegrationBase } from '../lan/managed';
import type { SecretStore } from '../secrets';
import { MpdConnection } from './client';
import { MpdManagedDevice } from './device';
import { candidateFor, claimService, deviceIdFor, MPD, MPD_PORT, uniqueIdFor } from './mapping';
import { ACK_ERRORS, MpdAckError } from './protocol';

export interface MpdIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  secrets: SecretStore;
  timeoutMs?: number;
  retryBaseMs?: number;
  pingMs?: number;
}

const passwordKey = (uniqueId: string) => `mpd:${uniqueId}:password`;

export class MpdIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = MPD;
  readonly serviceTypes = ['mpd'] as const;

  constructor(private readonly options: MpdIntegrationOptions) {
    super(options.host);
  }

  claims(service: DiscoveredService): Candidate | undefined {
    return claimService(service);
  }

  /** Connects, reads the greeting and tries `status`: a permission error means a password is needed. */
  async probe(host: string, port = MPD_PORT): Promise<Candidate | undefined> {
    let connection: MpdConnection;
    try {
      // MPD greets at once; a short wait keeps "add by address" quick when the port is some other service's.
      connection = await MpdConnection.open({ host, port }, { timeoutMs: Math.min(this.options.timeoutMs ?? 3000, 1500) });
    } catch {
      return undefined;
    }
    try {
      await connection.command('status');
      return candidateFor(host, port, undefined, false);
    } catch (error) {
      if (error instanceof MpdAckError && error.code === ACK_ERRORS.permission) return candidateFor(host, port, undefined, true);
      return undefined;
    } finally {
      connection.close();
    }
  }

  async pair(candidate: Candidate, input: { password?: string }): Promise<PairingResult> {
    const password = input.password;
    if (!password) return { ok: false, message: `Enter the password of ${candidate.name}` };
    try {
      const connection = await MpdConnection.open(candidate, { password, timeoutMs: this.options.timeoutMs });
      try {
        await connection.command('status');
      } finally {
        connection.close();
      }
    } catch (error) {
      if (error instanceof MpdAckError && (error.code === ACK_ERRORS.password || error.code === ACK_ERRORS.permission)) {
        return { ok: false, message: `${candidate.name} did not accept that password` };
      }
      return {
        ok: false,
        message: `${candidate.name} at ${candidate.host}:${candidate.port}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    this.options.secrets.set(passwordKey(candidate.uniqueId), password);
    return { ok: true };
  }

  /**
   * Adds a server directly (hub settings, tests, e2e), without the discovery inbox. Resolves
   * with the registry id once it answered; rejects after `waitMs` with the reason.
   */
  async addMpdServer(
    host: string,
    port = MPD_PORT,
    password?: string,
    options: { name?: string; waitMs?: number } = {},
  ): Promise<string> {
    const uniqueId = uniqueIdFor(host, port);
    if (password !== undefined) this.options.secrets.set(passwordKey(uniqueId), password);
    const device: AddedDevice = {
      id: deviceIdFor(host, port),
      integration: MPD,
      uniqueId,
      host,
      port,
      kind: 'speaker',
      name: options.name ?? `Music Player Daemon at ${host}`,
      addedAt: this.options.clock.now(),
    };
    try {
      const [id] = await this.manage(device, { waitMs: options.waitMs ?? 5000 });
      return id ?? device.id;
    } catch (error) {
      // Not added after all: stop retrying and forget the password.
      await this.forget(device.id);
      throw error;
    }
  }

  override async forget(id: string): Promise<void> {
    const uniqueId = id.startsWith(`${MPD}:`) ? id.slice(MPD.length + 1) : id;
    this.options.secrets.delete(passwordKey(uniqueId));
    await super.forget(id);
  }

  protected create(device: AddedDevice) {
    return new MpdManagedDevice(device, {
      host: this.options.host,
      clock: this.options.clock,
      password: () => this.options.secrets.get(passwordKey(device.uniqueId)),
      timeoutMs: this.options.timeoutMs,
      retryBaseMs: this.options.retryBaseMs,
      pingMs: this.options.pingMs,
    });
  }
}
