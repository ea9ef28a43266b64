import type { Availability, Capabilities, Command, CommandOptions, Device } from '../model';

/** What an integration tells the registry about a device it found. */
export type DeviceDescription = Omit<Device, 'roomId' | 'reportedName' | 'hidden' | 'icon' | 'availabilitySince' | 'lastSeen'>;

/** A partial update of capability values, keyed by capability name. */
export type StateReport = { [N in keyof Capabilities]?: NonNullable<Capabilities[N]>['value'] };

export type DiagnosticLevel = 'info' | 'warning' | 'error';
export interface DiagnosticInput {
  level: DiagnosticLevel;
  /** What the diagnostic is about, e.g. an MQTT topic or a device id. */
  subject: string;
  message: string;
  detail?: string;
}

/** The registry's side of the contract: what an integration may call. */
export interface IntegrationHost {
  upsertDevice(device: DeviceDescription): void;
  reportState(deviceId: string, state: StateReport): void;
  setAvailability(deviceId: string, availability: Availability, reason?: string): void;
  removeDevice(deviceId: string): void;
  diagnostic(diagnostic: DiagnosticInput): void;
}

/**
 * One ecosystem (MQTT discovery, Shelly, Hue…). The constructor receives what it needs
 * and does nothing; start() begins I/O; stop() releases every listener and timer.
 */
export interface Integration {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Send a command to a device. Resolves once it has been handed to the transport;
   * confirmation comes later as a state report. Rejects with a CommandError.
   */
  sendCommand(deviceId: string, command: Command, options?: CommandOptions): Promise<void>;
}

export type CommandErrorCode = 'invalid' | 'not_found' | 'not_writable' | 'unavailable' | 'timeout';

export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
