/**
 * The editor's live sentence: "When Hall motion detects motion, and it is after sunset, turn on Hall light at 30 %
 * and turn it off 5 minutes after the motion stops". Pure; names come from the caller (ids are shown when unknown).
 */
import { durationMs, type Action, type AutomationDraft, type Condition, type StateField, type Trigger } from './automation';
import type { Command } from './command';
import { durationWords, fieldLabel, sunWords, valueWords, weekdaysWords } from './automation-words';

interface Named {
  name: string;
}
/** Anything with names by id: a World, or the editor's pickers. */
export interface Names {
  devices: ReadonlyMap<string, Named>;
  rooms: ReadonlyMap<string, Named>;
  people: ReadonlyMap<string, Named>;
  scenes?: ReadonlyMap<string, Named>;
}

const name = (map: ReadonlyMap<string, Named> | undefined, id: string) => map?.get(id)?.name ?? id;

/** [becomes true, becomes false, has been true, has been false]. */
const BOOLEAN_PHRASES: Partial<Record<StateField, [string, string, string, string]>> = {
  motion: ['detects motion', 'stops detecting motion', 'has detected motion', 'has detected no motion'],
  occupancy: ['detects someone', 'no longer detects anyone', 'has detected someone', 'has detected nobody'],
  contact: ['closes', 'opens', 'has been closed', 'has been open'],
  power: ['turns on', 'turns off', 'has been on', 'has been off'],
  'media.muted': ['is muted', 'is unmuted', 'has been muted', 'has been unmuted'],
};

const held = (t: { for?: string | number }) => (t.for === undefined ? 0 : (durationMs(t.for) ?? 0));

/** "Hall motion detects motion", "it is 07:30 on weekdays", "Kitchen has been vacant for 10 minutes". */
export function triggerPhrase(t: Trigger, names: Names, _zone?: string): string {
  switch (t.type) {
    case 'state': {
      const dev = name(names.devices, t.device);
      const ms = held(t);
      const phrases = BOOLEAN_PHRASES[t.capability];
      if (phrases && typeof t.to === 'boolean')
        return ms > 0
          ? `${dev} ${t.to ? phrases[2] : phrases[3]} for ${durationWords(ms)}`
          : `${dev} ${t.to ? phrases[0] : phrases[1]}`;
      const label = `${dev} ${fieldLabel(t.capability)}`;
      const from = t.from !== undefined ? ` from ${valueWords(t.capability, t.from)}` : '';
      const to = t.to !== undefined ? ` to ${valueWords(t.capability, t.to)}` : '';
      return ms > 0
        ? `${label} has been ${t.to !== undefined ? valueWords(t.capability, t.to) : 'unchanged'} for ${durationWords(ms)}`
        : `${label} changes${from}${to}`;
    }
    case 'numeric': {
      const label = `${name(names.devices, t.device)} ${fieldLabel(t.capability)}`;
      const range =
        t.above !== undefined && t.below !== undefined
          ? `between ${valueWords(t.capability, t.above)} and ${valueWords(t.capability, t.below)}`
          : t.above !== undefined
            ? `above ${valueWords(t.capability, t.above)}`
            : `below ${valueWords(t.capability, t.below!)}`;
      const ms = held(t);
      if (ms > 0) return `${label} has been ${range} for ${durationWords(ms)}`;
      return t.above !== undefined && t.below === undefined
        ? `${label} rises ${range}`
        : t.below !== undefined && t.above === undefined
          ? `${label} drops ${range}`
          : `${label} comes ${range}`;
    }
    case 'time': {
      const days = weekdaysWords(t.weekdays);
      return `it is ${t.at}${days ? ` ${days}` : ''}`;
    }
    case 'cron':
      return `the schedule “${t.cron}” is due`;
    case 'sun': {
      const offset = durationMs(t.offset ?? 0) ?? 0;
      return offset === 0 ? (t.event === 'sunset' ? 'the sun sets' : 'the sun rises') : `it is ${sunWords(t.event, offset)}`;
    }
    case 'room': {
      const room = name(names.rooms, t.room);
      const ms = held(t);
      return ms > 0 ? `${room} has been ${t.to} for ${durationWords(ms)}` : `${room} becomes ${t.to}`;
    }
    case 'person': {
      const who = t.person ? name(names.people, t.person) : 'anyone';
      const where = t.room ? name(names.rooms, t.room) : 'home';
      return t.event === 'arrives' ? `${who} arrives ${t.room ? `in ${where}` : 'home'}` : `${who} leaves ${where}`;
    }
    case 'availability': {
      const ms = held(t);
      const dev = name(names.devices, t.device);
      return ms > 0 ? `${dev} has been ${t.to} for ${durationWords(ms)}` : `${dev} goes ${t.to}`;
    }
    case 'hubStarted':
      return 'the hub starts';
    case 'event':
      return `${name(names.devices, t.device)} reports ${t.event ? `“${t.event}”` : 'an event'}`;
  }
}

export function conditionPhrase(c: Condition, names: Names): string {
  switch (c.type) {
    case 'state':
      return `${name(names.devices, c.device)} ${fieldLabel(c.capability)} is ${valueWords(c.capability, c.is)}`;
    case 'numeric': {
      const range = [
        c.above !== undefined ? `above ${valueWords(c.capability, c.above)}` : '',
        c.below !== undefined ? `below ${valueWords(c.capability, c.below)}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return `${name(names.devices, c.device)} ${fieldLabel(c.capability)} is ${range}`;
    }
    case 'time': {
      const window =
        c.after && c.before
          ? `between ${c.after} and ${c.before}`
          : c.after
            ? `after ${c.after}`
            : c.before
              ? `before ${c.before}`
              : '';
      const days = weekdaysWords(c.weekdays);
      return `it is ${[window, days].filter(Boolean).join(' ')}`;
    }
    case 'weekday':
      return `it is ${weekdaysWords(c.weekdays) || 'any day'}`;
    case 'sun': {
      const parts = [
        c.after ? `after ${sunWords(c.after, durationMs(c.afterOffset ?? 0) ?? 0)}` : '',
        c.before ? `before ${sunWords(c.before, durationMs(c.beforeOffset ?? 0) ?? 0)}` : '',
      ].filter(Boolean);
      return `it is ${parts.join(' and ')}`;
    }
    case 'room':
      return `${name(names.rooms, c.room)} is ${c.is}`;
    case 'person': {
      const where = c.room ? `in ${name(names.rooms, c.room)}` : 'home';
      if (c.person) return `${name(names.people, c.person)} is ${c.present ? '' : 'not '}${where}`;
      return c.present ? `someone is ${where}` : `nobody is ${where}`;
    }
    case 'and':
      return c.conditions.map((x) => conditionPhrase(x, names)).join(' and ');
    case 'or':
      return `either ${c.conditions.map((x) => conditionPhrase(x, names)).join(' or ')}`;
    case 'not':
      return c.conditions.length === 1
        ? `not (${conditionPhrase(c.conditions[0]!, names)})`
        : `none of (${c.conditions.map((x) => conditionPhrase(x, names)).join('; ')})`;
  }
}

/** "on at 30 %", "off", "21 °C heat", "paused" — what a command sets, without a verb. */
export function commandWords(c: Command): string {
  const parts: string[] = [];
  if (c.power === true) parts.push('on');
  if (c.power === false) parts.push('off');
  const level: string[] = [];
  if (c.brightness !== undefined) level.push(`${Math.round(c.brightness)} %`);
  if (c.colorTemperature !== undefined) level.push(`${Math.round(c.colorTemperature)} K`);
  if (c.color) level.push(`colour ${Math.round(c.color.hue)}°/${Math.round(c.color.saturation)} %`);
  if (c.climate?.targetTemperature !== undefined) level.push(`${c.climate.targetTemperature} °C`);
  if (c.climate?.mode !== undefined) level.push(c.climate.mode);
  if (c.climate?.preset !== undefined) level.push(`preset ${c.climate.preset}`);
  if (c.media?.action)
    level.push(
      { play: 'playing', pause: 'paused', stop: 'stopped', next: 'next track', previous: 'previous track' }[c.media.action],
    );
  if (c.media?.volume !== undefined) level.push(`volume ${c.media.volume} %`);
  if (c.media?.muted !== undefined) level.push(c.media.muted ? 'muted' : 'unmuted');
  if (level.length > 0) parts.push(parts.length > 0 ? `at ${level.join(' ')}` : level.join(' '));
  return parts.join(' ');
}

/** "turn on Hall light at 30 %", "turn off all lights in Kitchen", "set Hall TRV to 21 °C heat". */
function commandPhrase(target: string, c: Command): string {
  const rest = { ...c };
  delete rest.power;
  const level = Object.keys(rest).length > 0 ? commandWords(rest) : '';
  // "turn on Hall light", but "turn it on".
  const turn = (how: string) => (target === 'it' ? `turn it ${how}` : `turn ${how} ${target}`);
  if (c.power === true) return `${turn('on')}${level ? ` at ${level}` : ''}`;
  if (c.power === false) return `${turn('off')}${level ? ` (${level})` : ''}`;
  if (c.media?.action && Object.keys(c).length === 1)
    return `${{ play: 'play', pause: 'pause', stop: 'stop', next: 'skip to the next track on', previous: 'go back a track on' }[c.media.action]} ${target}`;
  return `set ${target} to ${level}`;
}

function targetOf(a: Extract<Action, { type: 'command' }>, names: Names): string {
  if (a.device !== undefined) return name(names.devices, a.device);
  const room = name(names.rooms, a.room ?? '');
  const what = a.kind
    ? `all ${a.kind === 'switch' ? 'switches' : `${a.kind}s`}`
    : a.capability
      ? `everything with ${fieldLabel(a.capability as StateField)}`
      : 'everything';
  return `${what} in ${room}`;
}

/** What "after" a wait for the end of something reads as: "the motion stops". */
function endPhrase(t: Trigger, names: Names): string {
  if (t.type === 'state' && t.to === false && t.capability === 'motion') return 'the motion stops';
  if (t.type === 'state' && t.to === false && t.capability === 'occupancy')
    return `${name(names.devices, t.device)} no longer detects anyone`;
  if (t.type === 'room' && t.to === 'vacant') return `${name(names.rooms, t.room)} empties`;
  const { for: _drop, ...bare } = t as Trigger & { for?: unknown };
  return triggerPhrase(bare as Trigger, names);
}

function actionPhrases(actions: readonly Action[], names: Names): string[] {
  const out: string[] = [];
  let lastDevice: string | undefined;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    const next = actions[i + 1];
    // "wait for X to hold for 5 minutes, then command the same device" reads as "turn it off 5 minutes after X".
    if (
      a.type === 'wait' &&
      next?.type === 'command' &&
      next.device !== undefined &&
      next.device === lastDevice &&
      next.command &&
      'for' in a.trigger &&
      a.trigger.for !== undefined
    ) {
      const ms = durationMs(a.trigger.for) ?? 0;
      out.push(`${commandPhrase('it', next.command)} ${durationWords(ms)} after ${endPhrase(a.trigger, names)}`);
      i++;
      continue;
    }
    switch (a.type) {
      case 'command':
        if (a.scene !== undefined) out.push(`apply the scene ${name(names.scenes, a.scene)}`);
        else out.push(commandPhrase(targetOf(a, names), a.command!));
        lastDevice = a.device;
        break;
      case 'delay':
        out.push(`wait ${durationWords(durationMs(a.for) ?? 0)}`);
        break;
      case 'wait': {
        const timeout = a.timeout === undefined ? '' : ` (at most ${durationWords(durationMs(a.timeout) ?? 0)})`;
        out.push(`wait until ${triggerPhrase(a.trigger, names)}${timeout}`);
        break;
      }
      case 'choose': {
        const branches = a.when.map(
          (b, n) =>
            `${n === 0 ? 'if' : 'else if'} ${b.conditions.length ? b.conditions.map((c) => conditionPhrase(c, names)).join(' and ') : 'always'}, ${joinAnd(actionPhrases(b.actions, names))}`,
        );
        if (a.otherwise) branches.push(`otherwise ${joinAnd(actionPhrases(a.otherwise, names))}`);
        out.push(branches.join('; '));
        break;
      }
      case 'notify':
        out.push(`notify “${a.text}”`);
        break;
      case 'stop':
        out.push('stop');
        break;
    }
  }
  return out;
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The whole sentence. Incomplete drafts read as far as they go ("When …, do nothing yet"). */
export function describeAutomation(a: Pick<AutomationDraft, 'triggers' | 'conditions' | 'actions'>, names: Names): string {
  const when = a.triggers.length
    ? a.triggers.map((t) => triggerPhrase(t, names)).join(' or ')
    : 'nothing has been chosen to start it';
  const conditions = a.conditions.length ? `, and ${a.conditions.map((c) => conditionPhrase(c, names)).join(' and ')}` : '';
  const actions = a.actions.length ? joinAnd(actionPhrases(a.actions, names)) : 'do nothing yet';
  return `When ${when}${conditions}, ${actions}`;
}
