/**
 * Discovery: services from the mDNS browser (or an address typed by the user) are handed to the
 * integration that claims them; what is neither added nor ignored waits in the inbox. Adding a
 * device hands it to its integration and remembers it with its address; on the next start every
 * added device is managed again.
 *
 * An added device announced at another address is not simply followed there: anyone on the LAN can
 * announce a device's id, and the device's stored credential would go with it (a spoofed Shelly
 * collected digest responses to its own nonce). It moves only when the new address proves it is the
 * same device without being given a credential (a Hue bridge's pinned certificate); otherwise the
 * inbox asks the user ("Kitchen plug announced a new address — move it?").
 */
import type { Device, DiscoveryEntry } from '../model';
import { SafeEmitter } from '../util/events';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { DiscoveryError } from './errors';
import { Inbox } from './inbox';
import { urlHost } from '../integrations/lan/http';
import { parseManualHost } from './manual-address';
import { SlidingWindowLimit } from '../util/rate-limit';
import type { DiscoveryRepository } from './repository';
import type { ServiceEvent } from './tracker';
import { candidateId, type AddedDevice, type Candidate, type DiscoveredService, type LanIntegration } from './types';

export type DiscoveryEvents = { discoveryChanged: { devices: DiscoveryEntry[] } };

export interface DiscoveryOptions {
  integrations: readonly LanIntegration[];
  repository: DiscoveryRepository;
  clock: Clock;
  logger: Logger;
  /** Applies the user's name and room to a new device (device overrides). */
  assign(deviceId: string, update: { name?: string; roomId?: string }): void;
  device(deviceId: string): Device | undefined;
  /** The registry devices an added device brings (a bridge has several); default: the one with its id. */
  deviceIds?(addedId: string): string[];
  /** Rooms are checked before anything is added (unset: any room id is accepted). */
  roomExists?(roomId: string): boolean;
  /** How long `add` waits for the device's first answer. */
  addTimeoutMs?: number;
  /** Inbox entries at most (default 200); stale ones (not announced for `inboxStaleMs`, default 15 min) make room. */
  inboxLimit?: number;
  inboxStaleMs?: number;
  /** Probes per announcement source per minute (default 10): one spoofing sender cannot make the hub probe at will. */
  probesPerMinute?: number;
  /** Shown in diagnostics (dropped announcements, once per burst). */
  diagnostic?(message: string): void;
}

/** Drops this long after the last one belong to a new burst, which is reported again. */
const DROP_BURST_GAP_MS = 60_000;

export class Discovery {
  readonly events: SafeEmitter<DiscoveryEvents>;
  private readonly inbox: Inbox;
  private readonly probes: SlidingWindowLimit;
  /** The last dropped announcement, to report a burst of them once. */
  private lastDropAt: number | undefined;
  private readonly added = new Map<string, AddedDevice>();
  private readonly ignored = new Set<string>();
  private readonly byName: Map<string, LanIntegration>;
  /** Added devices announced at an address that did not prove itself: id → where, until the user decides. */
  private readonly moves = new Map<string, { host: string; port: number }>();
  /** Moves the user declined (`id@host:port`), not offered again while the hub runs. */
  private readonly declinedMoves = new Set<string>();
  /** Probes in flight, so a burst of announcements asks a device once. */
  private readonly probing = new Set<string>();
  private stopped = false;
  private offReplaced: (() => void) | undefined;

  constructor(private readonly options: DiscoveryOptions) {
    this.inbox = new Inbox({ max: options.inboxLimit, staleMs: options.inboxStaleMs });
    this.probes = new SlidingWindowLimit(options.probesPerMinute ?? 10, 60_000);
    this.byName = new Map(options.integrations.map((i) => [i.name, i]));
    this.events = new SafeEmitter((owner, event, error) =>
      options.logger.error(`listener "${owner}" failed on ${event}: ${String(error)}`),
    );
  }

  /** Every service type some integration wants to see. */
  get serviceTypes(): string[] {
    return [...new Set(this.options.integrations.flatMap((i) => i.serviceTypes))];
  }

  /** Manages every device added before (they are found again at their last address). */
  start(): void {
    const { added, ignored } = this.options.repository.load();
    for (const id of ignored) this.ignored.add(id);
    for (const device of added) this.manageAdded(device);
    this.offReplaced = this.options.repository.onReplaced?.(() => this.reload());
  }

  stop(): void {
    this.stopped = true;
    this.offReplaced?.();
  }

  /** The decisions were replaced (a restored backup): manage what is new there, forget what is gone. */
  private reload(): void {
    if (this.stopped) return;
    const { added, ignored } = this.options.repository.load();
    const next = new Map(added.map((d) => [d.id, d]));
    for (const [id, device] of this.added) {
      if (next.has(id)) continue;
      this.added.delete(id);
      this.byName
        .get(device.integration)
        ?.forget?.(id)
        .catch((error: unknown) => this.options.logger.warn(`${id}: ${String(error)}`));
    }
    this.ignored.clear();
    for (const id of ignored) this.ignored.add(id);
    for (const device of added) {
      const before = this.added.get(device.id);
      if (!before) this.manageAdded(device);
      else {
        this.added.set(device.id, device);
        if (before.host !== device.host || before.port !== device.port)
          this.byName.get(device.integration)?.relocate(device.id, device.host, device.port);
      }
    }
    this.changed();
  }

  private manageAdded(device: AddedDevice): void {
    this.added.set(device.id, device);
    const integration = this.byName.get(device.integration);
    if (!integration) {
      this.options.logger.warn(`discovery: no integration "${device.integration}" for ${device.id}`);
      return;
    }
    integration
      .manage(device, { waitMs: 0 })
      .catch((error: unknown) => this.options.logger.warn(`${device.id}: ${String(error)}`));
  }

  list(): DiscoveryEntry[] {
    const found = this.inbox.list((id) => this.added.has(id) || this.ignored.has(id));
    const moves = [...this.moves].flatMap(([id, to]) => {
      const device = this.added.get(id);
      return device ? [this.moveEntry(device, to)] : [];
    });
    return [...moves, ...found];
  }

  private moveEntry(device: AddedDevice, to: { host: string; port: number }): DiscoveryEntry {
    return {
      id: device.id,
      integration: device.integration,
      kind: device.kind,
      // The name the person gave it ("Kitchen plug"), which is how they know it.
      name: this.options.device(device.id)?.name ?? device.name,
      ...(device.manufacturer ? { manufacturer: device.manufacturer } : {}),
      ...(device.model ? { model: device.model } : {}),
      address: to.host,
      port: to.port,
      needsPairing: false,
      source: 'mdns',
      move: { from: urlHost(device.host, device.port) },
    };
  }

  /** From the mDNS browser. */
  onServiceEvent(event: ServiceEvent): void {
    if (event.kind === 'down') {
      if (this.inbox.serviceGone(event.service.fqdn)) this.changed();
      return;
    }
    for (const integration of this.options.integrations) {
      if (!integration.serviceTypes.includes(event.service.type)) continue;
      let candidate: Candidate | undefined;
      try {
        candidate = integration.claims(event.service);
      } catch (error) {
        this.options.logger.warn(`discovery: ${integration.name} failed on ${event.service.fqdn}: ${String(error)}`);
      }
      if (candidate) return this.found(integration, candidate, event.service);
    }
  }

  private found(integration: LanIntegration, candidate: Candidate, service: DiscoveredService): void {
    const id = candidateId(candidate);
    const added = this.added.get(id);
    if (added) return void this.announcedElsewhere(integration, added, candidate.host, candidate.port);
    const known = this.inbox.get(id);
    const moved = !known || known.candidate.host !== candidate.host || known.candidate.port !== candidate.port;
    const now = this.options.clock.now();
    // Keep what a probe learned (model, pairing) unless the device moved.
    if (!known || moved) {
      if (!this.inbox.put(candidate, { fqdn: service.fqdn }, now)) return this.dropped(now);
    } else {
      known.fqdns.add(service.fqdn);
      this.inbox.touch(id, now);
    }
    this.changed();
    if (!moved) return;
    // Rate-limited per sender: without a limit one spoofed packet after another makes the hub connect anywhere.
    if (this.probes.take(service.source ?? candidate.host, now))
      void this.complete(integration, id, candidate.host, candidate.port);
  }

  /** The inbox is full of fresh entries: the announcement is dropped, and a burst of drops is said once. */
  private dropped(now: number): void {
    const newBurst = this.lastDropAt === undefined || now - this.lastDropAt > DROP_BURST_GAP_MS;
    this.lastDropAt = now;
    if (!newBurst) return;
    const message = `The discovery inbox is full (${this.inbox.size} new devices): further announcements are dropped until entries are added, ignored or go stale. So many at once usually means spoofed mDNS records on the network.`;
    this.options.logger.warn(`discovery: ${message} (said once per burst)`);
    this.options.diagnostic?.(message);
  }

  /** Asks the device who it is, to show its real model and whether it needs pairing. */
  private async complete(integration: LanIntegration, id: string, host: string, port: number): Promise<void> {
    const key = `${id}@${host}:${port}`;
    if (this.probing.has(key)) return;
    this.probing.add(key);
    try {
      const probed = await integration.probe(host, port);
      const item = this.inbox.get(id);
      if (this.stopped || !probed || !item || candidateId(probed) !== id) return;
      // The probe knows the model and whether pairing is needed; the announced name beats a stand-in.
      const keepName = probed.placeholderName && !item.candidate.placeholderName;
      const learned = keepName ? { ...probed, name: item.candidate.name, placeholderName: undefined } : probed;
      this.inbox.put(learned, item.manual ? 'manual' : { fqdn: [...item.fqdns][0] ?? '' }, this.options.clock.now());
      this.changed();
    } catch (error) {
      this.options.logger.debug(`discovery: probing ${host}:${port} failed: ${String(error)}`);
    } finally {
      this.probing.delete(key);
    }
  }

  /**
   * An added device announced (or typed in) at `host:port`. Where it is: nothing to do. Elsewhere: moved
   * when the address proves it is the device, else offered to the user; answers whether it moved.
   */
  private async announcedElsewhere(
    integration: LanIntegration,
    device: AddedDevice,
    host: string,
    port: number,
  ): Promise<'here' | 'moved' | 'asked' | 'declined'> {
    if (device.host === host && device.port === port) return 'here';
    const key = `${device.id}@${urlHost(host, port)}`;
    if (this.declinedMoves.has(key)) return 'declined';
    const pending = this.moves.get(device.id);
    if (pending?.host === host && pending.port === port) return 'asked';
    let proved = false;
    if (integration.provesIdentity && !this.probing.has(key)) {
      this.probing.add(key);
      try {
        proved = await integration.provesIdentity(device, host, port);
      } catch (error) {
        this.options.logger.debug(`discovery: ${host}:${port} did not prove it is ${device.id}: ${String(error)}`);
      } finally {
        this.probing.delete(key);
      }
    }
    const current = this.added.get(device.id);
    if (this.stopped || !current) return 'asked';
    if (proved) {
      this.relocate(current, host, port);
      return 'moved';
    }
    this.options.logger.info(
      `discovery: ${current.name} (${current.id}) announced a new address ${urlHost(host, port)}; it stays at ${urlHost(current.host, current.port)} until the move is confirmed in the inbox`,
    );
    this.moves.set(device.id, { host, port });
    this.changed();
    return 'asked';
  }

  private relocate(device: AddedDevice, host: string, port: number): void {
    this.moves.delete(device.id);
    if (device.host === host && device.port === port) return;
    this.options.logger.info(`discovery: ${device.name} moved from ${device.host}:${device.port} to ${host}:${port}`);
    const moved = { ...device, host, port };
    this.added.set(device.id, moved);
    this.options.repository.saveAdded(moved);
    this.byName.get(device.integration)?.relocate(device.id, host, port);
  }

  /** "Add by address": asks the named integration, or every one, what is at `host`. */
  async manual(input: { host: string; port?: number; integration?: string }): Promise<DiscoveryEntry> {
    const host = parseManualHost(input.host);
    if (!host) throw new DiscoveryError('invalid', `"${input.host.slice(0, 100)}" is not an IP address or host name`);
    const integrations = input.integration ? [this.byName.get(input.integration)] : this.options.integrations;
    if (integrations.some((i) => !i)) {
      throw new DiscoveryError(
        'invalid',
        `Unknown integration "${input.integration}" (expected ${[...this.byName.keys()].join(', ')})`,
      );
    }
    const answers = await Promise.all(
      (integrations as LanIntegration[]).map((i) => i.probe(host, input.port).catch(() => undefined)),
    );
    const candidate = answers.find((a) => a !== undefined);
    const where = input.port ? `${host}:${input.port}` : host;
    if (!candidate) throw new DiscoveryError('not_found', `Nothing at ${where} answered as a ${this.kindsText()}`);
    const id = candidateId(candidate);
    const added = this.added.get(id);
    if (added) {
      // Typing the address asks again, even after an earlier "ignore"; the move still waits for the person.
      this.declinedMoves.delete(`${id}@${urlHost(candidate.host, candidate.port)}`);
      const outcome = await this.announcedElsewhere(this.integration(added.integration), added, candidate.host, candidate.port);
      const offer = this.list().find((e) => e.id === id && e.move);
      if (outcome === 'asked' && offer) return offer;
      throw new DiscoveryError('invalid', `${added.name} at ${where} is already added`);
    }
    this.ignored.delete(id);
    this.options.repository.setIgnored(id, false);
    const item = this.inbox.put(candidate, 'manual', this.options.clock.now());
    this.changed();
    return this.list().find((e) => e.id === id) ?? toEntryFallback(id, item?.candidate ?? candidate);
  }

  async pair(id: string, input: { password?: string }): Promise<DiscoveryEntry> {
    const item = this.need(id);
    const integration = this.integration(item.candidate.integration);
    if (!item.candidate.needsPairing) return this.entry(id);
    if (!integration.pair) throw new DiscoveryError('invalid', `${item.candidate.name} does not need pairing`);
    if (item.candidate.needsPassword && !input.password) {
      throw new DiscoveryError('needs_pairing', item.candidate.pairingHint ?? `Enter the password of ${item.candidate.name}`);
    }
    const result = await integration.pair(item.candidate, input);
    if (!result.ok) throw new DiscoveryError('pairing_failed', result.message);
    this.inbox.markPaired(id, result.data);
    this.changed();
    return this.entry(id);
  }

  async add(id: string, input: { name?: string; roomId?: string }): Promise<Device[]> {
    const move = this.moves.get(id);
    const moving = this.added.get(id);
    if (move && moving) {
      // The person confirmed the move: the device (and its stored credentials) go to the new address.
      this.relocate(moving, move.host, move.port);
      this.changed();
      const ids = this.options.deviceIds?.(id) ?? [id];
      return ids.flatMap((deviceId) => this.options.device(deviceId) ?? []);
    }
    const item = this.need(id);
    const { candidate } = item;
    if (input.roomId && this.options.roomExists && !this.options.roomExists(input.roomId)) {
      throw new DiscoveryError('not_found', `No room with id "${input.roomId.slice(0, 100)}"`);
    }
    if (candidate.needsPairing) {
      throw new DiscoveryError(
        'needs_pairing',
        candidate.pairingHint ?? `${candidate.name} has to be paired before it can be added`,
      );
    }
    const integration = this.integration(candidate.integration);
    const device: AddedDevice = {
      id,
      integration: candidate.integration,
      uniqueId: candidate.uniqueId,
      host: candidate.host,
      port: candidate.port,
      kind: candidate.kind,
      name: candidate.name,
      ...(candidate.manufacturer ? { manufacturer: candidate.manufacturer } : {}),
      ...(candidate.model ? { model: candidate.model } : {}),
      addedAt: this.options.clock.now(),
      ...(item.pairingData ? { data: item.pairingData } : {}),
    };
    let deviceIds: string[];
    try {
      deviceIds = await integration.manage(device, { waitMs: this.options.addTimeoutMs ?? 5000 });
    } catch (error) {
      await integration.forget?.(id).catch(() => undefined);
      throw new DiscoveryError(
        'unavailable',
        `${candidate.name} at ${candidate.host}:${candidate.port} did not answer: ${errorText(error)}`,
      );
    }
    this.added.set(id, device);
    this.ignored.delete(id);
    this.options.repository.saveAdded(device);
    this.options.repository.setIgnored(id, false);
    this.inbox.delete(id);
    const name = input.name?.trim();
    for (const deviceId of deviceIds) {
      // A bridge brings several devices: the name is for a single device, the room for all.
      const update = { ...(name && deviceIds.length === 1 ? { name } : {}), ...(input.roomId ? { roomId: input.roomId } : {}) };
      if (Object.keys(update).length) this.options.assign(deviceId, update);
    }
    this.changed();
    return deviceIds.flatMap((deviceId) => this.options.device(deviceId) ?? []);
  }

  ignore(id: string): { id: string } {
    const move = this.moves.get(id);
    if (move && this.added.has(id)) {
      // Declined: it stays where it is, and this address is not offered again while the hub runs.
      this.moves.delete(id);
      this.declinedMoves.add(`${id}@${urlHost(move.host, move.port)}`);
      this.changed();
      return { id };
    }
    this.need(id);
    this.ignored.add(id);
    this.options.repository.setIgnored(id, true);
    this.changed();
    return { id };
  }

  private need(id: string) {
    const item = this.inbox.get(id);
    if (!item || this.added.has(id)) throw new DiscoveryError('not_found', `No new device with id "${id.slice(0, 200)}"`);
    return item;
  }

  private integration(name: string): LanIntegration {
    const integration = this.byName.get(name);
    if (!integration) throw new DiscoveryError('not_found', `No integration "${name}"`);
    return integration;
  }

  private entry(id: string): DiscoveryEntry {
    const found = this.list().find((e) => e.id === id);
    if (!found) throw new DiscoveryError('not_found', `No new device with id "${id}"`);
    return found;
  }

  private kindsText(): string {
    const labels: Record<string, string> = { shelly: 'Shelly', wled: 'WLED', hue: 'Hue bridge', elgato: 'Elgato light' };
    const names = [...this.byName.keys()].map((n) => labels[n] ?? n);
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'known device');
  }

  private changed(): void {
    if (!this.stopped) this.events.emit('discoveryChanged', { devices: this.list() });
  }
}

function toEntryFallback(id: string, c: Candidate): DiscoveryEntry {
  return {
    id,
    integration: c.integration,
    kind: c.kind,
    name: c.name,
    address: c.host,
    port: c.port,
    needsPairing: c.needsPairing,
    source: 'manual',
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
