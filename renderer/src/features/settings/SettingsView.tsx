/**
 * Settings: General, Broker and Backup. Each section is its own component (exported from ./sections) so the
 * router can mount one per address (/settings/general, /settings/backup …); until then a tab switch here.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { SETTINGS_SECTIONS, type SettingsSectionId } from './sections';
import './settings.css';

export function SettingsView({
  section: controlled,
  onSection,
}: {
  /** The section shown, when a router owns it; otherwise the view keeps its own. */
  section?: SettingsSectionId;
  onSection?(section: SettingsSectionId): void;
} = {}) {
  const [own, setOwn] = useState<SettingsSectionId>('general');
  const section = controlled ?? own;
  const select = (next: SettingsSectionId) => {
    if (onSection) onSection(next);
    if (controlled === undefined) setOwn(next);
  };
  const base = useId();
  const current = SETTINGS_SECTIONS.find((s) => s.id === section) ?? SETTINGS_SECTIONS[0]!;
  const Section = current.Component;
  const onKeyDown = (event: KeyboardEvent) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const i = SETTINGS_SECTIONS.findIndex((s) => s.id === section);
    const next = SETTINGS_SECTIONS[(i + delta + SETTINGS_SECTIONS.length) % SETTINGS_SECTIONS.length]!;
    select(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };
  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page__head">
        <h2 id="settings-title">Settings</h2>
      </header>
      <div className="settings-tabs" role="tablist" aria-label="Settings sections" onKeyDown={onKeyDown}>
        {SETTINGS_SECTIONS.map((s) => (
          <button
            key={s.id}
            id={`${base}-tab-${s.id}`}
            type="button"
            role="tab"
            aria-selected={s.id === section}
            aria-controls={`${base}-panel`}
            tabIndex={s.id === section ? 0 : -1}
            className="settings-tabs__tab"
            onClick={() => select(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-tab-${section}`} className="settings-panel">
        <Section />
      </div>
    </section>
  );
}
