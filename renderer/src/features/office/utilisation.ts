/** The utilisation report as a CSV file (RFC 4180: quoted where needed, CRLF), pure. */
import type { UtilisationRow } from '../../../../core/model/meeting';

const HEADER = [
  'room',
  'week_start',
  'booked_hours',
  'used_hours',
  'meetings',
  'ghost_meetings_released',
  'ended_early',
  'conditioning_hours_saved',
];

function cell(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function utilisationCsv(rows: readonly UtilisationRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.name,
        r.weekStart.slice(0, 10),
        r.bookedHours,
        r.usedHours,
        r.meetings,
        r.released,
        r.endedEarly,
        r.conditioningSavedHours,
      ]
        .map(cell)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}
