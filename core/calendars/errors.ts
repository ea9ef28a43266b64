/** Why a calendar could not be read, with the sentence people see (room page, diagnostics). */
import type { CalendarProblemKind } from '../model';

export class CalendarError extends Error {
  constructor(
    readonly kind: CalendarProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** Any failure as a CalendarError; what is not one already is described without internals. */
export function asCalendarError(error: unknown): CalendarError {
  if (error instanceof CalendarError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CalendarError('unreachable', `The calendar could not be read: ${message}`);
}
