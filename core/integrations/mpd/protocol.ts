/**
 * The MPD text protocol, pure (protocols/speakers/mpd): greeting `OK MPD x.y.z`, commands as
 * one line with double-quoted arguments, answers as `key: value` lines ending in `OK` or in one
 * `ACK [error@listNum] {command} message` line; command lists separate results with `list_OK`.
 */

export const GREETING = /^OK MPD (\d+\.\d+\.\d+)$/;
const ACK = /^ACK \[(\d+)@(\d+)\] \{([^}]*)\} ?(.*)$/;

/** MPD's error numbers we act on (src/protocol/Ack.hxx). */
export const ACK_ERRORS = { password: 3, permission: 4, noExist: 50 } as const;

export class MpdAckError extends Error {
  constructor(
    readonly code: number,
    readonly listIndex: number,
    readonly command: string,
    readonly text: string,
  ) {
    super(`MPD refused "${command}": ${text} (error ${code})`);
    this.name = 'MpdAckError';
  }
}

/** The version from a greeting line, or undefined when the peer is not MPD. */
export function parseGreeting(line: string): string | undefined {
  return GREETING.exec(line)?.[1];
}

export function parseAck(line: string): MpdAckError | undefined {
  const m = ACK.exec(line);
  return m ? new MpdAckError(Number(m[1]), Number(m[2]), m[3]!, m[4]!) : undefined;
}

/** Whether `line` ends one answer: `OK`, or an ACK (which also ends a command list). */
export function isTerminator(line: string): boolean {
  return line === 'OK' || line.startsWith('ACK [');
}

/**
 * One argument on the wire. MPD's tokenizer takes a double-quoted string with backslash escapes,
 * so every argument is quoted and `"`/`\` escaped; line breaks would end the command, so they are refused.
 */
export function quoteArg(arg: string | number): string {
  const text = String(arg);
  if (/[\r\n]/.test(text)) throw new Error('MPD arguments cannot contain line breaks');
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function commandLine(name: string, ...args: (string | number)[]): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not an MPD command name: ${name}`);
  return [name, ...args.map(quoteArg)].join(' ');
}

/** Several commands in one round trip; each result ends in `list_OK`. */
export function commandList(lines: string[]): string[] {
  return lines.length === 1 ? lines : ['command_list_ok_begin', ...lines, 'command_list_end'];
}

/** `key: value` lines → pairs in order (keys repeat, e.g. `changed:`); `list_OK` and `OK` are skipped. */
export function parsePairs(lines: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const line of lines) {
    const i = line.indexOf(': ');
    if (i > 0) out.push([line.slice(0, i), line.slice(i + 2)]);
  }
  return out;
}

/** Pairs → object; the first value of a repeated key wins (a song's first Artist). */
export function pairsToRecord(pairs: readonly [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) if (!(k in out)) out[k] = v;
  return out;
}

/** A command list's answer split at `list_OK` into one line group per command. */
export function splitListResults(lines: readonly string[]): string[][] {
  const groups: string[][] = [[]];
  for (const line of lines) {
    if (line === 'list_OK') groups.push([]);
    else if (line !== 'OK') groups[groups.length - 1]!.push(line);
  }
  if (groups.length > 1 && groups[groups.length - 1]!.length === 0) groups.pop();
  return groups;
}

/** `idle`'s answer → the subsystems that changed. */
export function parseIdle(lines: readonly string[]): string[] {
  return parsePairs(lines)
    .filter(([k]) => k === 'changed')
    .map(([, v]) => v);
}
