/** Elgato Key Light / Light Strip on the LAN: found by `_elg._tcp` or by address (port 9123). */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { httpJson, urlHost } from '../lan/http';
import { LanIntegrationBase } from '../lan/managed';
import { ElgatoManagedDevice } from './device';
import { AccessoryInfo, candidateFromInfo, claimService, ELGATO } from './mapping';

export interface ElgatoIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  pollMs?: number;
  timeoutMs?: number;
  retryBaseMs?: number;
}

export class ElgatoIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = ELGATO;
  readonly serviceTypes = ['elg'] as const;

  constructor(private readonly options: ElgatoIntegrationOptions) {
    super(options.host);
  }

  claims(service: DiscoveredService): Candidate | undefined {
    return claimService(service);
  }

  async probe(host: string, port = 9123): Promise<Candidate | undefined> {
    const { status, body } = await httpJson(`http://${urlHost(host, port)}/elgato/accessory-info`, {
      timeoutMs: this.options.timeoutMs,
    });
    const info = AccessoryInfo.safeParse(body);
    return status === 200 && info.success ? candidateFromInfo(info.data, host, port) : undefined;
  }

  protected create(device: AddedDevice) {
    return new ElgatoManagedDevice(device, this.options);
  }
}
