/**
 * What a restore would change, asked before anything is applied: the hub's own sentence ("This backup
 * removes the room Study and the person Bob…"), the changes by kind with names, and Restore / Cancel.
 * Cancel changes nothing; the hub has applied nothing yet.
 */
import { useEffect, useRef } from 'react';
import type { ImportReport, RestorePreview as Preview } from '../../../../core/api/contract';
import { cleanText, type BackupSection, type RestoreChange } from '../../../../core/model';

const SECTION_WORDS: Record<BackupSection, string> = {
  rooms: 'Rooms',
  people: 'People',
  behaviours: 'Room settings',
  devices: 'Devices',
  settings: 'Settings',
  discovery: 'Added and ignored network devices',
  automations: 'Automations',
  scenes: 'Scenes',
};
const CHANGE_WORDS: Record<RestoreChange['change'], string> = { added: 'added', removed: 'removed', changed: 'changed' };
const ORDER: readonly BackupSection[] = [
  'rooms',
  'people',
  'behaviours',
  'automations',
  'scenes',
  'devices',
  'settings',
  'discovery',
];

export function RestorePreviewPanel({
  source,
  preview,
  busy,
  onConfirm,
  onCancel,
}: {
  /** "homeroom-backup-2026-03-10.json", "the backup of Tue 10 March". */
  source: string;
  preview: Extract<Preview, { ok: true }>;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The question is what matters now: move focus to it (keyboard and screen-reader users land on it).
  useEffect(() => heading.current?.focus(), []);
  const sections = ORDER.map((section) => ({ section, items: preview.changes.filter((c) => c.section === section) })).filter(
    (s) => s.items.length,
  );
  const nothing = preview.changes.length === 0;
  return (
    <div className="restore-preview" role="group" aria-labelledby="restore-preview-title">
      <h4 id="restore-preview-title" ref={heading} tabIndex={-1}>
        Restore {cleanText(source, 120)}?
      </h4>
      <p className="restore-preview__summary">{preview.summary}</p>
      {sections.length ? (
        <dl className="restore-preview__list">
          {sections.map(({ section, items }) => (
            <div key={section}>
              <dt>{SECTION_WORDS[section]}</dt>
              <dd>
                <ul>
                  {items.map((c) => (
                    <li key={`${c.change}:${c.id}`} data-change={c.change}>
                      <span className={`restore-preview__tag restore-preview__tag--${c.change}`}>{CHANGE_WORDS[c.change]}</span>{' '}
                      {cleanText(c.name, 120)}
                      {c.fields?.length ? <span className="restore-preview__fields"> ({c.fields.join(', ')})</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="restore-preview__note">
        A backup of everything as it is now is taken first, so this restore can be undone from the list of automatic backups.
      </p>
      <div className="settings-actions">
        <button type="button" className="button button--primary" disabled={busy || nothing} onClick={onConfirm}>
          {busy ? 'Restoring…' : 'Restore'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function RestoreProblems({
  source,
  problems,
}: {
  source: string;
  problems: Extract<ImportReport, { ok: false }>['problems'];
}) {
  return (
    <div className="restore-report" role="alert">
      <p>
        <strong>Nothing was restored.</strong> {cleanText(source, 120)} has{' '}
        {problems.length === 1 ? 'a problem' : `${problems.length} problems`}:
      </p>
      <ul>
        {problems.slice(0, 50).map((p, i) => (
          <li key={i}>
            {p.path ? <code>{p.path}</code> : null}
            {p.path ? ': ' : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
