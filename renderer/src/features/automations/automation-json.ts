/**
 * Export and import of automations as JSON: the model's one form, so a file exported here can be imported on
 * another hub (or edited by hand). Pure; the hub validates every imported automation again when it is created.
 */
import { z } from 'zod';
import { Automation, AutomationDraft } from '../../../../core/model';

/** One automation exports as itself, all of them as `{ automations: [...] }`. */
export function exportJson(automations: readonly Automation[] | Automation): string {
  return JSON.stringify(Array.isArray(automations) ? { automations } : automations, null, 2);
}

export function exportFileName(automations: readonly Automation[] | Automation): string {
  if (Array.isArray(automations)) return 'homeroom-automations.json';
  const slug = (automations as Automation).id.replace(/[^a-z0-9-]+/gi, '-').slice(0, 60) || 'automation';
  return `homeroom-automation-${slug}.json`;
}

export type ImportItem = { ok: true; draft: AutomationDraft } | { ok: false; index: number; error: string };

const AllExport = z.object({ automations: z.array(z.unknown()) });

/**
 * The drafts in a file: one automation, an array, or an export of all. Ids are dropped, so an import never
 * replaces an automation already on the hub (the hub makes an id from the name).
 */
export function parseImport(text: string): ImportItem[] | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'The file is not JSON.' };
  }
  const all = AllExport.safeParse(raw);
  const list: unknown[] = Array.isArray(raw) ? raw : all.success ? all.data.automations : [raw];
  if (list.length === 0) return { error: 'The file has no automations.' };
  return list.map((item, index): ImportItem => {
    const withoutId = typeof item === 'object' && item !== null && !Array.isArray(item) ? { ...item, id: undefined } : item;
    const parsed = AutomationDraft.safeParse(withoutId);
    if (parsed.success) return { ok: true, draft: { ...parsed.data, id: undefined } };
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, index, error: `${where}${issue?.message ?? 'not an automation'}` };
  });
}

/** A copy to save as new: no id, "(copy)" in its name, off until the person turns it on. */
export function duplicateDraft(a: Automation): AutomationDraft {
  const { id: _id, ...rest } = a;
  return { ...rest, name: `${a.name} (copy)`.slice(0, 200), enabled: false };
}

/** The hub's reason without its own "did not run at 19:02: " lead, which the UI writes in the app's clock format. */
export function reasonText(reason: string): string {
  return reason.replace(/^did not run at .*?: /i, '');
}
