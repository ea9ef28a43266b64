/**
 * The one arbiter every automatic write goes through (DESIGN.md): behaviours propose, the highest
 * priority writer wins each attribute (safety > manual > rule > occupancy > schedule > circadian), and the
 * decision — who won, what was sent, why, who was overruled — is recorded. Explanations ("why is it
 * like this?") are read from these records, never reconstructed.
 */
import { WRITERS, type Command, type CommandOptions, type CommandSource, type Decision, type Writer } from '../../model';
import { DEFAULT_TEXT_FORMAT, type TextFormat } from '../../model/format';

export type Attribute = 'power' | 'brightness' | 'colorTemperature' | 'color' | 'climate';

export interface Proposal {
  writer: Writer;
  /** What to write; null when the writer only holds attributes as they are (manual). */
  command: Command | null;
  /** Attributes held without writing them. */
  holds?: Attribute[];
  /** "evening preference of Alice". */
  text: string;
  /** "occupied since 19:02 by Office motion". */
  facts: string[];
  /** A person's automation (writer `rule`): its run is recorded with the decision and named as the command's source. */
  automation?: { id: string; name: string; runId: string };
}

export const PRIORITY: Record<Writer, number> = Object.fromEntries(WRITERS.map((w, i) => [w, WRITERS.length - i])) as Record<
  Writer,
  number
>;

function touches(p: Proposal): Attribute[] {
  return [...new Set([...(p.command ? (Object.keys(p.command) as Attribute[]) : []), ...(p.holds ?? [])])];
}

export interface Arbitration {
  command: Command | null;
  /** The highest-priority proposal that owns at least one attribute. */
  winner: Proposal | null;
  overruled: Proposal[];
}

/** Pure: per attribute, the highest-priority proposal touching it wins; held attributes are not written. */
export function arbitrate(proposals: readonly Proposal[]): Arbitration {
  const sorted = [...proposals].sort((a, b) => PRIORITY[b.writer] - PRIORITY[a.writer]);
  const owner = new Map<Attribute, Proposal>();
  for (const p of sorted) for (const a of touches(p)) if (!owner.has(a)) owner.set(a, p);
  const command: Record<string, unknown> = {};
  for (const [attribute, p] of owner) {
    const value = p.command?.[attribute];
    if (value !== undefined) command[attribute] = value;
  }
  const owners = new Set(owner.values());
  // The decision is explained by the writer whose values are sent (not by a higher one merely holding
  // other attributes: a light switched off for vacancy is not "colour set by hand"); else by the holder.
  const writes = new Set([...owner].filter(([a, p]) => p.command?.[a] !== undefined).map(([, p]) => p));
  const winner = sorted.find((p) => writes.has(p)) ?? sorted.find((p) => owners.has(p)) ?? null;
  const overruled = sorted.filter((p) => touches(p).some((a) => owner.get(a) !== p));
  return { command: Object.keys(command).length > 0 ? (command as Command) : null, winner, overruled };
}

const MEDIA_WORDS = { play: 'resumed', pause: 'paused', stop: 'stopped', next: 'next track', previous: 'previous track' };

/**
 * "60 % 2700 K", "off", "21 °C heat", "paused". `sayOn`: a switch-on always says so ("on 30 %"), as an automation's
 * explicit `power: true` (a room's switch-on reads by its level).
 */
export function describeCommand(c: Command | null, format: TextFormat = DEFAULT_TEXT_FORMAT, sayOn = false): string {
  if (!c) return 'kept as it is';
  if (c.power === false) return 'off';
  if (c.media?.action) return MEDIA_WORDS[c.media.action];
  const parts: string[] = [];
  if (c.power === true && (sayOn || c.brightness === undefined)) parts.push('on');
  if (c.brightness !== undefined) parts.push(`${Math.round(c.brightness)} %`);
  if (c.colorTemperature !== undefined) parts.push(`${Math.round(c.colorTemperature)} K`);
  if (c.climate?.targetTemperature !== undefined) parts.push(format.temperature(c.climate.targetTemperature));
  if (c.climate?.mode !== undefined) parts.push(c.climate.mode);
  if (c.media?.volume !== undefined) parts.push(`volume ${c.media.volume} %`);
  return parts.join(' ') || 'changed';
}

export interface ArbiterOptions {
  now: () => number;
  send: (deviceId: string, command: Command, source: CommandSource, options?: CommandOptions) => Promise<unknown>;
  onDecision?: (decision: Decision) => void;
  onError?: (deviceId: string, error: unknown) => void;
  /** A command finished (confirmed or not): the room may now decide what waited for it. */
  onSettled?: (roomId: string, deviceId: string) => void;
  /** Decisions kept per device for "why?" (newest last). */
  keep?: number;
  /** Temperatures in the decision text, as the settings ask (default °C). */
  format?: () => TextFormat;
}

export class Arbiter {
  private readonly latest = new Map<string, Decision[]>();
  private readonly inflight = new Map<string, string>();
  private readonly inflightCommands = new Map<string, Command>();

  constructor(private readonly options: ArbiterOptions) {}

  /** Arbitrate, send the winning command (unless the same one is already on its way), record why. */
  decide(
    roomId: string,
    roomName: string,
    deviceId: string,
    deviceName: string,
    proposals: readonly Proposal[],
  ): Decision | undefined {
    return this.decideAndSend(roomId, roomName, deviceId, deviceName, proposals).decision;
  }

  /**
   * `decide`, also answering the send itself (an automation records its command's confirmation or failure) and
   * whether the same command was already on its way.
   */
  decideAndSend(
    roomId: string,
    roomName: string,
    deviceId: string,
    deviceName: string,
    proposals: readonly Proposal[],
    /** How the winning command is carried out (an automation's transition). */
    options: CommandOptions = {},
  ): { decision?: Decision; sent: Promise<unknown> | null; alreadySending?: boolean } {
    if (proposals.length === 0) return { sent: null };
    const { command, winner, overruled } = arbitrate(proposals);
    if (!winner) return { sent: null };
    const key = JSON.stringify(command);
    if (command && this.inflight.get(deviceId) === key) return { sent: null, alreadySending: true };
    const why = [winner.text, ...winner.facts].filter(Boolean).join('; ');
    const decision: Decision = {
      deviceId,
      roomId,
      at: this.options.now(),
      writer: winner.writer,
      command,
      text: `${deviceName} → ${describeCommand(command, this.options.format?.(), winner.writer === 'rule')}: ${why}`,
      facts: winner.facts,
      overruled: overruled.map((p) => ({ writer: p.writer, text: p.text })),
      ...(winner.automation ? { automation: winner.automation } : {}),
    };
    const previous = this.why(deviceId);
    // A hold that says the same thing again is not news; an automation's write it overrules is.
    const ruleWrite = proposals.some((p) => p.writer === 'rule' && p.command);
    if (!command && !ruleWrite && previous && previous.command === null && previous.text === decision.text) return { sent: null };
    this.record(decision);
    let sent: Promise<unknown> | null = null;
    if (command) {
      this.inflight.set(deviceId, key);
      this.inflightCommands.set(deviceId, command);
      const source: CommandSource = winner.automation
        ? { kind: 'automation', rule: winner.automation.name }
        : { kind: 'automation', rule: `${roomName}: ${winner.writer}` };
      sent = this.options.send(deviceId, command, source, options);
      sent
        .catch((error: unknown) => this.options.onError?.(deviceId, error))
        .finally(() => {
          if (this.inflight.get(deviceId) !== key) return;
          this.inflight.delete(deviceId);
          this.inflightCommands.delete(deviceId);
          this.options.onSettled?.(roomId, deviceId);
        });
    }
    return { decision, sent };
  }

  /**
   * Record a write that needs no arbitration — an automation's command to a device in no room, or to what the rooms
   * never write (a speaker's volume) — so "why?" reads it like any other. The caller sends it.
   */
  recordDirect(decision: Decision): void {
    this.record(decision);
  }

  /**
   * Record a change a person made (in the app or at the device) as the manual writer's decision, so
   * "why?" reads it from the record like any other. Nothing is sent: the person's command already was.
   */
  recordManual(roomId: string, deviceId: string, deviceName: string, command: Command, text: string): Decision {
    const decision: Decision = {
      deviceId,
      roomId,
      at: this.options.now(),
      writer: 'manual',
      command,
      text: `${deviceName} → ${describeCommand(command, this.options.format?.())}: ${text}`,
      facts: [],
      overruled: [],
      byHand: true,
    };
    this.record(decision);
    return decision;
  }

  isSending(deviceId: string): boolean {
    return this.inflight.has(deviceId);
  }

  /** The command on its way to a device (what its next reports answer, even when it clamps a value). */
  sending(deviceId: string): Command | undefined {
    return this.inflightCommands.get(deviceId);
  }

  /** The newest decision for a device. */
  why(deviceId: string): Decision | undefined {
    return this.latest.get(deviceId)?.at(-1);
  }

  history(deviceId: string): readonly Decision[] {
    return this.latest.get(deviceId) ?? [];
  }

  private record(decision: Decision): void {
    const list = this.latest.get(decision.deviceId) ?? [];
    list.push(decision);
    if (list.length > (this.options.keep ?? 20)) list.shift();
    this.latest.set(decision.deviceId, list);
    this.options.onDecision?.(decision);
  }
}
