/**
 * Shelly Gen2+ on the LAN: found by `_shelly._tcp` / `_http._tcp` (TXT gen ≥ 2) or by address,
 * identified by `GET /shelly`, paired with the device password when authentication is on.
 */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration, PairingResult } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { httpJson, urlHost } from '../lan/http';
import { LanIntegrationBase } from '../lan/managed';
import type { SecretStore } from '../secrets';
import { ShellyManagedDevice } from './device';
import { candidateFromInfo, claimService, DeviceInfo, SHELLY } from './mapping';
import { ShellyAuthError, ShellyRpcClient } from './rpc-client';

export interface ShellyIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  secrets: SecretStore;
  timeoutMs?: number;
  retryBaseMs?: number;
}

const passwordKey = (uniqueId: string) => `shelly:${uniqueId}:password`;

export class ShellyIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = SHELLY;
  readonly serviceTypes = ['shelly', 'http'] as const;

  constructor(private readonly options: ShellyIntegrationOptions) {
    super(options.host);
  }

  claims(service: DiscoveredService): Candidate | undefined {
    return claimService(service);
  }

  async probe(host: string, port = 80): Promise<Candidate | undefined> {
    const { status, body } = await httpJson(`http://${urlHost(host, port)}/shelly`, { timeoutMs: this.options.timeoutMs });
    const info = DeviceInfo.safeParse(body);
    return status === 200 && info.success ? candidateFromInfo(info.data, host, port) : undefined;
  }

  async pair(candidate: Candidate, input: { password?: string }): Promise<PairingResult> {
    const password = input.password;
    if (!password) return { ok: false, message: `Enter the password of ${candidate.name}` };
    const client = new ShellyRpcClient({ host: candidate.host, port: candidate.port }, () => password, this.options.timeoutMs);
    try {
      await client.call('Shelly.GetStatus');
    } catch (error) {
      if (error instanceof ShellyAuthError) return { ok: false, message: `${candidate.name} did not accept that password` };
      return {
        ok: false,
        message: `${candidate.name} at ${candidate.host} ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    this.options.secrets.set(passwordKey(candidate.uniqueId), password);
    return { ok: true };
  }

  protected create(device: AddedDevice) {
    return new ShellyManagedDevice(device, {
      host: this.options.host,
      clock: this.options.clock,
      password: () => this.options.secrets.get(passwordKey(device.uniqueId)),
      timeoutMs: this.options.timeoutMs,
      retryBaseMs: this.options.retryBaseMs,
    });
  }
}
