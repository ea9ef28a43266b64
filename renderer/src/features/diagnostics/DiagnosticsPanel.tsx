import { cleanText } from '../../../../core/model';
import { useClock, useHub } from '../../store/context';
import { Badge } from '../../ui/Badge';
import { CloseIcon } from '../../ui/icons';

/** Hub diagnostics (malformed device configs, rejected payloads, …), newest first. */
export function DiagnosticsPanel({ onClose }: { onClose(): void }) {
  const diagnostics = useHub((s) => s.diagnostics);
  const version = useHub((s) => s.hubVersion);
  const items = [...diagnostics].reverse();
  const clock = useClock();
  return (
    <aside className="diag" aria-labelledby="diag-title">
      <header className="diag__head">
        <h2 id="diag-title">Diagnostics</h2>
        <button type="button" className="icon-button" aria-label="Close diagnostics" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {version ? <p className="diag__meta">Hub version {cleanText(version)}</p> : null}
      {items.length === 0 ? (
        <p className="diag__empty">Nothing to report. Everything the hub has seen made sense.</p>
      ) : (
        <ul className="diag__list">
          {items.map((d) => (
            <li key={d.id} className="diag__item" data-level={d.level}>
              <div className="diag__row">
                <Badge tone={d.level === 'error' ? 'bad' : d.level === 'warning' ? 'warn' : 'info'}>{d.level}</Badge>
                <span className="diag__subject">{cleanText(d.subject, 120)}</span>
                <time className="diag__time" dateTime={new Date(d.at).toISOString()}>
                  {clock.withDay(d.at, Date.now())}
                </time>
              </div>
              <p className="diag__message">{cleanText(d.message, 500)}</p>
              {d.detail ? (
                <details className="diag__detail">
                  <summary>Details</summary>
                  <pre>{d.detail.slice(0, 4000)}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
