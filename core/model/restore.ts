/**
 * What restoring a backup would change, as the hub answers before it applies anything
 * (`previewRestore`) and as the restore report counts it. The diff itself is computed in
 * core/store/backup-diff.ts; the sentence a person reads is built here, so the hub, REST
 * clients and the renderer say the same thing. Pure.
 */
import { z } from 'zod';

export const BACKUP_SECTIONS = [
  'rooms',
  'people',
  'behaviours',
  'devices',
  'settings',
  'discovery',
  'automations',
  'scenes',
] as const;
export const BackupSection = z.enum(BACKUP_SECTIONS);
export type BackupSection = z.infer<typeof BackupSection>;

export const RestoreChange = z.object({
  section: BackupSection,
  change: z.enum(['added', 'removed', 'changed']),
  /** The item's id in its section (room id, person id, device id, setting key). */
  id: z.string(),
  /** What a person calls it: the room's or person's name, the device's name, the setting's label. */
  name: z.string(),
  /** For `changed`: which fields differ (`name`, `climate.comfortHeatC`, …). */
  fields: z.array(z.string()).optional(),
});
export type RestoreChange = z.infer<typeof RestoreChange>;

export const ChangeCounts = z.object({ added: z.number(), removed: z.number(), changed: z.number() });
export type ChangeCounts = z.infer<typeof ChangeCounts>;
export const RestoreCounts = z.object({
  rooms: ChangeCounts,
  people: ChangeCounts,
  behaviours: ChangeCounts,
  devices: ChangeCounts,
  settings: ChangeCounts,
  discovery: ChangeCounts,
  automations: ChangeCounts,
  scenes: ChangeCounts,
});
export type RestoreCounts = z.infer<typeof RestoreCounts>;

export function countChanges(changes: readonly RestoreChange[]): RestoreCounts {
  const counts = Object.fromEntries(BACKUP_SECTIONS.map((s) => [s, { added: 0, removed: 0, changed: 0 }])) as RestoreCounts;
  for (const c of changes) counts[c.section][c.change] += 1;
  return counts;
}

const NOUN: Record<BackupSection, [one: string, many: string]> = {
  rooms: ['room', 'rooms'],
  people: ['person', 'people'],
  behaviours: ['room setting', 'room settings'],
  devices: ['device', 'devices'],
  settings: ['setting', 'settings'],
  discovery: ['discovery decision', 'discovery decisions'],
  automations: ['automation', 'automations'],
  scenes: ['scene', 'scenes'],
};

/** "a, b and c". */
export function listWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "the room Study", "the rooms Study and Den", "4 rooms"; behaviours read "the room settings of Office". */
function group(section: BackupSection, items: readonly RestoreChange[]): string {
  const [one, many] = NOUN[section];
  if (items.length > 2) return `${items.length} ${many}`;
  const names = listWords(items.map((i) => i.name));
  if (section === 'behaviours') return `the room settings of ${names}`;
  return `the ${items.length === 1 ? one : many} ${names}`;
}

/**
 * One sentence: "This backup removes the room Study and the person Bob, adds the room Den and changes 3 room
 * settings and the setting Units." Rooms and people are added or removed; everything else "changes" (a behaviour
 * or device override that the backup lacks goes back to its defaults, which is a change too). `done` reads as the
 * report of a restore that happened ("Restored: removed the room Study …").
 */
export function restoreSummary(changes: readonly RestoreChange[], tense: 'preview' | 'done' = 'preview'): string {
  if (!changes.length)
    return tense === 'preview'
      ? 'This backup matches the hub as it is: restoring it changes nothing.'
      : 'Restored: nothing differed from the backup.';
  const of = (section: BackupSection, kinds: RestoreChange['change'][]) =>
    changes.filter((c) => c.section === section && kinds.includes(c.change));
  const phrases = (kinds: RestoreChange['change'][], sections: readonly BackupSection[]) =>
    sections.map((s) => of(s, kinds)).flatMap((items) => (items.length ? [group(items[0]!.section, items)] : []));
  const named = ['rooms', 'people', 'automations', 'scenes'] as const;
  const removes = phrases(['removed'], named);
  const adds = phrases(['added'], named);
  const changesWords = [
    ...phrases(['changed'], named),
    ...phrases(['added', 'removed', 'changed'], ['behaviours', 'devices', 'settings', 'discovery']),
  ];
  const [remove, add, change] = tense === 'preview' ? ['removes', 'adds', 'changes'] : ['removed', 'added', 'changed'];
  const clauses = [
    removes.length ? `${remove} ${listWords(removes)}` : '',
    adds.length ? `${add} ${listWords(adds)}` : '',
    changesWords.length ? `${change} ${listWords(changesWords)}` : '',
  ].filter(Boolean);
  const body = clauses.length > 1 ? `${clauses.slice(0, -1).join(', ')} and ${clauses.at(-1)}` : clauses[0];
  return tense === 'preview' ? `This backup ${body}.` : `Restored: ${body}.`;
}

/** A name in the data folder's `backups/`: `homeroom-2026-11-23.json` or `homeroom-2026-11-23T10-15-00-before-restore.json`. */
export const BackupName = z
  .string()
  .max(100)
  .regex(/^homeroom-\d{4}-\d{2}-\d{2}(T\d{2}-\d{2}-\d{2}-before-restore)?\.json$/, 'must be the name of a backup in the list');
export type BackupName = z.infer<typeof BackupName>;

export const StoredBackup = z.object({
  name: BackupName,
  /** When it was taken (ms since the epoch). */
  at: z.number(),
  /** `daily`: taken by the hub once a day; `before-restore`: taken just before a restore was applied (to undo it). */
  kind: z.enum(['daily', 'before-restore']),
  bytes: z.number(),
});
export type StoredBackup = z.infer<typeof StoredBackup>;
