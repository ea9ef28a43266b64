import type { Diagnostic } from '../model';
import type { DiagnosticInput } from '../integrations/integration';
import { cleanText } from '../model';

/**
 * The last N things that went wrong (malformed configs, payloads that are not JSON…),
 * kept for the diagnostics panel. Repeats of the same message on the same subject are
 * folded so one chattering device cannot flush everything else out.
 */
export class DiagnosticsLog {
  private items: Diagnostic[] = [];
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 200,
  ) {}

  add(input: DiagnosticInput): Diagnostic {
    const subject = cleanText(input.subject, 300);
    const message = cleanText(input.message, 500);
    const detail = input.detail === undefined ? undefined : cleanText(input.detail, 2000);
    const existing = this.items.findIndex((d) => d.subject === subject && d.message === message);
    if (existing >= 0) this.items.splice(existing, 1);
    const diagnostic: Diagnostic = { id: ++this.seq, at: this.now(), level: input.level, subject, message, detail };
    this.items.push(diagnostic);
    if (this.items.length > this.capacity) this.items.shift();
    return diagnostic;
  }

  list(): Diagnostic[] {
    return [...this.items].reverse();
  }
}
