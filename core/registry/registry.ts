import type { Diagnostic } from '../model';
import {
  CommandError,
  type DeviceDescription,
  type DiagnosticInput,
  type Integration,
  type IntegrationHost,
  type StateReport,
} from '../integrations/integration';
import {
  cleanText,
  type Availability,
  type Capabilities,
  type CapabilityName,
  type Command,
  type CommandOptions,
  type CommandSource,
  type CommandUpdate,
  type Device,
  type DeviceOverride,
} from '../model';
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import { isCommandConfirmed } from './confirmation';
import { DiagnosticsLog } from './diagnostics';
import { CapabilityValueCheck } from './value-check';
import { SafeEmitter } from '../util/events';
import { validateCommand } from './validate-command';

export type RegistryEvents = {
  deviceChanged: Device;
  deviceRemoved: { id: string };
  commandUpdate: CommandUpdate;
  diagnostic: Diagnostic;
};

export interface RegistryOptions {
  clock: Clock;
  logger: Logger;
  /** How long a device has to confirm a command before it is reported failed. */
  confirmTimeoutMs?: number;
  /** How many times an unconfirmed command is sent again within that time. */
  retries?: number;
}

interface Waiter {
  command: Command;
  resolve: (confirmed: boolean) => void;
}

/**
 * The single source of truth for device state. Integrations report into it through an
 * IntegrationHost; the API and automations read from it and send commands through it.
 * It knows devices and capabilities, never protocols.
 */
export class Registry {
  readonly events: SafeEmitter<RegistryEvents>;
  private readonly devices = new Map<string, Device>();
  /** device id → name of the integration that owns it */
  private readonly owners = new Map<string, string>();
  private readonly integrations = new Map<string, Integration>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** device id → what the user changed (name, room, hidden, icon); survives re-announcements. */
  private readonly overrides = new Map<string, DeviceOverride>();
  /** device id → the name its integration reported */
  private readonly reportedNames = new Map<string, string>();
  private readonly diagnostics: DiagnosticsLog;
  private readonly values = new CapabilityValueCheck();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly confirmTimeoutMs: number;
  private readonly retries: number;
  private commandSeq = 0;

  constructor(options: RegistryOptions) {
    this.clock = options.clock;
    this.logger = options.logger;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.diagnostics = new DiagnosticsLog(() => this.clock.now());
    this.events = new SafeEmitter((owner, event, error) =>
      this.logger.error(`listener "${owner}" failed on ${event}: ${error instanceof Error ? error.stack : String(error)}`),
    );
  }

  list(): Device[] {
    return [...this.devices.values()];
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  listDiagnostics(): Diagnostic[] {
    return this.diagnostics.list();
  }

  /** Load the user's overrides (at start, from the store) before integrations report. */
  setOverrides(overrides: Iterable<[string, DeviceOverride]>): void {
    this.overrides.clear();
    for (const [id, override] of overrides) this.overrides.set(id, override);
    for (const id of this.devices.keys()) this.reapply(id);
  }

  /** Apply (or with `undefined`, clear) the user's override of one device and announce the change. */
  setOverride(id: string, override: DeviceOverride | undefined): void {
    if (override && Object.keys(override).length > 0) this.overrides.set(id, override);
    else this.overrides.delete(id);
    this.reapply(id);
  }

  getOverride(id: string): DeviceOverride | undefined {
    return this.overrides.get(id);
  }

  private reapply(id: string): void {
    const device = this.devices.get(id);
    if (!device) return;
    const updated = this.withOverride({ ...device, name: this.reportedNames.get(id) ?? device.name });
    this.devices.set(id, updated);
    this.events.emit('deviceChanged', updated);
  }

  /** `device.name` must be the reported name. */
  private withOverride(device: Device): Device {
    const override = this.overrides.get(device.id);
    const { reportedName: _r, roomId: _room, hidden: _h, icon: _i, ...base } = device;
    if (!override) return base;
    const name = override.name ? cleanText(override.name) : '';
    return {
      ...base,
      ...(name ? { name, reportedName: device.name } : {}),
      ...(override.roomId ? { roomId: override.roomId } : {}),
      ...(override.hidden ? { hidden: true } : {}),
      ...(override.icon ? { icon: override.icon } : {}),
    };
  }

  /** Route commands for the devices of `integration.name` to it. */
  addIntegration(integration: Integration): void {
    this.integrations.set(integration.name, integration);
  }

  /** The host an integration reports through; everything it reports is attributed to it. */
  hostFor(integration: string): IntegrationHost {
    return {
      upsertDevice: (description) => this.upsert(integration, description),
      reportState: (id, state) => this.report(integration, id, state),
      setAvailability: (id, availability, reason) => this.setAvailability(integration, id, availability, reason),
      removeDevice: (id) => this.remove(integration, id),
      diagnostic: (input) => this.addDiagnostic(input),
    };
  }

  addDiagnostic(input: DiagnosticInput): void {
    const diagnostic = this.diagnostics.add(input);
    const log = input.level === 'error' ? this.logger.error : input.level === 'warning' ? this.logger.warn : this.logger.info;
    log.call(this.logger, `${diagnostic.subject}: ${diagnostic.message}${diagnostic.detail ? ` (${diagnostic.detail})` : ''}`);
    this.events.emit('diagnostic', diagnostic);
  }

  /**
   * Send a command and wait until the device confirms it. Unconfirmed commands are sent
   * again (they are idempotent: absolute values, never toggles) and finally reported failed.
   */
  async command(
    id: string,
    command: Command,
    source: CommandSource = { kind: 'user', client: 'api' },
    options: CommandOptions = {},
  ): Promise<Device> {
    const device = this.devices.get(id);
    const owner = this.integrations.get(this.owners.get(id) ?? '');
    if (!device || !owner) throw new CommandError('not_found', `No device with id "${id}"`);
    validateCommand(device, command);

    const commandId = `${++this.commandSeq}`;
    let attempts = 0;
    const update = (status: CommandUpdate['status'], reason?: string) =>
      this.events.emit('commandUpdate', {
        commandId,
        deviceId: id,
        command,
        status,
        reason,
        attempts,
        at: this.clock.now(),
        source,
      });
    // The command path is hot (a scene, a benchmark): build the line only when it is written.
    if (this.logger.debugEnabled !== false)
      this.logger.debug(`command ${commandId} from ${JSON.stringify(source)} to ${id}: ${JSON.stringify(command)}`);
    update('pending');

    // A fade reports its end state only when it is over: each attempt waits that much longer.
    const perAttemptMs = this.confirmTimeoutMs / (this.retries + 1) + (options.transitionS ?? 0) * 1000;
    try {
      while (attempts <= this.retries) {
        attempts++;
        // Listen before sending: a local device can echo before send() has even resolved.
        const confirmation = this.watchConfirmation(id, command);
        try {
          await owner.sendCommand(id, command, options);
        } catch (error) {
          confirmation.cancel();
          throw error;
        }
        if (await confirmation.within(perAttemptMs)) {
          update('confirmed');
          return this.devices.get(id) ?? device;
        }
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      update('failed', reason);
      throw error instanceof CommandError ? error : new CommandError('unavailable', reason);
    }
    const seconds = Math.round(this.confirmTimeoutMs / 100) / 10;
    const reason = `${device.name} did not confirm the change within ${seconds} s (sent ${attempts} times)`;
    update('failed', reason);
    throw new CommandError('timeout', reason);
  }

  private watchConfirmation(id: string, command: Command) {
    let set = this.waiters.get(id);
    if (!set) this.waiters.set(id, (set = new Set()));
    let settle: (confirmed: boolean) => void = () => {};
    let timer: Timer | undefined;
    let early: boolean | undefined;
    const waiter: Waiter = {
      command,
      resolve: (confirmed) => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        set.delete(waiter);
        early = confirmed;
        settle(confirmed);
      },
    };
    set.add(waiter);
    return {
      cancel: () => waiter.resolve(false),
      within: (ms: number) =>
        new Promise<boolean>((resolve) => {
          if (early !== undefined) return resolve(early);
          settle = resolve;
          // A device that does not echo an unchanged value is confirmed by its current state.
          timer = this.clock.setTimeout(() => {
            const current = this.devices.get(id);
            waiter.resolve(current !== undefined && isCommandConfirmed(command, current.capabilities));
          }, ms);
        }),
    };
  }

  private upsert(owner: string, description: DeviceDescription): void {
    const existingOwner = this.owners.get(description.id);
    if (existingOwner && existingOwner !== owner) {
      this.addDiagnostic({
        level: 'warning',
        subject: description.id,
        message: `Ignored: ${owner} announced a device that ${existingOwner} already owns`,
      });
      return;
    }
    const previous = this.devices.get(description.id);
    const now = this.clock.now();
    const reportedName = cleanText(description.name) || description.id;
    this.reportedNames.set(description.id, reportedName);
    const device: Device = this.withOverride({
      ...description,
      name: reportedName,
      manufacturer: description.manufacturer === undefined ? undefined : cleanText(description.manufacturer),
      model: description.model === undefined ? undefined : cleanText(description.model),
      capabilities: mergeCapabilities(previous?.capabilities, description.capabilities),
      availability: previous?.availability ?? description.availability,
      availabilityReason: previous ? previous.availabilityReason : description.availabilityReason,
      availabilitySince: previous?.availabilitySince ?? now,
      lastSeen: previous?.lastSeen,
    });
    this.owners.set(device.id, owner);
    this.devices.set(device.id, device);
    this.events.emit('deviceChanged', device);
  }

  /**
   * The boundary between integrations and core: every value is checked against its capability's schema (zod) before
   * it is held. The ingest hot path (every state message): a report whose values are all unchanged shares the held
   * capabilities object, and only a changed capability gets a new descriptor. Devices are never mutated: listeners
   * compare the device they saw with the next one.
   */
  private report(owner: string, id: string, state: StateReport): void {
    const device = this.owned(owner, id);
    if (!device) return;
    const held = device.capabilities;
    let capabilities: Record<string, unknown> | undefined;
    const now = this.clock.now();
    for (const name of Object.keys(state) as CapabilityName[]) {
      const value: unknown = state[name];
      // Own names only: a report key such as "toString" must not find Object.prototype's.
      if (value === undefined || !Object.hasOwn(held, name)) continue;
      const cap = held[name];
      if (!cap) continue;
      const merged = isPlainObject(value) && isPlainObject(cap.value) ? { ...cap.value, ...value } : value;
      const parsed = this.values.check(name, merged);
      if (!parsed.success) {
        this.addDiagnostic({
          level: 'warning',
          subject: `${device.name} (${id})`,
          message: `Ignored an invalid ${name} value from the device`,
          detail: JSON.stringify(value)?.slice(0, 200),
        });
        continue;
      }
      if (sameValue(cap.value, parsed.data)) continue; // as it was: the same descriptor, its since kept
      capabilities ??= { ...held };
      // A clone, then stores: V8 copies `{ ...a }` fast, `{ ...a, b }` several times slower.
      const changed = { ...cap };
      changed.value = parsed.data as never;
      changed.since = now;
      capabilities[name] = changed;
    }
    const next = (capabilities as Capabilities | undefined) ?? held;
    const updated: Device = { ...device };
    updated.capabilities = next;
    updated.lastSeen = now;
    this.devices.set(id, updated);
    this.events.emit('deviceChanged', updated);
    const waiters = this.waiters.get(id);
    // Copied only when someone waits: resolving removes the waiter from the set.
    if (waiters?.size) for (const waiter of [...waiters]) if (isCommandConfirmed(waiter.command, next)) waiter.resolve(true);
  }

  private setAvailability(owner: string, id: string, availability: Availability, reason?: string): void {
    const device = this.owned(owner, id);
    if (!device) return;
    if (device.availability === availability && device.availabilityReason === reason) return;
    const since = device.availability === availability ? device.availabilitySince : this.clock.now();
    const updated: Device = { ...device, availability, availabilityReason: reason, availabilitySince: since };
    this.devices.set(id, updated);
    this.events.emit('deviceChanged', updated);
  }

  private remove(owner: string, id: string): void {
    if (!this.owned(owner, id)) return;
    this.devices.delete(id);
    this.owners.delete(id);
    this.reportedNames.delete(id);
    for (const waiter of [...(this.waiters.get(id) ?? [])]) waiter.resolve(false);
    this.waiters.delete(id);
    this.events.emit('deviceRemoved', { id });
  }

  private owned(owner: string, id: string): Device | undefined {
    return this.owners.get(id) === owner ? this.devices.get(id) : undefined;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A re-announced config keeps the values already reported; new descriptors win otherwise. */
function mergeCapabilities(previous: Capabilities | undefined, next: Capabilities): Capabilities {
  if (!previous) return next;
  const merged: Record<string, unknown> = {};
  for (const [name, cap] of Object.entries(next)) {
    if (!cap) continue;
    const old = previous[name as keyof Capabilities];
    const keepOld =
      old && (cap.value === null || (isPlainObject(cap.value) && Object.values(cap.value).every((v) => v === null)));
    merged[name] = keepOld ? { ...cap, value: old.value, since: old.since } : cap;
  }
  return merged as Capabilities;
}
