/** WLED on the LAN: found by `_wled._tcp` (TXT mac) or by address (`GET /json/info`). */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { httpJson, urlHost } from '../lan/http';
import { LanIntegrationBase } from '../lan/managed';
import { WledManagedDevice } from './device';
import { candidateFromInfo, claimService, Info, WLED } from './mapping';

export interface WledIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  timeoutMs?: number;
  retryBaseMs?: number;
  /** A strip without its WebSocket is polled this often (default 5 s). */
  pollMs?: number;
  /** First delay before its WebSocket is tried again (default 5 s). */
  pushRetryBaseMs?: number;
}

export class WledIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = WLED;
  readonly serviceTypes = ['wled'] as const;

  constructor(private readonly options: WledIntegrationOptions) {
    super(options.host);
  }

  claims(service: DiscoveredService): Candidate | undefined {
    return claimService(service);
  }

  async probe(host: string, port = 80): Promise<Candidate | undefined> {
    const { status, body } = await httpJson(`http://${urlHost(host, port)}/json/info`, { timeoutMs: this.options.timeoutMs });
    const info = Info.safeParse(body);
    return status === 200 && info.success ? candidateFromInfo(info.data, host, port) : undefined;
  }

  protected create(device: AddedDevice) {
    return new WledManagedDevice(device, this.options);
  }
}
