/**
 * The Philips Hue bridge on the LAN: found by `_hue._tcp` (TXT bridgeid) or by address
 * (`GET /api/config` needs no key), paired with the link button; the application key is a
 * secret, the certificate's fingerprint is pinned with the added bridge.
 */
import type { AddedDevice, Candidate, DiscoveredService, LanIntegration, PairingResult } from '../../discovery/types';
import type { Clock } from '../../util/clock';
import type { IntegrationHost } from '../integration';
import { LanIntegrationBase } from '../lan/managed';
import type { SecretStore } from '../secrets';
import { HueManagedBridge } from './bridge';
import { BridgeConfig, candidateFromConfig, claimService, HUE, LINK_WINDOW_MS } from './mapping';
import { pairWithBridge } from './pairing';
import { connectPinned, pinnedRequest } from './pinned-tls';

export interface HueIntegrationOptions {
  host: IntegrationHost;
  clock: Clock;
  secrets: SecretStore;
  /** How long one Pair click keeps trying (the link button's window; default 30 s). */
  pairWindowMs?: number;
  pairIntervalMs?: number;
  timeoutMs?: number;
  retryBaseMs?: number;
  /** A bridge without its eventstream is polled this often (default 5 s). */
  pollMs?: number;
  /** First delay before its eventstream is tried again (default 5 s). */
  pushRetryBaseMs?: number;
}

const appKeyName = (bridgeId: string) => `hue:${bridgeId}:appKey`;

export class HueIntegration extends LanIntegrationBase implements LanIntegration {
  readonly name = HUE;
  readonly serviceTypes = ['hue'] as const;

  constructor(private readonly options: HueIntegrationOptions) {
    super(options.host);
  }

  claims(service: DiscoveredService): Candidate | undefined {
    // A bridge paired before but not added still has to be paired again: its certificate is pinned at pairing.
    return claimService(service, () => false);
  }

  async probe(host: string, port = 443): Promise<Candidate | undefined> {
    const { status, body } = await pinnedRequest({ host, port, timeoutMs: this.options.timeoutMs }, { path: '/api/config' });
    const config = BridgeConfig.safeParse(body);
    if (status !== 200 || !config.success) return undefined;
    return {
      ...candidateFromConfig(config.data, host, port, false),
      pairingWindowMs: this.options.pairWindowMs ?? LINK_WINDOW_MS,
    };
  }

  /** The new address proves it is the bridge by presenting the certificate pinned at pairing; no key is sent. */
  async provesIdentity(device: AddedDevice, host: string, port: number): Promise<boolean> {
    const fingerprint = device.data?.certFingerprint;
    if (!fingerprint) return false;
    try {
      const { socket } = await connectPinned({ host, port, fingerprint, timeoutMs: this.options.timeoutMs });
      socket.destroy();
      return true;
    } catch {
      return false;
    }
  }

  async pair(candidate: Candidate): Promise<PairingResult> {
    const outcome = await pairWithBridge(
      { host: candidate.host, port: candidate.port, timeoutMs: this.options.timeoutMs },
      {
        clock: this.options.clock,
        windowMs: this.options.pairWindowMs ?? LINK_WINDOW_MS,
        intervalMs: this.options.pairIntervalMs,
      },
    );
    if (!outcome.ok) return outcome;
    this.options.secrets.set(appKeyName(candidate.uniqueId), outcome.appKey);
    return { ok: true, data: { certFingerprint: outcome.fingerprint } };
  }

  protected create(device: AddedDevice) {
    return new HueManagedBridge(device, {
      host: this.options.host,
      clock: this.options.clock,
      appKey: () => this.options.secrets.get(appKeyName(device.uniqueId)),
      timeoutMs: this.options.timeoutMs,
      retryBaseMs: this.options.retryBaseMs,
      pollMs: this.options.pollMs,
      pushRetryBaseMs: this.options.pushRetryBaseMs,
    });
  }
}
